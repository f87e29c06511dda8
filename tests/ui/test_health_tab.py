"""The health tab of the person form (issue 21): checked live like the other fields, saved with
the form as one undo step, the tier shown, a manual tier only with a reason."""

import datetime as dt

from sqlalchemy import select

from gridoffice.domain import health_tiers as ht
from gridoffice.services.health import profiles as health_profiles
from gridoffice.services.health import tiers as health_tiers
from gridoffice.store.models import HealthProfile, Person
from gridoffice.ui.context import AppContext
from gridoffice.ui.roster.person_form import PersonForm


def _old_person(db):
    cut = dt.date.today().replace(year=dt.date.today().year - 70)
    with db.reading() as s:
        return s.scalars(select(Person.id).join(HealthProfile, HealthProfile.person_id == Person.id)
                         .where(Person.status == "在册", Person.birth_date <= cut).order_by(Person.id)).first()


def test_live_validation_save_and_undo(qtbot, village):
    pid = _old_person(village)
    before = health_profiles.get(village, pid)
    context = AppContext(village)
    form = PersonForm(context, pid)
    qtbot.addWidget(form)
    tab = form.health_tab
    assert "分" in tab.tier_label.text()
    tab.diseases.setText("")
    tab.chronic.setCurrentText(ht.CHRONIC_UNSTABLE)
    assert tab.error_labels["chronic_diseases"].isVisibleTo(tab) and not form.save_button.isEnabled()
    tab.diseases.setText("高血压")
    tab.vaccine.setCurrentText(ht.VACCINE_NONE)
    tab.doses.setValue(2)
    assert "0" in tab.error_labels["vaccine_doses"].text() and not form.save_button.isEnabled()
    tab.doses.setValue(0)
    tab.last.setText("")
    tab.mobility.setChecked(True)
    assert form.save_button.isEnabled(), tab.errors()
    tab.manual.setCurrentIndex(tab.manual.findData(ht.RED))
    assert not form.save_button.isEnabled()  # a manual tier needs its reason
    tab.reason.setText("独居，近期摔倒")
    assert form.save_button.isEnabled()
    with qtbot.waitSignal(form.accepted):  # saved in the pool
        form.save()
    saved = health_profiles.get(village, pid)
    assert (saved.chronic_state, saved.vaccine_state, saved.mobility_limited) == (ht.CHRONIC_UNSTABLE, ht.VACCINE_NONE, True)
    assert health_tiers.manual_of(village, pid) == (ht.RED, "独居，近期摔倒")
    context.undo_stack.undo()  # one step takes back the form
    assert health_profiles.get(village, pid) == before
    assert health_tiers.manual_of(village, pid) is None


def test_a_young_person_is_not_tiered_and_needs_no_record(qtbot, village):
    with village.reading() as s:
        pid = s.scalars(select(Person.id).where(Person.birth_date > dt.date(2000, 1, 1))).first()
    form = PersonForm(AppContext(village), pid)
    qtbot.addWidget(form)
    assert "不分级" in form.health_tab.tier_label.text()
    assert form.health_tab.edit().empty


def test_signing_with_a_family_doctor_from_the_form(qtbot, village):
    from PySide6.QtCore import QDate

    from gridoffice.services.health import signing

    with village.reading() as s:
        pid = s.scalars(select(Person.id).where(Person.status == "在册").order_by(Person.id)).first()
    signing.sign(village, pid, None)
    context = AppContext(village)
    form = PersonForm(context, pid)
    qtbot.addWidget(form)
    tab = form.health_tab
    assert tab.doctor.currentData() is None and tab.doctor.count() > 1
    tab.doctor.setCurrentIndex(1)
    tab.signed_on.setDate(QDate(2023, 1, 5))
    tab.expires_on.setDate(QDate(2023, 1, 4))
    assert not form.save_button.isEnabled() and tab.error_labels["signing"].text()
    tab.expires_on.setDate(QDate(2024, 1, 4))
    assert form.save_button.isEnabled()
    with qtbot.waitSignal(form.accepted):  # saved in the pool
        form.save()
    assert signing.current(village, pid) == (tab.doctor.itemData(1), dt.date(2023, 1, 5), dt.date(2024, 1, 4))
    context.undo_stack.undo()
    assert signing.current(village, pid) is None

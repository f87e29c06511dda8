"""The person form's check asks the database again only when a question changes (``persons.Lookups``)."""

from sqlalchemy import event, select

from gridoffice.domain.codes import HEAD_RELATION
from gridoffice.services.roster import persons as rp
from gridoffice.store.models import Person


def test_lookups_ask_once_per_question_and_give_the_same_answers(village) -> None:
    with village.reading() as s:
        head = s.scalars(select(Person).where(Person.relation == HEAD_RELATION, Person.id_number.is_not(None),
                                              Person.status == "在册", Person.deleted_at.is_(None))).first()
        other = s.scalars(select(Person).where(Person.id_number.is_not(None), Person.id != head.id)).first()
    statements: list[str] = []
    event.listen(village.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    # a new member typing the other person's ID, as 户主 of the head's household
    typed = rp.PersonInput(head.name, head.household_id, "户主", other.id_number, birth_date=head.birth_date)
    plain = rp.check_person(village, typed)
    asked = len(statements)
    lookups = rp.Lookups()
    first = rp.check_person(village, typed, lookups=lookups)
    assert len(statements) == 2 * asked  # the first check asks what a plain one asks
    for note in ("一", "一二", "一二三"):  # keystrokes in the note: nothing asked again
        again = rp.check_person(village, rp.PersonInput(**{**typed.__dict__, "note": note}), lookups=lookups)
        assert again.errors == first.errors == plain.errors and again.warnings == first.warnings
        assert again.duplicate is not None and plain.duplicate is not None
        assert (again.duplicate.person_id, str(again.duplicate)) == (plain.duplicate.person_id, str(plain.duplicate))
    assert len(statements) == 2 * asked
    assert other.name in first.errors["id_number"] and head.name in first.errors["relation"]
    # another ID: only that question is asked again
    fresh = rp.check_person(village, rp.PersonInput(**{**typed.__dict__, "id_number": ""}), lookups=lookups)
    assert "id_number" not in fresh.errors and head.name in fresh.errors["relation"]
    assert len(statements) <= 2 * asked + 1

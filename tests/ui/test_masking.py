import pytest

from gridoffice.ui.widgets import masking


@pytest.fixture(autouse=True)
def fresh_switch():
    masking.switch().forget()
    yield
    masking.switch().forget()


def test_off_by_default_shows_values(qapp):
    assert not masking.masked()
    assert masking.display_id("510124199001011234") == "510124199001011234"
    assert masking.display_phone("13812345678") == "13812345678"


def test_switch_on_masks_is_remembered_and_signals(qtbot):
    with qtbot.waitSignal(masking.switch().changed) as blocker:
        masking.switch().set(True)
    assert blocker.args == [True]
    assert masking.display_id("510124199001011234") == "510124********1234"
    assert masking.display_phone("13812345678") == "138****5678"
    assert masking.display_field("phone", "13812345678") == "138****5678"
    assert "1990010" not in masking.display_field("", '{"id_number": "510124199001011234"}')
    assert masking.display_id(None) == "" and masking.display_field("note", None) == ""
    masking.switch().forget()
    assert masking.masked(), "kept in the per-user settings"
    masking.switch().set(False)
    assert masking.display_id("510124199001011234") == "510124199001011234"

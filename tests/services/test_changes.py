from gridoffice.services.changes import Change


def test_undo_returns_the_inverse_whose_undo_redoes():
    state = {"name": "甲"}

    def rename(new: str) -> Change:
        old = state["name"]
        state["name"] = new
        return Change.of(f"改名为{new}", {"person": [1]}, undo=lambda: rename(old))

    change = rename("乙")
    assert change.tables == {"person"} and change.rows["person"] == {1}
    inverse = change.undo()
    assert state["name"] == "甲"
    inverse.undo()
    assert state["name"] == "乙"


def test_merged_changes_undo_in_reverse_order():
    log: list[str] = []

    def step(name: str) -> Change:
        log.append(name)
        return Change.of(name, {"t": [len(log)]}, undo=lambda: step("undo " + name))

    both = step("a").merged(step("b"), "a+b")
    assert both.rows["t"] == {1, 2}
    both.undo()
    assert log[-2:] == ["undo b", "undo a"]

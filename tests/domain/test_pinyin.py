import pytest

from gridoffice.domain import pinyin


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("王秀英", "wangxiuying", "wxy"),
        ("张伟", "zhangwei", "zw"),
        ("单田芳", "shantianfang", "stf"),
        ("曾国藩", "zengguofan", "zgf"),
        ("解缙", "xiejin", "xj"),
        ("朴正", "piaozheng", "pz"),
        ("仇英", "qiuying", "qy"),
        ("区志明", "ouzhiming", "ozm"),
        ("查良", "zhaliang", "zl"),
        ("盖伟", "gewei", "gw"),
        ("乐嘉", "yuejia", "yj"),
        ("欧阳修", "ouyangxiu", "oyx"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("梁䶮", "liangyan", "ly"),
    ],
)
def test_surname_readings_and_compound_surnames(name, full, initials):
    assert pinyin.full(name) == full
    assert pinyin.initials(name) == initials


def test_stray_spaces_and_latin_letters():
    assert pinyin.full(" 王 秀英 ") == "wangxiuying"
    assert pinyin.initials("李A") == "la"
    assert pinyin.full("") == ""


def test_dictionaries_parsed_in_pieces_are_pypinyins_own(tmp_path, monkeypatch):
    """The piecewise parse (so a save in the pool does not freeze the window) gives exactly the
    dictionaries pypinyin's one ``json.loads`` gives, in the same order; any other layout is
    parsed whole."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    for name in ("pinyin_dict", "phrases_dict"):
        path = folder / f"{name}.json"
        whole = json.loads(path.read_text(encoding="utf-8"))
        pieces = pinyin.load_in_pieces(path)
        assert pieces == whole and list(pieces) == list(whole)
    odd = tmp_path / "odd.json"
    odd.write_text('{"一": [["yī"]], "二": [["èr"]]}', encoding="utf-8")
    assert pinyin.load_in_pieces(odd) == {"一": [["yī"]], "二": [["èr"]]}
    monkeypatch.setattr(pinyin, "PIECE", 1)  # every entry a piece of its own
    spaced = tmp_path / "spaced.json"
    spaced.write_text('{\n"a": 1,\n"b": {"c": [2, 3]},\n"d": "e,f"\n}\n', encoding="utf-8")
    assert pinyin.load_in_pieces(spaced) == {"a": 1, "b": {"c": [2, 3]}, "d": "e,f"}

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

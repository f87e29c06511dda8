"""Pinyin for names, so a clerk can type ``wxy`` for 王秀英 or ``shanlin`` for 单林.

pypinyin reads characters as in ordinary words; a surname has its own readings
(单 shàn, 曾 zēng, 解 xiè, 朴 piáo, 仇 qiú, 区 ōu, 查 zhā, 盖 gě, 乐 yuè …), and compound
surnames (欧阳, 尉迟, 万俟 …) are read as a unit. Both are handled here.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import threading
import types
from functools import cache, lru_cache
from pathlib import Path

from gridoffice import heap

# Single-character surnames whose surname reading differs from the common reading.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "朴": "piao", "仇": "qiu", "区": "ou",
    "查": "zha", "盖": "ge", "乐": "yue", "尉": "yu", "缪": "miao", "翟": "zhai",
    "秘": "bi", "种": "chong", "繁": "po", "覃": "qin", "召": "shao", "员": "yun",
    "长": "chang", "折": "she", "沈": "shen", "柏": "bai", "过": "guo", "藏": "zang",
    "華": "hua", "华": "hua", "任": "ren", "纪": "ji", "宓": "fu", "句": "gou", "隗": "wei",
    "颉": "xie", "郇": "huan", "洗": "xian", "冼": "xian", "贲": "ben", "阚": "kan",
    "谌": "chen", "莘": "shen", "应": "ying", "都": "du", "重": "chong", "车": "che",
    "宁": "ning", "能": "nai", "传": "chuan", "石": "shi", "薄": "bo", "祭": "zhai",
}

COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"), "司马": ("si", "ma"), "诸葛": ("zhu", "ge"), "上官": ("shang", "guan"),
    "尉迟": ("yu", "chi"), "皇甫": ("huang", "fu"), "令狐": ("ling", "hu"), "慕容": ("mu", "rong"),
    "夏侯": ("xia", "hou"), "东方": ("dong", "fang"), "公孙": ("gong", "sun"),
    "长孙": ("zhang", "sun"), "宇文": ("yu", "wen"), "司徒": ("si", "tu"), "万俟": ("mo", "qi"),
    "澹台": ("tan", "tai"), "单于": ("chan", "yu"), "端木": ("duan", "mu"), "西门": ("xi", "men"),
    "南宫": ("nan", "gong"), "轩辕": ("xuan", "yuan"), "呼延": ("hu", "yan"),
    "赫连": ("he", "lian"), "申屠": ("shen", "tu"), "闻人": ("wen", "ren"), "公羊": ("gong", "yang"),
    "太史": ("tai", "shi"), "钟离": ("zhong", "li"), "宗政": ("zong", "zheng"),
    "濮阳": ("pu", "yang"), "淳于": ("chun", "yu"), "仲孙": ("zhong", "sun"),
    "司空": ("si", "kong"), "亓官": ("qi", "guan"), "司寇": ("si", "kou"), "段干": ("duan", "gan"),
    "百里": ("bai", "li"), "东郭": ("dong", "guo"), "拓跋": ("tuo", "ba"), "第五": ("di", "wu"),
}


_ENTRY = re.compile(r'^"[^"\n]*": ', re.MULTILINE)  # a top-level key of pypinyin's pretty-printed JSON
PIECE = 2000  # entries parsed by one json.loads call: ~2 ms, so other threads run between pieces
_loading = threading.Lock()


def load_in_pieces(path: Path) -> dict[str, object]:
    """The JSON object in ``path``, parsed a few thousand entries at a time. pypinyin parses its
    phrase dictionary (2.5 MB) in one ``json.loads`` call that holds the GIL ~0.4–1 s: a save
    in the pool froze the window that long. The same dictionary, exactly (a file laid out
    otherwise is parsed whole)."""
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for i, m in enumerate(_ENTRY.finditer(text)) if i % PIECE == 0]
    end = text.rstrip().rfind("}")
    if not starts or not text.lstrip().startswith("{") or end < starts[-1]:
        return json.loads(text)
    out: dict[str, object] = {}
    for first, after in zip(starts, [*starts[1:], end], strict=True):
        out.update(json.loads("{" + text[first:after].rstrip().rstrip(",") + "}"))
    return out


def _preload_dictionaries() -> None:
    """Put pypinyin's two dictionaries, parsed piecewise, where its own modules would put them,
    before pypinyin is imported (it then finds them in ``sys.modules``)."""
    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        return  # pypinyin loads them itself
    for name, convert in (("pinyin_dict", True), ("phrases_dict", False)):
        path = Path(folders[0]) / f"{name}.json"
        if f"pypinyin.{name}" in sys.modules or not path.is_file():
            continue
        table = load_in_pieces(path)
        module = types.ModuleType(f"pypinyin.{name}")
        setattr(module, name, {int(k): v for k, v in table.items()} if convert else table)
        sys.modules[module.__name__] = module


def _import_pypinyin() -> None:
    """pypinyin, imported when first needed, its dictionaries parsed piecewise with the
    collector paused (its full passes over the growing dictionary held the GIL longest)."""
    if "pypinyin" in sys.modules:
        return
    with _loading, heap.building():
        if "pypinyin" not in sys.modules:
            _preload_dictionaries()
            import pypinyin  # noqa: F401  (its segmenter then learns the phrases: a Python loop)


def ready() -> bool:
    """pypinyin and its dictionaries are loaded (the first pinyin of a run loads them)."""
    return "pypinyin" in sys.modules


def prepare() -> None:
    """Load pypinyin ahead of need (a form that may save a new name asks, in the pool)."""
    _import_pypinyin()


def _convert(text: str) -> tuple[str, ...]:
    _import_pypinyin()
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s.lower())))  # type: ignore[arg-type, return-value]


@cache
def _char(ch: str) -> tuple[str, ...]:
    return _convert(ch)


@lru_cache(maxsize=65536)
def _chars(text: str) -> tuple[str, ...]:
    """pypinyin's reading. A name holding no word of its phrase dictionary is read character by
    character, which is what pypinyin does then too — from a per-character cache (an import of
    10,000 names spent ~3 s converting each name afresh); a name with a word goes to pypinyin."""
    _import_pypinyin()
    from pypinyin.constants import PHRASES_DICT

    n = len(text)
    if any(text[i:j] in PHRASES_DICT for i in range(n) for j in range(i + 2, n + 1)):
        return _convert(text)
    return tuple(syllable for ch in text for syllable in _char(ch))


def syllables(name: str) -> list[str]:
    """One syllable per character (a non-Chinese character stands for itself, lower-cased)."""
    return list(_syllables(name))


@lru_cache(maxsize=65536)
def _syllables(name: str) -> tuple[str, ...]:
    """Per distinct name (a roster repeats names; ``full`` and ``initials`` both ask)."""
    name = "".join(name.split())
    if not name:
        return ()
    if name[:2] in COMPOUND_SURNAMES:
        return (*COMPOUND_SURNAMES[name[:2]], *_chars(name[2:])) if len(name) > 2 else COMPOUND_SURNAMES[name[:2]]
    head = SURNAME_READINGS.get(name[0])
    if head is None:
        return _chars(name)
    return (head, *_chars(name[1:])) if len(name) > 1 else (head,)


def full(name: str) -> str:
    """``单田芳`` → ``shantianfang``."""
    return "".join(_syllables(name))


def initials(name: str) -> str:
    """``王秀英`` → ``wxy``."""
    return "".join(s[0] for s in _syllables(name) if s)

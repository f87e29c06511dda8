"""Build resources/fonts/GridOfficeSans-{Regular,Bold}.ttf from Noto Sans CJK SC (build time only).

reportlab embeds only TrueType (glyf) outlines; Noto Sans CJK ships CFF. This script, run once
by a developer (fontTools is a build-time tool, not a runtime dependency of GridOffice):

1. takes face 2 (Noto Sans CJK SC) of the Debian ``fonts-noto-cjk`` collections;
2. subsets it to what a grid office prints: Latin, punctuation, symbols, kana, bopomofo and
   every CJK ideograph the font has (Unified, Ext A and the Ext B–G characters it carries,
   e.g. 𠇔 U+201D4 and 𬍛 U+2C35B used in names); Hangul is dropped (about 11,000 glyphs no
   Chinese name or address needs); hinting and OpenType layout tables are dropped (reportlab
   uses neither);
3. converts the cubic CFF outlines to quadratic glyf outlines (fontTools cu2qu, max error 1
   unit of 1000, invisible at print size);
4. renames the family to "GridOffice Sans" (a modified version under the SIL OFL 1.1 must not
   carry the Reserved Font Name of the original; the copyright and licence records stay).

Usage::

    pip install fonttools
    python packaging/fonts/make_font.py [--out resources/fonts]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

SOURCE = Path("/usr/share/fonts/opentype/noto")
FACE_SC = 2  # index of "Noto Sans CJK SC" in the .ttc collections
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
FAMILY = "GridOffice Sans"
HANGUL = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)]
MAX_ERR = 1.0  # font units (em = 1000)


def wanted_unicodes(font: TTFont) -> list[int]:
    return sorted(u for u in font.getBestCmap() if not any(a <= u <= b for a, b in HANGUL))


def do_subset(font: TTFont) -> None:
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted_unicodes(font))
    sub.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """The fontTools otf2ttf recipe: draw every CFF charstring through cu2qu into a glyf pen."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentElements = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and reportlab does not need them
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    head = font["head"]
    head.glyphDataFormat = 0
    head.indexToLocFormat = 1
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, weight: str) -> None:
    table = font["name"]
    full = f"{FAMILY} {weight}" if weight != "Regular" else FAMILY
    ps = f"GridOfficeSans-{weight}"
    for rec in list(table.names):
        if rec.nameID in (1, 16):
            table.setName(FAMILY, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 4:
            table.setName(full, 4, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            table.setName(ps, 6, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 3:
            table.setName(f"{ps};derived from Noto Sans CJK SC 2.004", 3, rec.platformID,
                          rec.platEncID, rec.langID)


def build(weight: str, out: Path) -> Path:
    font = TTFont(SOURCE / WEIGHTS[weight], fontNumber=FACE_SC, lazy=False)
    do_subset(font)
    cff_to_glyf(font)
    rename(font, weight)
    target = out / f"GridOfficeSans-{weight}.ttf"
    font.save(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "resources" / "fonts")
    parser.add_argument("--weight", choices=sorted(WEIGHTS), action="append")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for weight in args.weight or sorted(WEIGHTS):
        path = build(weight, args.out)
        check = TTFont(path).getBestCmap()
        missing = [c for c in "䶮𠇔堃喆赟昇𬍛Aa0" if ord(c) not in check]
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB  {len(check)} characters  missing: {missing}")


if __name__ == "__main__":
    main()

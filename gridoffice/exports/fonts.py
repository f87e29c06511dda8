"""The bundled CJK font, registered with reportlab once per process.

``resources/fonts/GridOfficeSans-{Regular,Bold}.ttf`` is Noto Sans CJK SC converted to
TrueType outlines (packaging/fonts/make_font.py; SIL OFL 1.1, resources/fonts/OFL.txt). It
carries every ideograph of Noto Sans CJK SC, including the rare name characters 䶮 U+4DAE,
𠇔 U+201D4 and 𬍛 U+2C35B, so no fallback font is needed. reportlab embeds a subset of it in
every PDF.
"""

from __future__ import annotations

import threading
from importlib import resources

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "GridOfficeSans"
BOLD = "GridOfficeSans-Bold"
FILES = {REGULAR: "GridOfficeSans-Regular.ttf", BOLD: "GridOfficeSans-Bold.ttf"}

_lock = threading.Lock()
_registered = False


def font_path(name: str = REGULAR) -> str:
    return str(resources.files("gridoffice.resources") / "fonts" / FILES[name])


def register() -> None:
    """Register both weights (idempotent; cheap after the first call)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        for name in FILES:
            pdfmetrics.registerFont(TTFont(name, font_path(name)))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        _registered = True


def has_glyph(text: str, name: str = REGULAR) -> list[str]:
    """The characters of ``text`` the font has no glyph for (empty: all print)."""
    register()
    cmap = pdfmetrics.getFont(name).face.charToGlyph
    return [c for c in text if ord(c) not in cmap and not c.isspace()]


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap writes ``<%04X>``, which breaks for characters beyond the BMP
    (𠇔 U+201D4 came back from text extraction as ” U+201D). Same CMap, with UTF-16BE values
    (surrogate pairs) as the PDF reference requires, so copy/paste and search find the names."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)

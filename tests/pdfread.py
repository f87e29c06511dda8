"""Reading generated PDFs back in tests: pages, sizes, text, embedded fonts and glyphs."""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile

MM = 72 / 25.4


@dataclass
class FontInfo:
    name: str
    embedded: bool
    glyph_sizes: dict[str, int]  # character → bytes of outline in the embedded subset


@dataclass
class Pdf:
    reader: PdfReader
    texts: list[str]
    fonts: dict[str, FontInfo]

    @property
    def pages(self) -> int:
        return len(self.reader.pages)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def size_mm(self, page: int = 0) -> tuple[int, int]:
        box = self.reader.pages[page].mediabox
        return round(float(box.width) / MM), round(float(box.height) / MM)

    def glyph(self, ch: str) -> int:
        """Largest outline size of ``ch`` over the embedded fonts (0: not drawn anywhere)."""
        return max((f.glyph_sizes.get(ch, 0) for f in self.fonts.values()), default=0)


def _tounicode(data: bytes) -> dict[int, str]:
    out = {}
    for code, value in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", data.split(b"beginbfchar", 1)[-1]):
        out[int(code, 16)] = bytes.fromhex(value.decode()).decode("utf-16-be", "surrogatepass")
    return out


def _format6_cmap(table: bytes) -> dict[int, int]:
    """reportlab writes a subset's cmap as one (1, 0) format-6 subtable: code → glyph."""
    _, count = struct.unpack(">HH", table[:4])
    for i in range(count):
        _, _, offset = struct.unpack(">HHI", table[4 + 8 * i:12 + 8 * i])
        fmt, = struct.unpack(">H", table[offset:offset + 2])
        if fmt == 6:
            first, entries = struct.unpack(">HH", table[offset + 6:offset + 10])
            ids = struct.unpack(f">{entries}H", table[offset + 10:offset + 10 + 2 * entries])
            return {first + i: gid for i, gid in enumerate(ids)}
    return {}


def read(path: str | Path, fonts_too: bool = True) -> Pdf:
    reader = PdfReader(str(path))
    texts = [page.extract_text() or "" for page in reader.pages]
    fonts: dict[str, FontInfo] = {}
    if fonts_too:
        for page in reader.pages:
            res = page.get("/Resources")
            if res is None or "/Font" not in res.get_object():
                continue
            for ref in res.get_object()["/Font"].get_object().values():
                font = ref.get_object()
                name = str(font["/BaseFont"])
                if name in fonts:
                    continue
                desc = font.get("/FontDescriptor")
                file2 = desc.get_object().get("/FontFile2") if desc is not None else None
                sizes: dict[str, int] = {}
                if file2 is not None and "/ToUnicode" in font:
                    tt = TTFontFile(io.BytesIO(file2.get_object().get_data()), validate=0)
                    code_to_glyph = _format6_cmap(tt.get_table("cmap"))
                    for code, ch in _tounicode(font["/ToUnicode"].get_object().get_data()).items():
                        gid = code_to_glyph.get(code)
                        if gid is not None and gid + 1 < len(tt.glyphPos):
                            sizes[ch] = tt.glyphPos[gid + 1] - tt.glyphPos[gid]
                fonts[name] = FontInfo(name, file2 is not None, sizes)
    return Pdf(reader, texts, fonts)

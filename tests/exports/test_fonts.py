from importlib import resources

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from gridoffice.exports import fonts

RARE = "䶮𠇔堃喆赟昇𬍛"


def test_bundled_font_and_licence_ship_in_the_package():
    folder = resources.files("gridoffice.resources") / "fonts"
    assert (folder / "OFL.txt").read_text("utf-8").count("SIL OPEN FONT LICENSE") >= 1
    for name in fonts.FILES.values():
        assert (folder / name).is_file()


def test_rare_name_characters_latin_and_digits_are_in_both_weights():
    for weight in (fonts.REGULAR, fonts.BOLD):
        assert fonts.has_glyph(RARE + "AZaz09·（）-", weight) == []
    assert fonts.has_glyph("가", fonts.REGULAR) == ["가"]  # Hangul was left out of the subset


def test_register_is_idempotent():
    fonts.register()
    fonts.register()
    from reportlab.pdfbase import pdfmetrics

    assert pdfmetrics.getFont(fonts.BOLD).face.name.startswith(b"GridOfficeSans")


def test_characters_beyond_the_bmp_extract_as_themselves(tmp_path):
    """reportlab's own ToUnicode CMap turns 𠇔 U+201D4 into ” U+201D; ours keeps it."""
    fonts.register()
    path = tmp_path / "t.pdf"
    c = Canvas(str(path), initialFontName=fonts.REGULAR)
    c.setFont(fonts.REGULAR, 20)
    c.drawString(40, 700, RARE + " Ab 12")
    c.save()
    assert PdfReader(str(path)).pages[0].extract_text().strip() == RARE + " Ab 12"

import dataclasses
import datetime as dt
import functools
import re
import shutil
import subprocess

import pytest

import tests.pdfread as pdfread
from gridoffice.domain.privacy import PublicContact as PC
from gridoffice.exports.poster import Poster, PosterText, Tier, write_posters

TEXT = PosterText("网格信息公示牌", "服务清单（五到家）", ("政策宣传到家", "民情收集到家"), "就医转诊路径",
                  ("村卫生室", "街道社区卫生服务中心", "区人民医院"), "监督电话", "028-12345", "扫一扫")


def poster(**changes) -> Poster:
    base = Poster(
        office="大弯街道办事处", community="禹庙村", general="第一网格", grid="第1微网格", code="YMC-01-01",
        covers="1组", households=57,
        tiers=(Tier("总网格", "禹庙村", (PC("总网格长", "李堃", "13800000001"), PC("社区民警", "王喆", "110"))),
               Tier("一般网格", "第一网格", (PC("一般网格长", "赵赟", "13800000002"),)),
               Tier("微网格", "第1微网格", (PC("微网格长", "䶮𠇔", "13800000003"),
                                           PC("微网格员", "刘昇", "13800000004"),
                                           PC("家庭医生", "陈𬍛", "028-87654321")))),
        text=TEXT, qr_target="tel:13800000003", printed_on=dt.date(2023, 1, 7))
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(("paper", "size"), [("A4", (210, 297)), ("A3", (297, 420))])
def test_a_poster_is_one_page_with_every_person_post_and_phone(tmp_path, paper, size):
    path = tmp_path / "p.pdf"
    assert write_posters([poster()], path, paper) == 1
    pdf = pdfread.read(path)
    assert pdf.pages == 1 and pdf.size_mm() == size
    flat = pdf.text.replace("\n", "")
    for tier in poster().tiers:
        for who in tier.contacts:
            assert who.name in flat and who.post in flat and who.phone in flat
    for text in ("网格信息公示牌", "禹庙村", "第1微网格", "住户 57 户", "政策宣传到家", "区人民医院",
                 "监督电话", "028-12345", "2023-01-07", "YMC-01-01", "大弯街道办事处"):
        assert text in flat, text
    assert pdf.fonts and all(f.embedded for f in pdf.fonts.values())
    assert all(re.match(r"/[A-Z]{6}\+GridOfficeSans", name) for name in pdf.fonts)  # subset


@functools.cache
def bundled_bold():
    from reportlab.pdfbase.ttfonts import TTFontFile

    from gridoffice.exports import fonts

    return TTFontFile(fonts.font_path(fonts.BOLD), validate=0)


def bundled_glyph_size(ch: str) -> int:
    tt = bundled_bold()
    gid = tt.charToGlyph[ord(ch)]
    return tt.glyphPos[gid + 1] - tt.glyphPos[gid]


def test_rare_characters_are_drawn_from_the_embedded_font(tmp_path):
    path = tmp_path / "p.pdf"
    write_posters([poster()], path)
    pdf = pdfread.read(path)
    for ch in "䶮𠇔堃喆赟昇𬍛":
        assert ch in pdf.text
        # its own outline (reportlab pads glyphs to 4 bytes), not an empty or .notdef box
        assert 0 <= pdf.glyph(ch) - bundled_glyph_size(ch) < 4 and pdf.glyph(ch) > 40, ch


def test_a_long_name_and_many_staff_stay_on_one_page_uncut(tmp_path):
    many = (PC("微网格长", "阿卜杜热合曼·买买提依明·艾合买提江", "028-87654321-8008"),
            *[PC("微网格员", f"欧阳娜{i}", f"139{i:08d}") for i in range(16)],
            PC("家庭医生", "Maria Gonzalez-Fernandez de la Vega", ""))
    long = poster(covers="锦绣花园1栋、2栋、3栋1–3单元，幸福里小区A区全部，滨河路88号院（含临街商铺）" * 3,
                  grid="第1微网格（锦绣花园片区联合微网格）",
                  tiers=(*poster().tiers[:2], Tier("微网格", "第1微网格（锦绣花园片区联合微网格）", many)))
    for paper in ("A4", "A3"):
        path = tmp_path / f"long-{paper}.pdf"
        assert write_posters([long], path, paper) == 1
        pdf = pdfread.read(path)
        assert pdf.pages == 1
        flat = pdf.text.replace("\n", "")
        for who in many:
            assert who.name in flat, who.name  # wrapped or shrunk, never cut
            assert who.phone in flat
        assert "（未登记）" in flat  # a missing phone says so


def test_many_posters_one_file_and_no_qr_when_no_target(tmp_path):
    path = tmp_path / "p.pdf"
    items = [poster(code=f"C{i}", qr_target="" if i else "https://example.org/grid") for i in range(3)]
    assert write_posters(items, path, "A4") == 3
    pdf = pdfread.read(path, fonts_too=False)
    assert pdf.pages == 3 and all(f"C{i}" in pdf.texts[i] for i in range(3))


def test_unknown_paper_is_refused(tmp_path):
    with pytest.raises(ValueError, match="A4 或 A3"):
        write_posters([poster()], tmp_path / "p.pdf", "B5")


def test_photos_are_drawn_and_broken_photos_fall_back(tmp_path):
    from PIL import Image

    png = tmp_path / "face.png"
    Image.new("RGB", (30, 40), (40, 80, 160)).save(png)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    p = poster(tiers=(Tier("微网格", "第1微网格", (PC("微网格长", "甲", "1", str(png)),
                                                PC("微网格员", "乙", "2", str(broken)))),))
    path = tmp_path / "p.pdf"
    assert write_posters([p], path) == 1
    page = pdfread.read(path, fonts_too=False).reader.pages[0]
    xobjects = page["/Resources"]["/XObject"]
    kinds = {str(x.get_object()["/Subtype"]) for x in xobjects.values()}
    assert kinds == {"/Image", "/Form"}  # the photo, and the placeholder for the broken one


def test_a_micro_grid_without_any_staff_still_prints(tmp_path):
    path = tmp_path / "p.pdf"
    assert write_posters([poster(tiers=(), qr_target="")], path) == 1
    text = pdfread.read(path, fonts_too=False).text
    assert "第1微网格" in text and "尚未登记网格员" in text


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="zbar-tools / poppler not installed")
def test_the_qr_code_scans_to_its_target(tmp_path):
    path = tmp_path / "p.pdf"
    write_posters([poster(qr_target="tel:13800000003")], path)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-x", "1200", "-y", "2050",
                    "-W", "500", "-H", "290", str(path), str(tmp_path / "qr")], check=True)
    png = next(tmp_path.glob("qr*.png"))
    out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert out.stdout.strip() == "tel:13800000003"


def _crowded_team() -> Poster:
    """Eleven people in the micro-grid (a 微网格长, nine 微网格员, a family doctor), one with a
    four-character name: what a street's busiest micro-grid has."""
    team = (PC("微网格长", "孔红敏", "17769980362"), *[PC("微网格员", f"苏凤晶{i}", f"1811606{i:04d}") for i in range(8)],
            PC("微网格员", "欧阳秀英", "13957162451"), PC("家庭医生", "唐杰文", "17553902083"))
    return poster(tiers=(*poster().tiers[:2], Tier("微网格", "第1微网格", team)))


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_a_crowded_team_stays_readable_at_one_metre(tmp_path, paper):
    from tests.pdf_sizes import runs

    crowded = _crowded_team()
    path = tmp_path / f"crowded-{paper}.pdf"
    assert write_posters([crowded], path, paper) == 1
    pdf = pdfread.read(path, fonts_too=False)
    assert pdf.size_mm() == ((210, 297) if paper == "A4" else (297, 420))  # A4 keeps A4: a staff table
    sizes = runs(path)
    people = [who for tier in crowded.tiers for who in tier.contacts]
    for who in people:
        name = [size for text, size in sizes if who.name in text]
        phone = [size for text, size in sizes if who.phone and who.phone in text]
        assert name and min(name) >= 14.0, (who.name, name)
        assert not who.phone or (phone and min(phone) >= 12.0), (who.phone, phone)
    posts = [size for text, size in sizes if text in {who.post for who in people}]
    assert posts and min(posts) >= 9.0


def test_a_micro_grid_without_a_doctor_says_so_in_the_doctors_place(tmp_path):
    team = (PC("微网格长", "孔红敏", "17769980362"), PC("微网格员", "苏凤晶", "18116065284"),
            PC("家庭医生", "待安排", ""))
    path = tmp_path / "gap.pdf"
    write_posters([poster(tiers=(*poster().tiers[:2], Tier("微网格", "第1微网格", team)))], path)
    flat = pdfread.read(path, fonts_too=False).text.replace("\n", "")
    assert "家庭医生" in flat and "待安排" in flat and "未登记" not in flat


def test_the_qr_code_is_encoded_once_per_poster_and_the_paper_choice_ignores_it(tmp_path, monkeypatch):
    """The A4/A3 check lays the board out on a canvas that draws nothing and without the QR code
    (it never moves the chain): the encoder runs once per page, and the check answers as a
    full drawing does."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from gridoffice.exports import fonts
    from gridoffice.exports import poster as module

    encoded: list[str] = []
    real = module.draw_qr
    monkeypatch.setattr(module, "draw_qr", lambda c, value, *a, **k: (encoded.append(value), real(c, value, *a, **k)))
    team = tuple(PC("微网格员", f"苏凤晶{i}", f"1811606{i:04d}") for i in range(11))
    packed = poster(tiers=tuple(Tier(t.level, t.grid, t.contacts + team) for t in poster().tiers), code="YMC-01-03")
    boards = [poster(), poster(qr_target="tel:13800000009", code="YMC-01-02"), _crowded_team(), packed]
    assert write_posters(boards, tmp_path / "four.pdf") == 4
    assert encoded == [b.qr_target for b in boards if b.qr_target]
    fonts.register()
    for board in boards:
        scratch = Canvas(io.BytesIO(), pagesize=A4, initialFontName=fonts.REGULAR)
        with_qr = module.draw_poster(scratch, dataclasses.replace(board, tiers=tuple(
            Tier(t.level, t.grid, tuple(dataclasses.replace(c, photo=None) for c in t.contacts)) for t in board.tiers)))
        assert module._readable_on(board, A4) == with_qr
    assert not module._readable_on(packed, A4)  # one board goes A3: both answers are checked

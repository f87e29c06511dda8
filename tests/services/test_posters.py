import dataclasses
import datetime as dt
import re

import pytest
from sqlalchemy import select

import tests.pdfread as pdfread
from gridoffice.domain.codes import Role
from gridoffice.services import posters
from gridoffice.store.models import Grid, Person, Post, Staff


def resident_ids_and_phones(db) -> set[str]:
    with db.reading() as s:
        ids = {x for x in s.scalars(select(Person.id_number)) if x}
        phones = {x for x in s.scalars(select(Person.phone)) if x}
    return ids | phones


def test_poster_data_follows_the_chain_of_one_micro_grid(village):
    (p,) = posters.posters(village, "YMC-01-01", dt.date(2023, 1, 7))
    assert (p.community, p.general, p.grid, p.code) == ("禹庙村", "第一网格", "第1微网格", "YMC-01-01")
    assert [t.level for t in p.tiers] == ["总网格", "一般网格", "微网格"]
    assert [c.post for c in p.tiers[0].contacts] == [Role.CHIEF, Role.INSTRUCTOR, Role.POLICE]
    assert [c.post for c in p.tiers[1].contacts] == [Role.GENERAL_LEADER]
    assert [c.post for c in p.tiers[2].contacts] == [Role.MICRO_LEADER, Role.MICRO_STAFF, Role.DOCTOR]
    assert p.covers == "1组" and p.households > 30
    leader = p.tiers[2].contacts[0]
    assert p.qr_target == f"tel:{leader.phone}"
    assert p.text.title == "网格信息公示牌" and len(p.text.services) == 5


def test_micro_grid_without_a_doctor_shows_the_gap(village, tmp_path):
    (p,) = posters.posters(village, "YMC-02-04")  # 第12微网格 has no family doctor in the demo
    doctor = [c for c in p.tiers[-1].contacts if c.post == Role.DOCTOR]
    assert [(c.name, c.phone) for c in doctor] == [("待安排", "")]
    assert p.tiers[-1].contacts[-1] == doctor[0]  # in the doctor's place, after the 微网格员
    out = tmp_path / "p.pdf"
    posters.write_posters_file(village, "YMC-02-04", out)
    flat = pdfread.read(out, fonts_too=False).text.replace("\n", "")
    assert "家庭医生" in flat and "待安排" in flat and "未登记" not in flat


def test_posters_under_a_general_grid_and_all(village):
    assert [p.code for p in posters.posters(village, "YMC-01")] == [f"YMC-01-{k:02d}" for k in range(1, 9)]
    assert len(posters.posters(village)) == 32
    with pytest.raises(LookupError, match="NOPE"):
        posters.posters(village, "NOPE")


def test_work_phone_wins_and_inactive_staff_are_left_out(village):
    with village.session() as s:
        grid = s.scalar(select(Grid).where(Grid.code == "YMC-01-01"))
        posts = s.scalars(select(Post).where(Post.grid_id == grid.id)).all()
        leader = next(p for p in posts if p.role == Role.MICRO_LEADER)
        leader.work_phone = "028-88886666"
        helper = next(p for p in posts if p.role == Role.MICRO_STAFF)
        s.get(Staff, helper.staff_id).active = False
    (p,) = posters.posters(village, "YMC-01-01")
    micro = p.tiers[-1].contacts
    assert micro[0].phone == "028-88886666" and p.qr_target == "tel:02888886666"
    assert Role.MICRO_STAFF not in [c.post for c in micro]


def test_relative_photo_paths_are_found_in_the_data_folder(village, _isolated_home):
    from PIL import Image

    (_isolated_home / "photos").mkdir()
    Image.new("RGB", (30, 40)).save(_isolated_home / "photos" / "a.png")
    with village.session() as s:
        grid = s.scalar(select(Grid).where(Grid.code == "YMC-01-01"))
        posts = s.scalars(select(Post).where(Post.grid_id == grid.id).order_by(Post.id)).all()
        s.get(Staff, posts[0].staff_id).photo_path = "photos/a.png"
        s.get(Staff, posts[1].staff_id).photo_path = "photos/missing.png"
    (p,) = posters.posters(village, "YMC-01-01")
    photos = [c.photo for c in p.tiers[-1].contacts]
    assert photos[0] == str(_isolated_home / "photos" / "a.png") and photos[1] is None


def test_settings_round_trip_with_undo(village):
    old = posters.load_settings(village)
    new = dataclasses.replace(old, title="禹庙村网格公示栏", hotline="028-8888 1234",
                              services="上门服务\n代办服务", qr_url="https://example.org/ymc")
    change = posters.save_settings(village, new)
    assert change.tables == frozenset({"setting"}) and change.undoable
    (p,) = posters.posters(village, "YMC-01-01")
    assert p.text.title == "禹庙村网格公示栏" and p.text.services == ("上门服务", "代办服务")
    assert p.qr_target == "https://example.org/ymc" and "了解更多" in p.text.qr_caption
    redo = change.undo()
    assert posters.load_settings(village) == old
    redo.undo()
    assert posters.load_settings(village) == new


def test_own_qr_caption_is_kept_with_a_url(village):
    conf = dataclasses.replace(posters.load_settings(village), qr_url="https://example.org",
                               qr_caption="扫码关注禹庙村")
    posters.save_settings(village, conf)
    assert posters.posters(village, "YMC-01-01")[0].text.qr_caption == "扫码关注禹庙村"


def test_no_resident_id_or_phone_on_any_poster_or_chart(village, tmp_path):
    """Every poster and the chart of the demo village, read back as text, against every
    resident's ID number and phone."""
    out = tmp_path / "all.pdf"
    assert posters.write_posters_file(village, None, out) == 32
    chart = tmp_path / "chart.pdf"
    assert posters.write_chart_file(village, None, chart) == 1
    folder = posters.write_posters_folder(village, tmp_path / "each", "A3")
    assert len(folder) == 32
    texts = [pdfread.read(out, fonts_too=False).text, pdfread.read(chart, fonts_too=False).text]
    texts += [pdfread.read(f, fonts_too=False).text for f in folder[:4]]
    numbers = set()
    for text in texts:
        numbers |= set(re.findall(r"\d{7,}[\dX]*", text.replace("\n", "")))
    with village.reading() as s:
        staff_phones = {x for x in s.scalars(select(Staff.phone)) if x}
    assert numbers & staff_phones  # the scan reads real phone numbers off the sheets
    forbidden = resident_ids_and_phones(village)
    assert len(forbidden) > 3000
    assert not numbers & forbidden
    for text in texts:
        flat = text.replace("\n", "")
        assert not [x for x in forbidden if x in flat]


def test_chart_of_one_community_and_bad_codes(village, tmp_path):
    (com,) = posters.chart(village, "YMC")
    assert len(com.generals) == 4 and sum(len(g.micros) for g in com.generals) == 32
    assert com.households == 1600
    with pytest.raises(LookupError, match="不是总网格"):
        posters.chart(village, "YMC-01")


def test_unwritable_output_is_a_clear_error(village, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(posters.OutputError, match="文件夹不存在"):
        posters.write_posters_file(village, "YMC-01-01", blocker / "sub" / "p.pdf")
    assert not list(tmp_path.glob("**/*.part"))


def test_a_missing_folder_is_refused_not_created(village, tmp_path):
    target = tmp_path / "typo" / "chart.pdf"
    with pytest.raises(posters.OutputError, match="文件夹不存在"):
        posters.write_chart_file(village, None, target)
    assert not (tmp_path / "typo").exists()


def test_a_read_only_folder_is_a_clear_error(village, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(posters, "write_posters", refuse)
    with pytest.raises(posters.OutputError, match="无法写入"):
        posters.write_posters_file(village, "YMC-01-01", tmp_path / "p.pdf")
    assert not list(tmp_path.glob("*.part"))


def test_default_wording_is_the_seeds_own(village, tmp_path):
    """The seed's 五到家 and its three-level referral path, as printed on a fresh database's board."""
    out = tmp_path / "one.pdf"
    assert posters.write_posters_file(village, "YMC-01-01", out) == 1
    flat = pdfread.read(out, fonts_too=False).text.replace("\n", "")
    for words in ("服务清单（五到家）", "送医到家", "温暖到家", "预防到家", "互助到家", "宣传到家",
                  "村卫生站", "街道社区卫生服务中心（发热门诊）", "区级医院"):
        assert words in flat
    assert "政策宣传到家" not in flat and "区人民医院" not in flat
    (p,) = posters.posters(village, "YMC-01-01")
    assert p.text.services == ("送医到家", "温暖到家", "预防到家", "互助到家", "宣传到家")


def test_a_board_open_in_a_pdf_reader_is_a_sentence_not_a_traceback(tmp_path, monkeypatch):
    """Windows refuses to replace a file another program holds open; Linux cannot show it, so
    the refusal is simulated."""
    import pytest

    from gridoffice.services import posters

    out = tmp_path / "公示牌.pdf"
    out.write_bytes(b"%PDF- old")

    def locked(src, dst):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr("gridoffice.store.outputs.os.replace", locked)
    with pytest.raises(posters.OutputError, match="PDF 阅读器"):
        posters._writing(None, out, lambda p: p.write_bytes(b"%PDF- new") and 1)
    assert out.read_bytes() == b"%PDF- old"
    assert [p.name for p in tmp_path.iterdir() if "公示牌" in p.name] == ["公示牌.pdf"]  # no temp left

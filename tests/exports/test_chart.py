import datetime as dt

import tests.pdfread as pdfread
from gridoffice.domain.privacy import PublicContact as PC
from gridoffice.exports.chart import (
    ChartCommunity,
    ChartGeneral,
    ChartMicro,
    plan_pages,
    write_chart,
)


def community(generals: int, micros: int) -> ChartCommunity:
    gens = tuple(
        ChartGeneral(f"第{g + 1}网格", f"C-{g + 1:02d}", micros * 50, (PC("一般网格长", f"长{g}", f"1390000{g:04d}"),),
                     tuple(ChartMicro(f"第{g * micros + k + 1}微网格", f"C-{g + 1:02d}-{k + 1:02d}", 50,
                                      (PC("微网格长", f"微{g}-{k}", f"1380{g:03d}{k:04d}"),))
                           for k in range(micros)))
        for g in range(generals))
    return ChartCommunity("锦绣社区", "C", generals * micros * 50,
                          (PC("总网格长", "李堃", "13800000000"), PC("网格指导员", "王喆", "13800000009")),
                          gens, "大弯街道")


def test_fifty_micro_grids_fit_one_a3_landscape_page(tmp_path):
    com = community(8, 6)  # 48 micro-grids
    path = tmp_path / "c.pdf"
    assert write_chart([com], path, dt.date(2023, 1, 7)) == 1
    pdf = pdfread.read(path)
    assert pdf.pages == 1 and pdf.size_mm() == (420, 297)
    flat = pdf.text.replace("\n", "")
    assert "锦绣社区" in flat and "李堃" in flat and "13800000000" in flat
    for gen in com.generals:
        assert gen.name in flat and gen.leaders[0].name in flat
        for micro in gen.micros:
            assert micro.name in flat and micro.contacts[0].name in flat and micro.contacts[0].phone in flat
    assert all(f.embedded for f in pdf.fonts.values())


def test_a_large_community_goes_across_pages_and_nothing_is_lost(tmp_path):
    com = community(16, 9)  # 144 micro-grids
    pages = plan_pages(com)
    assert len(pages) > 1
    path = tmp_path / "c.pdf"
    assert write_chart([com], path) == len(pages)
    pdf = pdfread.read(path, fonts_too=False)
    flat = pdf.text.replace("\n", "")
    assert all(f"第{i}微网格" in flat for i in range(1, 145))
    assert f"（1/{len(pages)}）" in pdf.texts[0]


def test_a_very_deep_general_grid_takes_several_columns(tmp_path):
    com = community(2, 40)
    columns = [col for page in plan_pages(com) for col in page]
    assert len(columns) > 2 and sum(len(c.micros) for c in columns) == 80
    path = tmp_path / "c.pdf"
    write_chart([com], path)
    flat = pdfread.read(path, fonts_too=False).text.replace("\n", "")
    assert all(f"微{g}-{k}" in flat for g in range(2) for k in range(40))


def _crowded(com: ChartCommunity) -> ChartCommunity:
    """The first micro-grid gets a family doctor and nine 微网格员; one name has four characters."""
    gen = com.generals[0]
    first = gen.micros[0]
    people = (first.contacts[0], PC("家庭医生", "欧阳秀英", "13911112222"),
              *(PC("微网格员", f"员工{k}", f"1370000{k:04d}") for k in range(9)))
    micros = (ChartMicro(first.name, first.code, first.households, people), *gen.micros[1:])
    generals = (ChartGeneral(gen.name, gen.code, gen.households, gen.leaders, micros), *com.generals[1:])
    return ChartCommunity(com.name, com.code, com.households, com.contacts, generals, com.office)


def test_every_post_is_shown_or_counted_and_names_keep_their_size(tmp_path):
    import re

    from tests.pdf_sizes import runs, size_of

    com = _crowded(community(8, 6))
    path = tmp_path / "c.pdf"
    write_chart([com], path)
    flat = pdfread.read(path, fonts_too=False).text.replace("\n", "")
    assert "欧阳秀英" in flat and "13911112222" in flat  # the doctor, right after the leader
    staff = [f"员工{k}" for k in range(9)]
    shown = [n for n in staff if n in flat]
    if len(shown) < 9:
        more = re.search(r"等 (\d+) 人", flat)
        assert more and int(more.group(1)) == 9 - len(shown)
    four, two = size_of(path, "欧阳秀英"), size_of(path, "微0-1")
    assert four and two and set(four) == set(two), "a four-character name is written at the normal size"
    people = [size for text, size in runs(path) if re.fullmatch(r"1\d{10}|员工\d|微\d-\d|欧阳秀英", text)]
    assert people and min(people) >= 9.0, "names and phones at 9 pt or more"


def test_a_roomy_page_gives_every_post_its_own_line(tmp_path):
    com = _crowded(community(4, 3))
    path = tmp_path / "c.pdf"
    write_chart([com], path)
    flat = pdfread.read(path, fonts_too=False).text.replace("\n", "")
    assert all(f"员工{k}" in flat for k in range(9)) and "等 " not in flat

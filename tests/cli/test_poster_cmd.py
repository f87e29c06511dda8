import tests.pdfread as pdfread
from gridoffice.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_poster_for_one_grid_on_a3(capsys, village_path, tmp_path):
    out = tmp_path / "p.pdf"
    code, text, _ = run(capsys, "poster", "--db", str(village_path), "--grid", "YMC-01-02", "--out", str(out),
                        "--paper", "A3", "--on", "2023-01-07")
    assert code == 0 and "1 张" in text
    pdf = pdfread.read(out, fonts_too=False)
    assert pdf.pages == 1 and pdf.size_mm() == (297, 420) and "第2微网格" in pdf.text
    assert "2023-01-07" in pdf.text


def test_poster_all_into_a_folder_or_one_file(capsys, village_path, tmp_path):
    code, _, _ = run(capsys, "poster", "--db", str(village_path), "--all", "--out", str(tmp_path / "d"))
    assert code == 0 and len(list((tmp_path / "d").glob("*.pdf"))) == 32
    code, _, _ = run(capsys, "poster", "--db", str(village_path), "--all", "--one-file",
                        "--out", str(tmp_path / "all.pdf"))
    assert code == 0 and pdfread.read(tmp_path / "all.pdf", fonts_too=False).pages == 32


def test_poster_user_errors_are_one_line(capsys, village_path, tmp_path):
    code, _, err = run(capsys, "poster", "--db", str(village_path), "--grid", "NOPE", "--out", str(tmp_path / "p.pdf"))
    assert code == 2 and "NOPE" in err and err.strip().count("\n") == 0
    code, _, err = run(capsys, "poster", "--db", str(village_path), "--all", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "--one-file" in err


def test_chart_command(capsys, village_path, tmp_path):
    out = tmp_path / "c.pdf"
    code, _, _ = run(capsys, "chart", "--db", str(village_path), "--out", str(out))
    assert code == 0
    pdf = pdfread.read(out)
    assert pdf.pages == 1 and pdf.size_mm() == (420, 297) and "禹庙村" in pdf.text
    assert all(f.embedded for f in pdf.fonts.values())
    code, _, err = run(capsys, "chart", "--db", str(village_path), "--community", "YMC-01", "--out", str(out))
    assert code == 2 and "不是总网格" in err

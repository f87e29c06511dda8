"""Test set-up: offscreen Qt, data and settings in tmp_path, fresh SQLite files per test
(copied from templates built once per session)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("GRIDOFFICE_DB", None)

from gridoffice.store import Database


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("GRIDOFFICE_HOME", str(home))
    monkeypatch.delenv("GRIDOFFICE_DB", raising=False)
    return home


def _copy_db(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "empty.db"
    Database.open(str(path)).close()
    return path


@pytest.fixture(scope="session")
def village_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gridoffice.services.demo import core as demo

    path = tmp_path_factory.mktemp("templates") / "village.db"
    db = Database.open(str(path))
    demo.build(db, "village")
    with db.engine.connect() as conn:  # fold the WAL into the file so a plain copy is complete
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture(scope="session")
def village_year_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo village with a living office up to 2023-01-07: a year of matters, seventeen weeks of
    visits, two kit campaigns (``gridoffice demo --on 2023-01-07``)."""
    import datetime as dt

    from gridoffice.services.demo import core as demo

    path = tmp_path_factory.mktemp("templates") / "village-year.db"
    db = Database.open(str(path), operator="演示员")
    demo.build(db, "village", on=dt.date(2023, 1, 7))
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def village_year(tmp_path: Path, village_year_template: Path):  # type: ignore[no-untyped-def]
    """A copy of the village with a year of activity (a SQLite file on every backend)."""
    database = Database.open(str(_copy_db(village_year_template, tmp_path / "village-year.db")), operator="测试员")
    yield database
    database.close()


@pytest.fixture
def db_path(tmp_path: Path, empty_template: Path) -> Path:
    return _copy_db(empty_template, tmp_path / "test.db")


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    database = Database.open(str(db_path), operator="测试员")
    yield database
    database.close()


@pytest.fixture
def village_path(tmp_path: Path, village_template: Path) -> Path:
    return _copy_db(village_template, tmp_path / "village.db")


@pytest.fixture
def village(village_path: Path):  # type: ignore[no-untyped-def]
    database = Database.open(str(village_path), operator="测试员")
    yield database
    database.close()


# ---- PostgreSQL backend (issue 9) ---------------------------------------------------------
# ``GRIDOFFICE_TEST_BACKEND=postgres`` with ``GRIDOFFICE_TEST_PG_URL`` (set by .ci/run, which
# starts a private server) makes ``db`` / ``village`` fresh PostgreSQL databases per test, cloned
# from templates built once per worker; tests of SQLite files (``db_path`` / ``village_path``,
# marker ``sqlite``) are skipped there.
PG_URL = os.environ.get("GRIDOFFICE_TEST_PG_URL", "")
ON_POSTGRES = os.environ.get("GRIDOFFICE_TEST_BACKEND") == "postgres" and bool(PG_URL)


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if ON_POSTGRES:
        skip = pytest.mark.skip(reason="a SQLite-file test (running against PostgreSQL)")
        for item in items:
            if "sqlite" in item.keywords:
                item.add_marker(skip)


def _pg_admin(sql: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_templates(worker_id: str):  # type: ignore[no-untyped-def]
    """(empty, village) template database names for this xdist worker."""
    from gridoffice.services.demo import core as demo

    names = (f"go_tpl_empty_{worker_id}", f"go_tpl_village_{worker_id}")
    for name in names:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(f'CREATE DATABASE "{name}"')
    Database.open(_pg_url(names[0])).close()
    village_db = Database.open(_pg_url(names[1]))
    demo.build(village_db, "village")
    village_db.close()
    yield names
    for name in names:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


def _pg_clone(template: str):  # type: ignore[no-untyped-def]
    import uuid

    name = f"go_t_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    database = Database.open(_pg_url(name), operator="测试员")
    yield database
    database.close()
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if ON_POSTGRES:

    @pytest.fixture
    def db_path():  # type: ignore[no-redef]
        pytest.skip("a SQLite-file test (running against PostgreSQL)")

    @pytest.fixture
    def village_path():  # type: ignore[no-redef]
        pytest.skip("a SQLite-file test (running against PostgreSQL)")

    @pytest.fixture
    def db(pg_templates):  # type: ignore[no-redef,no-untyped-def]
        yield from _pg_clone(pg_templates[0])

    @pytest.fixture
    def village(pg_templates):  # type: ignore[no-redef,no-untyped-def]
        yield from _pg_clone(pg_templates[1])

@pytest.fixture(autouse=True, scope="session")
def _pyside_refcount_guard() -> None:
    """PySide6 6.12 on Python 3.11 leaks references to None / True (gridoffice/ui/widgets/refcount_guard.py);
    without the guard a long GUI test session aborts at exit with "none_dealloc"."""
    from gridoffice.ui.widgets import refcount_guard

    refcount_guard.install()

# ---- roster import (issue 5) --------------------------------------------------------------
ROSTER_HEADER = ["序号", "户号", "住址", "姓名", "与户主关系", "性别", "身份证号", "出生日期", "年龄", "联系电话", "微网格"]


def write_roster_file(path: Path, rows: list[list[object]], header: list[str] | None = None, *,
                      title: str | None = "禹庙村住户花名册", unit_line: bool = True,
                      merge_column: int | None = None, text_columns: tuple[int, ...] = ()) -> Path:
    """An untidy roster as clerks keep them: merged title, 填报单位 line, header, data rows.
    ``merge_column`` (0-based) merges each non-blank cell down over the blank ones below it."""
    from openpyxl import Workbook
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    header = header or ROSTER_HEADER
    width = max([len(header)] + [len(r) for r in rows])
    if title is not None:
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    if unit_line:
        ws.append(["填报单位（盖章）：禹庙村村委会", None, None, None, None, None, "填报日期：2023年1月7日"])
    ws.append(header)
    first_data = ws.max_row + 1
    for r in rows:
        ws.append(r)
    for col in text_columns:
        for row in ws.iter_rows(min_row=first_data, min_col=col + 1, max_col=col + 1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                cell.number_format = "@"
    if merge_column is not None:
        def value(i: int) -> object:
            return rows[i][merge_column] if merge_column < len(rows[i]) else None

        def blank_row(i: int) -> bool:
            return all(v in (None, "") for v in rows[i])

        i = 0
        while i < len(rows):
            end = i
            while end + 1 < len(rows) and value(end + 1) in (None, "") and not blank_row(end + 1):
                end += 1
            if end > i and value(i) not in (None, ""):
                # ws.merge_cells checks every existing range (quadratic); add the range directly
                merged = MergedCellRange(ws, CellRange(min_col=merge_column + 1, min_row=first_data + i,
                                                       max_col=merge_column + 1, max_row=first_data + end).coord)
                ws.merged_cells.ranges.add(merged)
                ws._clean_merge_range(merged)
            i = end + 1
    wb.save(path)
    return path


@pytest.fixture
def roster_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``roster_file(rows, header=None, **kw)`` writes an untidy roster xlsx and returns its path."""
    counter = iter(range(1, 10_000))

    def make(rows: list[list[object]], header: list[str] | None = None, name: str | None = None, **kw):  # type: ignore[no-untyped-def]
        return write_roster_file(tmp_path / (name or f"roster{next(counter)}.xlsx"), rows, header, **kw)

    return make


@pytest.fixture
def sample_roster() -> Path:
    return Path(__file__).parent / "data" / "roster_sample.xlsx"


@pytest.fixture(autouse=True)
def _no_job_outlives_its_test():  # type: ignore[no-untyped-def]
    """Background jobs (gridoffice/ui/ops.py) finish before the test's database goes away."""
    yield
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(30000)


from tests.held import slow_spy  # noqa: E402, F401  (the fixture: a service held in a pool thread)

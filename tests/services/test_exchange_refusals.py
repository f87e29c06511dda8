"""Issue 19, done means: a flipped byte, a wrong signature, a skipped sequence number, an
unregistered office and a newer schema each get their sentence and leave the street's database
untouched; an import that dies midway leaves all or nothing; the aggregate level carries no ID,
name or phone, the pseudonymous level no ID."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from gridoffice.services.exchange import ExchangeError, importing, keys, pkgfile, streetkey
from gridoffice.store.models import Person, Staff
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite


def _registered(offices) -> Path:  # type: ignore[no-untyped-def]
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    return first


def _refused(offices, package: Path, words: str) -> None:  # type: ignore[no-untyped-def]
    before = offices.fingerprint_of_street()
    with pytest.raises(ExchangeError) as err:
        importing.run(offices.street, package)
    assert re.search(words, err.value.for_cli()), err.value.for_cli()
    assert "\n" not in err.value.for_cli()
    assert "--" not in str(err.value) and "--" not in err.value.for_gui()  # the sentence names no CLI flag
    assert offices.fingerprint_of_street() == before


def _resigned(src: Path, target: Path, key, change) -> Path:  # type: ignore[no-untyped-def]
    """The package rewritten (``change`` edits the manifest) and signed with ``key``."""
    with zipfile.ZipFile(src) as zf:
        manifest = json.loads(zf.read(pkgfile.MANIFEST))
        members = {n: zf.read(n) for n in zf.namelist() if n not in (pkgfile.MANIFEST, pkgfile.SIGNATURE)}
    change(manifest)
    manifest.pop("members")
    pkgfile.write(target, manifest, members, key)
    return target


def test_a_flipped_byte_is_refused(offices, tmp_path):
    _registered(offices)
    delta = offices.send("AAA", full=True)
    data = bytearray(delta.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "flipped.gopkg"
    bad.write_bytes(bytes(data))
    _refused(offices, bad, "损坏或被改动")


def test_a_wrong_signature_is_refused(offices, tmp_path):
    _registered(offices)
    delta = offices.send("AAA")
    stranger = Ed25519PrivateKey.generate()  # signs as 甲村 with a key that is not 甲村's
    forged = _resigned(delta, tmp_path / "forged.gopkg", stranger,
                       lambda m: m["office"].update(public_key=keys.public_hex(stranger)))
    _refused(offices, forged, "密钥与登记的.*不符")
    body = bytearray(delta.read_bytes())  # or the signature itself replaced by another's
    with zipfile.ZipFile(delta) as zf, zipfile.ZipFile(tmp_path / "sig.gopkg", "w") as out:
        for name in zf.namelist():
            payload = zf.read(name)
            if name == pkgfile.SIGNATURE:
                payload = keys.sign(stranger, zf.read(pkgfile.MANIFEST)).encode()
            out.writestr(name, payload)
    assert body
    _refused(offices, tmp_path / "sig.gopkg", "损坏或被改动")


def test_a_skipped_sequence_number_waits_until_forced(offices):
    _registered(offices)
    offices.send("AAA")  # number 2, never delivered
    third = offices.send("AAA")
    _refused(offices, third, "第 2 号还没有导入")
    done = importing.run(offices.street, third, force=True)
    assert done.seq == 3 and not done.already


def test_an_unregistered_office_is_refused_with_its_fingerprint(offices):
    package = offices.send("BBB", full=True)
    with pytest.raises(ExchangeError):
        importing.run(offices.street, package)
    _refused(offices, package, r"尚未登记.*[0-9A-F]{4}-[0-9A-F]{4}.*package trust")


def test_a_newer_schema_is_refused(offices, tmp_path):
    _registered(offices)
    delta = offices.send("AAA")
    key = keys.private_key(offices.dbs["AAA"])
    newer = _resigned(delta, tmp_path / "newer.gopkg", key, lambda m: m.update(schema="9999_future"))
    _refused(offices, newer, "更新版本")


def test_an_import_that_dies_midway_leaves_nothing(offices, monkeypatch):
    package = offices.send("AAA", full=True)
    offices.trust(package)
    before = offices.fingerprint_of_street()
    real = importing._aggregate

    def dies(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # after every table's rows went in, before the commit

    monkeypatch.setattr(importing, "_aggregate", dies)
    with pytest.raises(KeyboardInterrupt):
        importing.run(offices.street, package)
    assert offices.fingerprint_of_street() == before
    monkeypatch.setattr(importing, "_aggregate", real)
    done = importing.run(offices.street, package)  # and then it goes in whole
    assert done.totals["added"]["person"] > 4000


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_an_import_killed_midway_leaves_nothing(offices):
    """A real kill (SIGKILL) of the importing process after every row went in, before the commit."""
    package = offices.send("AAA", full=True)
    offices.trust(package)
    before = offices.fingerprint_of_street()
    script = textwrap.dedent(f"""
        import os, signal
        from gridoffice.services.exchange import importing
        from gridoffice.store import Database
        importing._aggregate = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
        importing.run(Database.open({str(offices.street_path)!r}), __import__("pathlib").Path({str(package)!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=600, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert offices.fingerprint_of_street() == before


def _identifiers(db):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        persons = s.execute(select(Person.id_number, Person.name, Person.phone)).all()
        staff = s.execute(select(Staff.name, Staff.phone)).all()
    ids = {p.id_number for p in persons if p.id_number}
    names = {p.name for p in persons if p.name and len(p.name) >= 2}
    phones = {p.phone for p in persons if p.phone} | {s.phone for s in staff if s.phone}
    return ids, names, phones


def _text(package: Path) -> str:
    """Every member as text; the 汇总.xlsx by its cells."""
    import io

    from openpyxl import load_workbook

    out = []
    with zipfile.ZipFile(package) as zf:
        for name in zf.namelist():
            if name.endswith(".xlsx"):
                book = load_workbook(io.BytesIO(zf.read(name)), read_only=True)
                out += [f'"{v}"' for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                        for v in row if v is not None]
            else:
                out.append(zf.read(name).decode("utf-8"))
    assert "汇总.xlsx" in zf.namelist()
    return "\n".join(out)


def test_the_aggregate_level_carries_no_id_name_or_phone(offices):
    package = offices.send("AAA", full=True, level="aggregate")
    text = _text(package)
    ids, names, phones = _identifiers(offices.dbs["AAA"])
    assert len(ids) > 3000
    assert not [i for i in ids if i in text]
    assert not [p for p in phones if p in text]
    assert not re.search(r"(?<![0-9a-f])\d{17}[\dXx](?![0-9a-f])", text)
    words = set(re.findall(r'"([^"]*)"', text))
    assert not names & words  # no resident's name as a value
    offices.trust(package)
    done = offices.deliver("AAA", package)
    assert done.totals["added"].get("person", 0) == 0 and done.totals["added"]["grid"] > 30


def test_the_pseudonymous_level_carries_no_id(offices):
    with pytest.raises(ExchangeError):
        offices.send("AAA", full=True, level="pseudonymous")  # no street key yet: a sentence
    key = streetkey.street_key(offices.street, new=True)
    streetkey.street_key(offices.dbs["AAA"], value=key)
    package = offices.send("AAA", full=True, level="pseudonymous")
    text = _text(package)
    ids, _names, _phones = _identifiers(offices.dbs["AAA"])
    assert not [i for i in ids if i in text]
    assert not re.search(r"(?<![0-9a-f])\d{17}[\dXx](?![0-9a-f])", text)
    some = next(iter(ids))
    assert keys.id_key(key, some) in text  # the street can still match a person
    offices.trust(package)
    done = offices.deliver("AAA", package)
    assert done.totals["added"]["person"] > 4000

"""The English catalogue: complete, placeholders intact, the committed .qm built from the .ts,
the .ts up to date with the sources, and data strings (marked with N_) translated too."""

from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "gridoffice_en.ts"
QM = ROOT / "resources" / "translations" / "gridoffice_en.qm"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _build_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_translations", ROOT / "packaging" / "build_translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(path: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")]


def test_every_message_is_translated_with_the_same_placeholders() -> None:
    messages = _messages(TS)
    assert len(messages) > 1500
    problems = []
    for context, m in messages:
        source = m.findtext("source") or ""
        t = m.find("translation")
        assert t is not None
        text = t.text or ""
        if t.get("type") in ("unfinished", "obsolete", "vanished") or not text.strip():
            problems.append(f"{context}: {source!r} not translated")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"{context}: {source!r} → {text!r}: placeholders differ")
        elif source.count("\n") != text.count("\n") and "\n" not in source:
            problems.append(f"{context}: {source!r} → {text!r}: line breaks added")
    assert problems == []


def test_no_message_lands_in_a_context_nobody_looks_up() -> None:
    # pyside6-lupdate files a bare ``tr("…")`` statement that follows a
    # ``QCoreApplication.translate(…)`` statement under "QCoreApplication"; i18n.tr looks in "".
    contexts = {context for context, _ in _messages(TS)}
    assert "QCoreApplication" not in contexts
    assert "" in contexts


def test_committed_qm_is_built_from_the_committed_ts(tmp_path: Path) -> None:
    build = _build_module()
    fresh = tmp_path / "fresh.qm"
    build.release(TS, fresh)
    assert fresh.read_bytes() == QM.read_bytes(), "run: python packaging/build_translations.py"


def test_ts_is_up_to_date_with_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new tr() string not yet in the catalogue (or an untranslated one) fails here."""
    build = _build_module()
    copy = tmp_path / "gridoffice_en.ts"
    shutil.copy(TS, copy)
    monkeypatch.setattr(build, "ts_path", lambda language: copy)
    build.update("en")
    fresh = {(c, m.findtext("source"), m.findtext("comment")) for c, m in _messages(copy)}
    committed = {(c, m.findtext("source"), m.findtext("comment")) for c, m in _messages(TS)}
    assert sorted(fresh - committed, key=str) == [], "run: python packaging/build_translations.py, then translate"
    assert sorted(committed - fresh, key=str) == [], "strings gone from the code: rebuild the catalogue"


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QTranslator

    from gridoffice import i18n

    translator = QTranslator()
    assert translator.load(str(QM))
    qapp.installTranslator(translator)
    i18n.install(lambda context, text, disambiguation: QCoreApplication.translate(context, text, disambiguation))
    yield
    qapp.removeTranslator(translator)
    i18n.install(None)


def test_data_strings_come_out_in_english(english) -> None:  # type: ignore[no-untyped-def]
    from gridoffice.domain.codes import Role, relation_name
    from gridoffice.domain.population import CATEGORIES
    from gridoffice.i18n import tr
    from gridoffice.services.matters import core as matters
    from gridoffice.services.visits import records as visit_records

    assert tr(CATEGORIES["elderly"].label) == "Elderly"
    assert tr(CATEGORIES["disabled"].attrs[0].label) == "Disability type"
    assert tr(CATEGORIES["elderly"].attrs[0].choices[0]) == "Living alone"
    assert tr(Role.MICRO_LEADER) == "Micro-grid leader"
    assert tr(relation_name("10")) == "Spouse"
    assert tr(matters.PENDING) == "Pending"
    assert tr(visit_records.FINDINGS["safety"]) == "Water, power and gas safety"


def test_service_sentences_come_out_in_english(english) -> None:  # type: ignore[no-untyped-def]
    from gridoffice.domain import idcard

    result = idcard.check("51011719900101123")  # 17 characters
    assert not result.ok
    assert result.message == "An ID number has 18 characters"

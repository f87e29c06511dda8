"""Build the English catalogue: lupdate (gridoffice/**/*.py → resources/translations/*.ts, keeping
the translations already written), then lrelease (.ts → .qm, which the program loads).

    python packaging/build_translations.py            # update the .ts and build the .qm
    python packaging/build_translations.py --release  # only .ts → .qm (no source scan)

Chinese is the source language. lupdate extracts ``self.tr("…")`` (context: the class),
``QCoreApplication.translate("ctx", "…")``, and ``tr("…")`` / ``_t("…")`` / ``N_("…")`` into the
empty context, which is where :func:`gridoffice.i18n.tr` looks (``N_`` marks data strings:
category labels, roles, column headers; see gridoffice/i18n.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("en",)
# N_ is QT_TR_NOOP (mark only); _t is the ui modules' module-level helper for tr (empty context).
ALIASES = "QT_TR_NOOP+=N_,tr+=_t"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python, else on PATH."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    for candidate in (here, here.with_suffix(".exe")):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found (pip install PySide6-Essentials)")
    return found


def sources() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "gridoffice").rglob("*.py")
        if "migrations" not in p.parts
    )


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"gridoffice_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"gridoffice_{language}.qm"


def update(language: str) -> None:
    """Scan the sources into the .ts; existing translations are kept, vanished ones dropped."""
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         "-source-language", "zh_CN", "-target-language", language,
         "-tr-function-alias", ALIASES, *sources(), "-ts", str(ts_path(language))],
        cwd=ROOT, check=True,
    )


def take_from(language: str, others: list[Path]) -> int:
    """Fill unfinished messages of the .ts from other catalogues (a branch's .ts when merging):
    the same context and source first, else the same source in any context. Returns how many."""
    import xml.etree.ElementTree as ET

    known: dict[tuple[str, str], str] = {}
    by_source: dict[str, str] = {}
    for other in others:
        for ctx in ET.parse(other).getroot().iter("context"):
            name = ctx.findtext("name") or ""
            for m in ctx.iter("message"):
                t = m.find("translation")
                if t is None or t.get("type") or not (t.text or "").strip():
                    continue
                source = m.findtext("source") or ""
                known[(name, source)] = t.text or ""
                by_source.setdefault(source, t.text or "")
    path = ts_path(language)
    tree = ET.parse(path)
    filled = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            t = m.find("translation")
            if t is None or t.get("type") != "unfinished":
                continue
            source = m.findtext("source") or ""
            text = known.get((name, source), by_source.get(source))
            if text:
                t.text = text
                del t.attrib["type"]
                filled += 1
    if filled:
        body = ET.tostring(tree.getroot(), encoding="unicode")
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                        encoding="utf-8")
    return filled


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only build the .qm from the .ts")
    parser.add_argument("--take-from", nargs="+", type=Path, default=[], metavar="TS",
                        help="after the scan, fill unfinished messages from these catalogues "
                             "(e.g. a merged branch's .ts: git show BRANCH:resources/translations/"
                             "gridoffice_en.ts > other.ts)")
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        if not args.release:
            update(language)
            if args.take_from and take_from(language, args.take_from):
                update(language)  # lupdate writes the file back in its own layout
        release(ts_path(language), qm_path(language))
        print(f"{qm_path(language).relative_to(ROOT)}: {qm_path(language).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

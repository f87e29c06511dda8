#!/usr/bin/env python3
"""Regroup services/, ui/ and the roster/form readers of exports/ into folders by feature.

Run once by the lead on the merged main, from the repository root, with the project's venv
(its ruff sorts the imports the script rewrote):

    .venv/bin/python tools/regroup.py            # move (git mv) + rewrite every reference
    .venv/bin/python tools/regroup.py --check    # what would change; exit 1 if anything
    .venv/bin/python tools/regroup.py --tree     # print the package tree docs/HACKING.md shows

What it does, in this order (every step is idempotent: a second run changes nothing, and a run
on a tree with files it has never seen moves and fixes those too):

1. **Plan** the moves: the explicit table ``EXPLICIT`` (every module of the 2026-12-02 tree that
   moves), then the family rules ``FAMILIES`` for any other file directly in services/ or ui/
   (a new ``services/ledger_medicine.py`` goes to ``services/ledgers/medicine.py``). A module
   that becomes a package's main module is ``<package>/core.py`` (``ledgers.py`` is the
   ``ledgers`` package itself: the registry, so ``ledgers.register`` reads as before).
2. **Rewrite** every reference in .py .toml .cfg .ini .spec .md .txt .yml .sh files (and
   .ci/run) under gridoffice/ tests/ bench/ packaging/ docs/ tools/ .ci/ .github/, README and
   pyproject.toml: ``from gridoffice.services import ledger_roster`` →
   ``from gridoffice.services.ledgers import roster as ledger_roster`` (the name a module used
   stays bound, so no call site changes), ``import a.b.c``, ``from a.b.c import x``, relative
   imports (made absolute in files that move), mock.patch / monkeypatch strings
   ``"gridoffice.services.x.y"``, dotted names in docs (``services.campaign_refresh.exclude``),
   paths (``gridoffice/ui/campaigns.py``), the main window's ``_later("module", "Class")``.
3. **Move** with ``git mv`` (a plain rename outside git) and give every new package an
   ``__init__.py`` saying what the feature is.
4. **Patch** what is not a reference: the ledger discovery (every module of the ledgers package
   but ``kit``), ``[tool.setuptools] packages`` in pyproject.toml (every package on disk), the
   tree section of docs/HACKING.md (between ``<!-- tree -->`` and ``<!-- /tree -->``).
5. ``ruff check --select I --fix`` on the rewritten Python files (import order).

Unchanged on purpose: cli/ (one ``<name>_cmd.py`` per command, discovered by name), tests/
(they keep their names), store/, domain/, the writers in exports/; PyInstaller collects every
gridoffice submodule (``collect_submodules``), the import-linter contracts name layers only.
resources/translations/ keeps the old file names in its ``<location>`` lines until the lead
rebuilds the catalogue (``python packaging/build_translations.py``), as after every merge.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PKG = "gridoffice"

# ---- the mapping ----------------------------------------------------------------------------
# old module (dotted, under gridoffice.) → new module. Explicit entries win over FAMILIES.
EXPLICIT: dict[str, str] = {
    # services: the ledger registry is the package; its shared helpers are the kit
    "services.ledgers": "services.ledgers",
    "services.ledgerkit": "services.ledgers.kit",
    "services.campaigns": "services.campaigns.core",
    "services.signing": "services.health.signing",
    "services.importer": "services.importing.importer",
    "services.demo": "services.demo.core",
    "services.fill": "services.fill.core",
    "services.visits": "services.visits.core",
    "services.matters": "services.matters.core",
    "services.roster": "services.roster.core",
    "services.household_numbers": "services.roster.household_numbers",
    "services.memberships": "services.roster.memberships",
    "services.staff": "services.staff.core",
    "services.briefing": "services.briefing.core",
    "services.audit": "services.audit.core",
    "services.grids": "services.grids.core",
    "services.structure": "services.grids.structure",
    "services.assign": "services.grids.assign",
    "services.medicine": "services.medicine.core",  # issue 21's medicine box (on main since session 4)
    # exports/ keeps the writers; the roster reader, its mapping and the row parser are the
    # import's, reading an upper level's form (and writing into that same form) is the fill's
    "exports.roster_reader": "services.importing.reader",
    "exports.roster_mapping": "services.importing.mapping",
    "exports.roster_rows": "services.importing.rows",
    "exports.roster_health": "services.importing.health_columns",
    "exports.sheet_limits": "services.importing.sheet_limits",
    "exports.form_reader": "services.fill.form_reader",
    "exports.form_fields": "services.fill.form_fields",
    "exports.form_writer": "services.fill.form_writer",
    # ui
    "ui.campaigns": "ui.campaigns.pane",
    "ui.structure_pane": "ui.grids.structure_pane",
    "ui.structure_dialogs": "ui.grids.structure_dialogs",
    "ui.assign_pane": "ui.grids.assign_pane",
    "ui.team_pane": "ui.staff.team_pane",
    "ui.person_form": "ui.roster.person_form",
    "ui.household_editor": "ui.roster.household_editor",
    "ui.key_population_tab": "ui.roster.key_population_tab",
    "ui.returnee_tab": "ui.roster.returnee_tab",
    "ui.population_lists": "ui.roster.population_lists",
    "ui.service_dialog": "ui.health.service_dialog",
    "ui.password_dialog": "ui.safety.password_dialog",
    "ui.posters_pane": "ui.posters.pane",
    "ui.poster_texts": "ui.posters.texts",
    "ui.weekly": "ui.health.weekly",
    **{f"ui.{name}": f"ui.widgets.{name}" for name in (
        "empty_hint", "lazy_model", "lazy_pane", "lazy_reload", "rows_model", "masking", "columns",
        "screen_fit", "refcount_guard", "chart_view", "pdf_preview", "search_box", "qdates")},
}

# (area, file-name pattern, package): a module area/<prefix>_<rest>.py → area/<package>/<rest>.py
FAMILIES: list[tuple[str, str, str]] = [
    ("services", r"ledger_(\w+)", "ledgers"),
    ("services", r"campaign_(\w+)", "campaigns"),
    ("services", r"health_(\w+)", "health"),
    ("services", r"importer_(\w+)", "importing"),
    ("services", r"demo_(\w+)", "demo"),
    ("services", r"fill_(\w+)", "fill"),
    ("services", r"visit_(\w+)", "visits"),
    ("services", r"matter_(\w+)", "matters"),
    ("services", r"roster_(\w+)", "roster"),
    ("services", r"staff_(\w+)", "staff"),
    ("services", r"briefing_(\w+)", "briefing"),
    ("services", r"audit_(\w+)", "audit"),
    ("services", r"grid_(\w+)", "grids"),
    ("services", r"medicine_(\w+)", "medicine"),
    ("ui", r"campaign_(\w+)", "campaigns"),
    ("ui", r"health_(\w+)", "health"),
    ("ui", r"visits?_(\w+)", "visits"),
    ("ui", r"matters?_(\w+)", "matters"),
    ("ui", r"staff_(\w+)", "staff"),
    ("ui", r"safety_(\w+)", "safety"),
    ("ui", r"import_(\w+)", "importing"),
    ("ui", r"grid_(\w+)", "grids"),
    ("ui", r"roster_(\w+)", "roster"),
    ("ui", r"checks_(\w+)", "checks"),
    ("ui", r"medicine_(\w+)", "medicine"),
    ("ui", r"exchange_(\w+)", "exchange"),
]

# what a new package's __init__.py says (the package tree in docs/HACKING.md shows it)
PACKAGES: dict[str, str] = {
    "services.campaigns": "Distribution campaigns (物资发放): eligibility, lists per micro-grid, hand-outs.",
    "services.health": "Health (健康): profiles, tiers, follow-up rules, services to the home, signing.",
    "services.importing": "Importing a roster spreadsheet: reading, column mapping, rows, grids, applying.",
    "services.demo": "The demo village and street office: deterministic synthetic data.",
    "services.fill": "Filling an upper level's own form (一表通): reading it, its fields, rows, writing.",
    "services.visits": "Weekly visits of key persons (巡访): schedule, records, rules.",
    "services.matters": "The matters log (民情事项): records, their flow through states, figures.",
    "services.roster": "The roster: households, persons, key-population memberships, lists.",
    "services.staff": "Grid staff (网格员) and their posts; the staff roster.",
    "services.briefing": "工作简报: the leadership's report for a period and its charts.",
    "services.audit": "Reading the audit trail (操作日志) and putting its records into words.",
    "services.grids": "The grid tree: reading it with counts, editing the structure, households to grids.",
    "services.medicine": "The medicine box (药品互助 / 爱心药品箱): batches, hand-outs, stock and expiry.",
    "ui.campaigns": "The 物资发放 pane and its dialogs, forms, models and loading.",
    "ui.grids": "The grid tree, the selected grid's pane, structure editing, households to grids.",
    "ui.staff": "The 网格员 panes and dialogs, the service team, the staff roster.",
    "ui.roster": "The 住户 pane, the person and household forms and their tabs, person lists.",
    "ui.health": "The 健康服务 pane (tiers, trend, daily calls, cards), the person form's health tab, health rules, services to the home.",
    "ui.exchange": "文件 → 数据交换: sending and receiving packages, conflicts, the street's desk.",
    "ui.visits": "The 走访 pane, the visit dialog and the visit rules.",
    "ui.matters": "The 事项 pane, its model and dialogs.",
    "ui.safety": "数据安全: backups, passwords, the start-up check.",
    "ui.importing": "The roster import wizard and its report.",
    "ui.posters": "公示牌与打印: the posters pane and its wording.",
    "ui.checks": "The data checks panel and its status-bar badge.",
    "ui.medicine": "The 药品互助 pane and its dialogs (入库, 发放, 报废).",
    "ui.widgets": "Small widgets and models every pane shares (no feature of their own).",
}

AREAS = ("services", "ui", "exports")
SCAN_DIRS = ("gridoffice", "tests", "bench", "packaging", "docs", "tools", ".ci", ".github")
SCAN_FILES = ("README.md", "pyproject.toml", "setup.cfg", "tox.ini", ".importlinter")
TEXT_SUFFIXES = {".py", ".toml", ".cfg", ".ini", ".spec", ".md", ".txt", ".yml", ".yaml", ".sh"}
SKIP = {"tools/regroup.py", "tests/test_regroup.py"}  # they name the old modules on purpose

# literal phrases that name a family by pattern rather than by module
PHRASES = [
    ("gridoffice/services/ledger_<name>.py", "gridoffice/services/ledgers/<name>.py"),
    ("services/ledger_*.py", "services/ledgers/*.py"),
    ("gridoffice.services.ledger_*", "gridoffice.services.ledgers.*"),
    ("ledger_<name>.py", "ledgers/<name>.py"),
]

DISCOVERY_OLD = '''    import gridoffice.services as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("ledger_"):
            importlib.import_module(f"{package.__name__}.{info.name}")'''
DISCOVERY_NEW = '''    import gridoffice.services.ledgers as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "kit":
            importlib.import_module(f"{package.__name__}.{info.name}")'''


# ---- planning -------------------------------------------------------------------------------
def new_name(old: str) -> str | None:
    """The new dotted name (under gridoffice.) of an old module, or None when it stays."""
    if old in EXPLICIT:
        return EXPLICIT[old]
    area, _, leaf = old.partition(".")
    if "." in leaf:
        return None
    for fam_area, pattern, package in FAMILIES:
        match = re.fullmatch(pattern, leaf)
        if fam_area == area and match:
            return f"{area}.{package}.{match.group(1)}"
    return None


def module_path(dotted: str, root: Path, package: bool = False) -> Path:
    parts = dotted.split(".")
    if package or (root / PKG / Path(*parts)).is_dir():
        return root / PKG / Path(*parts) / "__init__.py"
    return root / PKG / Path(*parts[:-1]) / f"{parts[-1]}.py"


@dataclass
class Plan:
    root: Path
    moves: dict[Path, Path] = field(default_factory=dict)  # old file → new file
    packages: set[str] = field(default_factory=set)  # new packages (dotted under gridoffice.)
    children: dict[str, set[str]] = field(default_factory=dict)  # package → its module names

    def target(self, old: str) -> str | None:
        new = new_name(old)
        return None if new is None or new == old else new


def plan(root: Path) -> Plan:
    result = Plan(root)
    targets: set[str] = set(EXPLICIT.values())
    for area in AREAS:
        for path in sorted((root / PKG / area).glob("*.py")):
            if path.name == "__init__.py":
                continue
            old = f"{area}.{path.stem}"
            new = new_name(old)
            if new is None or (new == old and old not in EXPLICIT):
                continue
            targets.add(new)
            if new == old:
                new_path = module_path(new, root, package=True)
            else:
                new_path = module_path(new, root)
            if new_path.exists():
                raise SystemExit(f"regroup: {path.relative_to(root)} and {new_path.relative_to(root)} both exist")
            result.moves[path] = new_path
    moved = {dotted_of(p, root).removeprefix(PKG + ".") for p in result.moves.values()}
    for new in targets:
        parent, _, leaf = new.rpartition(".")
        folder = root / PKG / Path(*parent.split("."))
        if parent not in AREAS:
            result.children.setdefault(parent, set()).add(leaf)
            if new in moved or folder.is_dir():  # a package only for modules that are there
                result.packages.add(parent)
        if new in EXPLICIT and EXPLICIT[new] == new:  # a module that is its own package
            result.children.setdefault(new, set())
            if new in moved or (root / PKG / Path(*new.split("."))).is_dir():
                result.packages.add(new)
    for package in list(result.children):
        folder = root / PKG / Path(*package.split("."))
        if folder.is_dir():
            result.children[package] |= {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
            result.children[package] |= {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}
    _check_shadowing(result)
    return result


def _check_shadowing(result: Plan) -> None:
    """An old module whose name becomes a package must not define a name of one of its modules
    (``campaigns.lists`` would then be ambiguous in a dotted string)."""
    for path in result.moves:
        old = f"{path.parent.name}.{path.stem}"
        kids = result.children.get(old)
        if not kids:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)}
        defined |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        clash = defined & kids
        if clash:
            raise SystemExit(f"regroup: {path} defines {sorted(clash)}, also module names of its new package")


# ---- rewriting ------------------------------------------------------------------------------
_DOTTED = re.compile(r"(?<![\w.])(?P<pre>gridoffice\.)?(?P<area>services|ui|exports)\.(?P<leaf>\w+)(?P<rest>(?:\.\w+)*)")
_PATH = re.compile(r"(?<![\w/.])(?P<pre>gridoffice/)?(?P<area>services|ui|exports)/(?P<leaf>\w+)\.py\b")
_LATER = re.compile(r'(_later\(\s*")([\w.]+)(")')


class Rewriter:
    def __init__(self, the_plan: Plan) -> None:
        self.plan = the_plan

    def file(self, path: Path, source: str, root: Path) -> str:
        if path.suffix == ".py":
            return self.python(source, package_of(path, root), path in self.plan.moves)
        if path.name == "pyproject.toml":  # its package list names packages, never old modules
            block = re.search(r"(?ms)^packages = \[\n.*?^\]", source)
            if block:
                return self.text(source[: block.start()]) + block[0] + self.text(source[block.end():])
        return self.text(source)

    def _dotted(self, match: re.Match[str]) -> str:
        area, leaf, rest = match["area"], match["leaf"], match["rest"]
        old = f"{area}.{leaf}"
        new = self.plan.target(old)
        if new is None:
            return match[0]
        first = rest[1:].split(".", 1)[0] if rest else ""
        if first and first in self.plan.children.get(old, ()):
            return match[0]  # already the new package: gridoffice.services.campaigns.lists
        return f"{match['pre'] or ''}{new}{rest}"

    def _path(self, match: re.Match[str]) -> str:
        new = new_name(f"{match['area']}.{match['leaf']}")
        if new is None or (new == f"{match['area']}.{match['leaf']}" and new not in self.plan.packages):
            return match[0]
        if new in self.plan.packages:
            return f"{match['pre'] or ''}{new.replace('.', '/')}/__init__.py"
        return f"{match['pre'] or ''}{new.replace('.', '/')}.py"

    def _later(self, match: re.Match[str]) -> str:
        new = self.plan.target(f"ui.{match[2]}")
        return match[0] if new is None else f"{match[1]}{new.removeprefix('ui.')}{match[3]}"

    def text(self, source: str) -> str:
        for old, new in PHRASES:
            source = source.replace(old, new)
        source = _PATH.sub(self._path, source)
        return _DOTTED.sub(self._dotted, source)

    def python(self, source: str, module: str, moving: bool) -> str:
        """``module``: the package the file is in today (relative imports resolve against it)."""
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return self.text(source)
        lines = source.splitlines(keepends=True)
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line))
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in characters
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                start = offsets[node.lineno - 1] + node.col_offset
                end = offsets[node.end_lineno - 1] + node.end_col_offset  # type: ignore[operator]
                new = self._import_from(node, module, moving)
                if new is None:  # kept as it is, and kept from the dotted-name pass below
                    edits.append((start, end, source[start:end]))
                    continue
                tail = source[end:offsets[node.end_lineno]]  # a trailing noqa comment holds for every line
                comment = tail.rstrip("\n") if tail.lstrip().startswith("#") else ""
                edits.append((start, end, new.replace("\n", comment + "\n" + " " * node.col_offset)))
        out, last = [], 0
        for start, end, replacement in sorted(edits):
            out.append(self._python_text(source[last:start]))
            out.append(replacement)
            last = end
        out.append(self._python_text(source[last:]))
        return "".join(out)

    def _python_text(self, chunk: str) -> str:
        return _LATER.sub(self._later, self.text(chunk))

    def _import_from(self, node: ast.ImportFrom, module: str, moving: bool) -> str | None:
        base = node.module or ""
        if node.level:  # module: the package the file is in (relative imports start there)
            package = module.split(".")
            anchor = package[: len(package) - node.level + 1]
            base = ".".join([*anchor, *([base] if base else [])])
        absolute = base
        if not absolute.startswith(PKG + ".") and absolute != PKG:
            return None  # another project's import
        changed = bool(node.level) and (moving or self._touches(absolute, node))
        rel = absolute.removeprefix(PKG + ".") if absolute != PKG else ""
        groups: dict[str, list[str]] = {}
        for alias in node.names:
            target_module, name, bound = rel, alias.name, alias.asname
            kids = self.plan.children.get(rel, set())
            full_new = self.plan.target(f"{rel}.{alias.name}") if rel else None
            if rel and alias.name in kids and self.plan.target(rel) is not None:
                pass  # from gridoffice.services.campaigns import lists: already new
            elif full_new is not None:
                target_module, _, name = full_new.rpartition(".")
                bound = bound or alias.name
                changed = True
            elif rel and self.plan.target(rel) is not None:
                target_module = self.plan.target(rel)  # type: ignore[assignment]
                changed = True
            text = name if bound in (None, name) else f"{name} as {bound}"
            groups.setdefault(target_module, []).append(text)
        if not changed:
            return None
        return "\n".join(f"from {PKG}.{mod} import {', '.join(names)}" if mod else f"from {PKG} import {', '.join(names)}"
                         for mod, names in groups.items())

    def _touches(self, absolute: str, node: ast.ImportFrom) -> bool:
        rel = absolute.removeprefix(PKG + ".")
        return self.plan.target(rel) is not None or any(
            self.plan.target(f"{rel}.{a.name}") is not None for a in node.names)


# ---- the run --------------------------------------------------------------------------------
def text_files(root: Path) -> list[Path]:
    found: set[Path] = set()
    for name in SCAN_DIRS:
        folder = root / name
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if not path.is_file() or any(part in {".venv", "__pycache__", ".cache", ".git"} for part in path.parts):
                continue
            if path.suffix in TEXT_SUFFIXES or (name == ".ci" and not path.suffix):
                found.add(path)
    found |= {root / name for name in SCAN_FILES if (root / name).is_file()}
    return sorted(p for p in found if p.relative_to(root).as_posix() not in SKIP)


def package_of(path: Path, root: Path) -> str:
    """The package a Python file is in (where its relative imports start)."""
    return ".".join(path.relative_to(root).parent.parts)


def dotted_of(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def rewrite_all(root: Path, the_plan: Plan) -> list[Path]:
    rewriter = Rewriter(the_plan)
    changed = []
    for path in text_files(root):
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        result = rewriter.file(path, source, root)
        if result != source:
            path.write_text(result, encoding="utf-8")
            changed.append(path)
    return changed


def move_all(root: Path, the_plan: Plan) -> list[Path]:
    in_git = (root / ".git").exists()
    moved = []
    for package in sorted(the_plan.packages):
        folder = root / PKG / Path(*package.split("."))
        folder.mkdir(parents=True, exist_ok=True)
    for old, new in sorted(the_plan.moves.items()):
        new.parent.mkdir(parents=True, exist_ok=True)
        if in_git and _tracked(root, old):
            subprocess.run(["git", "mv", str(old.relative_to(root)), str(new.relative_to(root))], cwd=root, check=True)
        else:
            old.rename(new)
        moved.append(new)
    for package in sorted(the_plan.packages):
        init = root / PKG / Path(*package.split(".")) / "__init__.py"
        if not init.exists():
            init.write_text(f'"""{PACKAGES.get(package, package.rpartition(".")[2].capitalize() + ".")}"""\n', encoding="utf-8")
            if in_git:
                subprocess.run(["git", "add", str(init.relative_to(root))], cwd=root, check=True)
            moved.append(init)
    return moved


def _tracked(root: Path, path: Path) -> bool:
    return subprocess.run(["git", "ls-files", "--error-unmatch", str(path.relative_to(root))], cwd=root,
                          capture_output=True).returncode == 0


def patch_discovery(root: Path) -> Path | None:
    path = root / PKG / "services" / "ledgers" / "__init__.py"
    if not path.exists():
        path = root / PKG / "services" / "ledgers.py"
    source = path.read_text(encoding="utf-8")
    if DISCOVERY_NEW in source:
        return None
    if DISCOVERY_OLD not in source:
        raise SystemExit(f"regroup: the ledger discovery in {path} is not the one this script knows; change it by hand")
    path.write_text(source.replace(DISCOVERY_OLD, DISCOVERY_NEW), encoding="utf-8")
    return path


def patch_pyproject(root: Path) -> Path | None:
    path = root / "pyproject.toml"
    source = path.read_text(encoding="utf-8")
    block = re.search(r"(?ms)^packages = \[\n(.*?)^\]", source)
    if block is None:
        raise SystemExit("regroup: no packages = [...] list in pyproject.toml")
    listed = re.findall(r'"([\w.]+)"', block[1])
    on_disk = sorted(dotted_of(p, root) for p in (root / PKG).rglob("__init__.py")
                     if "__pycache__" not in p.parts)
    missing = [p for p in on_disk if p not in listed]
    if not missing:
        return None
    result = list(listed)
    for package in missing:  # after its parent and the parent's sub-packages already listed
        parent = package.rpartition(".")[0]
        at = max(i for i, name in enumerate(result) if name == parent or name.startswith(parent + "."))
        result.insert(at + 1, package)
    text = "".join(f'    "{name}",\n' for name in result)
    path.write_text(source[: block.start(1)] + text + source[block.end(1):], encoding="utf-8")
    return path


def tree(root: Path) -> str:
    """The package tree docs/HACKING.md draws: each folder with what it is and its modules."""
    lines = ["```"]
    for area in ("services", "ui", "exports"):
        folder = root / PKG / area
        lines.append(f"{PKG}/{area}/")
        flat = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
        for sub in sorted(p for p in folder.iterdir() if (p / "__init__.py").exists()):
            doc = ast.get_docstring(ast.parse((sub / "__init__.py").read_text(encoding="utf-8"))) or ""
            mods = sorted(p.stem for p in sub.glob("*.py") if p.stem != "__init__")
            head = doc.splitlines()[0] if doc else ""
            if len(head) > 84:
                head = head[:83].rsplit(" ", 1)[0] + " …"
            lines.append(f"  {sub.name + '/':<13}{head}".rstrip())
            lines.extend(_wrapped(mods, " " * 15))
        lines.extend(_wrapped(flat, "  "))
    lines.append("```")
    return "\n".join(lines) + "\n"


def _wrapped(names: list[str], indent: str, width: int = 100) -> list[str]:
    lines, line = [], indent
    for name in names:
        piece = name + " "
        if len(line) + len(piece) > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def patch_hacking(root: Path) -> Path | None:
    path = root / "docs" / "HACKING.md"
    if not path.exists():
        return None
    source = path.read_text(encoding="utf-8")
    block = re.search(r"(?s)<!-- tree -->\n(.*?)<!-- /tree -->", source)
    if block is None:
        return None
    drawn = tree(root)
    if block[1] == drawn:
        return None
    path.write_text(source[: block.start(1)] + drawn + source[block.end(1):], encoding="utf-8")
    return path


def sort_imports(root: Path, files: list[Path]) -> None:
    python = [str(p.relative_to(root)) for p in files if p.suffix == ".py" and p.exists()]
    if not python:
        return
    command = [sys.executable, "-m", "ruff", "check", "--select", "I", "--fix", "--quiet", *python]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if "No module named" in done.stderr:
        print("regroup: ruff not found in this Python: sort the imports with `ruff check --select I --fix .`")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--check", action="store_true", help="say what would change, change nothing")
    parser.add_argument("--tree", action="store_true", help="print the package tree and stop")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / PKG / "services").is_dir():
        parser.error(f"{root} is not the repository root")
    if args.tree:
        print(tree(root), end="")
        return 0
    the_plan = plan(root)
    if args.check:
        for old, new in sorted(the_plan.moves.items()):
            print(f"move {old.relative_to(root)} -> {new.relative_to(root)}")
        rewriter = Rewriter(the_plan)
        stale = []
        for path in text_files(root):
            source = path.read_text(encoding="utf-8", errors="replace")
            result = rewriter.file(path, source, root)
            if result != source:
                stale.append(path)
                print(f"rewrite {path.relative_to(root)}")
        return 1 if the_plan.moves or stale else 0
    rewritten = rewrite_all(root, the_plan)
    # a moved file's path changed: the rewritten list must name it where it is now
    rewritten = [the_plan.moves.get(p, p) for p in rewritten]
    moved = move_all(root, the_plan)
    patched = [p for p in (patch_discovery(root), patch_pyproject(root)) if p is not None]
    sort_imports(root, sorted(set(rewritten) | set(moved)))
    hacking = patch_hacking(root)
    print(f"regroup: {len(the_plan.moves)} modules moved, {len(set(rewritten))} files rewritten, "
          f"{len(the_plan.packages)} packages, {len(patched) + (hacking is not None)} patched")
    return 0


if __name__ == "__main__":
    sys.exit(main())

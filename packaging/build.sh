#!/usr/bin/env bash
# Build the one-folder bundle with the spec and prove it is complete: --version, a demo
# database, stats on it. Usage: packaging/build.sh [PYTHON]   (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
"$PY" -m pip install -q 'pyinstaller>=6.3'
"$PY" packaging/build_translations.py   # .ts (kept translations) → .qm, bundled from resources/
rm -rf build/pyinstaller dist/gridoffice
"$PY" -m PyInstaller --noconfirm --log-level WARN --workpath build/pyinstaller --distpath dist packaging/gridoffice.spec
BIN=dist/gridoffice/gridoffice-cli
[ -x "$BIN" ] || BIN=dist/gridoffice/gridoffice-cli.exe
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
export GRIDOFFICE_HOME="$smoke/home"
start=$(date +%s.%N)
"$BIN" --version
end=$(date +%s.%N)
"$BIN" demo --scale village --db "$smoke/village.db"
"$BIN" stats --db "$smoke/village.db" --on 2023-01-07 --json > "$smoke/stats.json"
cat "$smoke/stats.json"
"$PY" - "$smoke/stats.json" <<'PYEOF'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
assert data["micro_grids"] == 32 and data["aged_60_plus"] == 1008, data
print("bundle smoke test: ok")
PYEOF
QT_QPA_PLATFORM=offscreen "$BIN" --help >/dev/null
echo "bundle size: $(du -sh dist/gridoffice | cut -f1)"
echo "start-up (--version): $(echo "$end - $start" | bc) s"

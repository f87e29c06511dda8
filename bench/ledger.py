"""Ledger export speed and memory on the street database (issue 5).

Each measurement runs in its own process so its peak RSS is its own:

- ``styled``: ``services.ledgers.export`` of the ledger (the real thing: styles, borders,
  merged title, print settings);
- ``plain``: openpyxl's write-only mode appending the same rows (same generator, same values,
  序号 first) with no styles at all: the issue's reference;
- ``rows``: only generating the rows (the database share of both);
- ``pdf``: ``services.ledgers.export`` to a PDF (issue 15: ≤ 2× the ``styled`` xlsx time, ≤ 400
  MB peak RSS; ``pdf_over_styled`` in the report). ``--modes styled,pdf`` for just those two.

Run: ``python bench/ledger.py [--ledger roster] [--grid CODE] [--repeat 3]``; prints JSON with the
median seconds, peak RSS (MB) and the styled / plain ratio (target ≤ 1.3) and the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ON = dt.date(2023, 1, 7)


def _one(mode: str, db_path: str, ledger_key: str, grid: str | None) -> dict[str, float]:
    from openpyxl import Workbook

    from gridoffice.services import ledgers
    from gridoffice.store import Database

    db = Database.open(db_path, create=False)
    options = ledgers.LedgerOptions(on=ON, grid_code=grid)
    out = Path(tempfile.mkdtemp()) / f"{ledger_key}.{'pdf' if mode == 'pdf' else 'xlsx'}"
    started = time.perf_counter()
    cpu = time.process_time()
    rows = 0
    if mode in ("styled", "pdf"):
        rows = ledgers.export(db, ledger_key, options, out).rows
    else:
        ledger = ledgers.build(db, ledger_key, options)
        if mode == "plain":
            wb = Workbook(write_only=True)
        for sheet in ledger.sheets:
            if mode == "plain":
                ws = wb.create_sheet(sheet.name[:31])
                ws.append([sheet.title])
                ws.append([c.header for c in sheet.columns])
            for n, values in enumerate(sheet.rows, start=1):
                rows += 1
                if mode == "plain":
                    ws.append([n, *values])
        if mode == "plain":
            wb.save(out)
    seconds = time.perf_counter() - started
    size = out.stat().st_size if out.exists() else 0
    out.unlink(missing_ok=True)
    db.close()
    return {"seconds": seconds, "cpu_s": time.process_time() - cpu, "rows": rows, "bytes": size,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ledger", default="roster")
    parser.add_argument("--grid", default=None)
    parser.add_argument("--db", default=None, help="default: the cached street database")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", default="rows,plain,styled")
    parser.add_argument("--child", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_one(args.child[0], args.db, args.ledger, args.grid)))
        return 0
    if args.db is None:
        from run import street_db

        args.db = str(street_db()[0])
    report: dict[str, object] = {"db": args.db, "ledger": args.ledger, "grid": args.grid,
                                 "load_before": os.getloadavg()}
    modes = args.modes.split(",")
    runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in modes}
    for _ in range(args.repeat):  # interleaved, so a change in the machine's load hits every mode
        for mode in modes:
            cmd = [sys.executable, __file__, "--child", mode, "--db", args.db, "--ledger", args.ledger]
            if args.grid:
                cmd += ["--grid", args.grid]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            runs[mode].append(json.loads(out.strip().splitlines()[-1]))
    for mode in modes:
        done = sorted(runs[mode], key=lambda r: r["seconds"])
        mid = done[len(done) // 2]
        report[mode] = {"median_s": round(mid["seconds"], 2), "min_s": round(done[0]["seconds"], 2),
                        "cpu_s": round(mid["cpu_s"], 2),
                        "rows": mid["rows"], "mb_file": round(mid["bytes"] / 1e6, 1),
                        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in done), 1)}
    if "plain" in runs and "styled" in runs:  # pairwise: each styled run over the plain run next to it
        pairs = sorted(s["seconds"] / p["seconds"] for s, p in zip(runs["styled"], runs["plain"], strict=True))
        report["styled_over_plain_pairs"] = [round(x, 3) for x in pairs]
    if "plain" in report and "styled" in report:
        report["styled_over_plain"] = round(report["styled"]["median_s"] / report["plain"]["median_s"], 3)  # type: ignore[index]
    if "pdf" in report and "styled" in report:  # CPU time too: the machine may be shared
        report["pdf_over_styled"] = round(report["pdf"]["median_s"] / report["styled"]["median_s"], 3)  # type: ignore[index]
        report["pdf_over_styled_cpu"] = round(report["pdf"]["cpu_s"] / report["styled"]["cpu_s"], 3)  # type: ignore[index]
    report["load_after"] = os.getloadavg()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The street's 836 posters in one batch: GridOffice (services/posters + exports/poster) against
bare reportlab drawing the same content (same strings, same font registered once, the same
drawing primitives: rectangles, strings, the placeholder form, the QR matrix) at fixed
positions, without the fitting, wrapping and layout of exports/poster.py.

Run: ``python bench/posters.py [--repeat 3] [--process]`` (uses the street database of bench/run.py).
``--process``: whole processes, interpreter start included — ``gridoffice poster --all
--one-file`` against a process that unpickles the same content and draws it with bare reportlab.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import street_db

from gridoffice.exports import fonts, pdfkit
from gridoffice.exports.poster import Poster, write_posters
from gridoffice.services import posters
from gridoffice.store import Database


def bare(items: list[Poster], path: str) -> int:
    """The same content drawn with plain canvas calls at fixed places (the floor): every
    string of the poster, the same boxes, bands, bullets, arrows, photo form and QR matrix,
    with positions and sizes fixed instead of fitted."""
    fonts.register()
    B, R = fonts.BOLD, fonts.REGULAR
    W, H = A4
    c = Canvas(path, pagesize=A4, pageCompression=1, initialFontName=R)
    for p in items:
        c.setFillColor(pdfkit.RED)
        c.rect(0, H - 112, W, 112, stroke=0, fill=1)
        c.setFillColor(pdfkit.WHITE)
        c.setFont(B, 38)
        c.drawCentredString(W / 2, H - 65, p.text.title)
        c.setFont(B, 17)
        c.drawCentredString(W / 2, H - 96, f"{p.community}  ·  {p.general}  ·  {p.grid}")
        c.setFillColor(pdfkit.GOLD)
        c.rect(0, H - 116, W, 4, stroke=0, fill=1)
        c.setFont(R, 11)
        c.drawCentredString(W / 2, H - 22, p.office)
        c.setFillColor(pdfkit.CREAM)
        c.roundRect(26, H - 156, W - 52, 30, 6, stroke=1, fill=1)
        c.setFillColor(pdfkit.RED)
        c.roundRect(W - 144, H - 152, 118, 22, 5, stroke=0, fill=1)
        c.setFillColor(pdfkit.INK)
        c.setFont(B, 12)
        c.drawString(36, H - 145, "服务范围：")
        c.setFont(R, 12)
        c.drawString(100, H - 145, p.covers)
        c.setFont(B, 14)
        c.drawString(W - 130, H - 145, f"住户 {p.households} 户")
        c.setFont(B, 13)
        c.drawString(26, H - 180, "微网实格 · 联系我们")
        c.line(26, H - 186, W - 26, H - 186)
        y = H - 200
        for n, tier in enumerate(p.tiers):
            if n:
                c.line(380, y + 26, 380, y + 5)
                path = c.beginPath()
                path.moveTo(376, y + 7)
                path.lineTo(384, y + 7)
                path.lineTo(380, y + 1)
                path.close()
                c.drawPath(path, stroke=0, fill=1)
            c.setFillColor(pdfkit.DARK_RED)
            c.roundRect(26, y - 84, 64, 84, 6, stroke=0, fill=1)
            c.setFillColor(pdfkit.GOLD)
            c.setFont(B, 13)
            c.drawCentredString(58, y - 40, tier.level)
            c.setFont(R, 10)
            c.drawCentredString(58, y - 54, tier.grid)
            for k, who in enumerate(tier.contacts):
                x = 100 + k * 160
                c.setFillColor(pdfkit.WHITE)
                c.setStrokeColor(pdfkit.LINE)
                c.roundRect(x, y - 84, 150, 84, 5, stroke=1, fill=1)
                pdfkit.placeholder(c, x + 6, y - 78, 54, 72)
                c.setFillColor(pdfkit.RED)
                c.rect(x + 65, y - 22, 50, 13, stroke=0, fill=1)
                c.setFillColor(pdfkit.WHITE)
                c.setFont(B, 11)
                c.drawString(x + 66, y - 20, who.post)
                c.setFillColor(pdfkit.INK)
                c.setFont(B, 21)
                c.drawString(x + 66, y - 46, who.name)
                c.setFont(B, 15)
                c.drawString(x + 66, y - 70, who.phone)
            y -= 110
        for x, w, title in ((26, 300, p.text.services_title), (338, 231, p.text.referral_title)):
            c.setFillColor(pdfkit.WHITE)
            c.roundRect(x, 106, w, 160, 6, stroke=1, fill=1)
            c.setFillColor(pdfkit.RED)
            c.roundRect(x, 242, w, 24, 6, stroke=0, fill=1)
            c.rect(x, 242, w, 10, stroke=0, fill=1)
            c.setFillColor(pdfkit.WHITE)
            c.setFont(B, 13)
            c.drawCentredString(x + w / 2, 249, title)
        for i, item in enumerate(p.text.services):
            bx, by = 40 + (i % 2) * 150, 220 - (i // 2) * 20
            c.setFillColor(pdfkit.GOLD)
            c.circle(bx, by + 4, 5.5, stroke=0, fill=1)
            c.setFillColor(pdfkit.DARK_RED)
            c.setFont(B, 7.5)
            c.drawCentredString(bx, by + 1.5, str(i + 1))
            c.setFillColor(pdfkit.INK)
            c.setFont(R, 12.5)
            c.drawString(bx + 10, by, item)
        c.setFont(B, 11.5)
        for i, step in enumerate(p.text.referral):
            c.setFillColor(pdfkit.CREAM)
            c.roundRect(360, 210 - i * 34, 200, 22, 4, stroke=1, fill=1)
            c.setFillColor(pdfkit.INK)
            c.drawCentredString(460, 217 - i * 34, step)
            if i < len(p.text.referral) - 1:
                c.setFillColor(pdfkit.RED)
                path = c.beginPath()
                path.moveTo(454, 208 - i * 34)
                path.lineTo(466, 208 - i * 34)
                path.lineTo(460, 200 - i * 34)
                path.close()
                c.drawPath(path, stroke=0, fill=1)
        c.setFillColor(pdfkit.RED)
        c.rect(0, 0, W, 96, stroke=0, fill=1)
        c.setFillColor(pdfkit.GOLD)
        c.rect(0, 96, W, 3, stroke=0, fill=1)
        c.setFillColor(pdfkit.WHITE)
        c.setFont(B, 14)
        c.drawString(26, 70, p.text.hotline_label)
        c.setFont(B, 30)
        c.drawString(26, 36, p.text.hotline)
        c.setFont(R, 8.5)
        c.drawString(26, 12, f"打印日期：{p.printed_on}    网格编码：{p.code}")
        if p.qr_target:  # the same QR primitive as the poster (encoder matrix as rectangles)
            c.roundRect(W - 100, 9, 78, 78, 4, stroke=0, fill=1)
            pdfkit.draw_qr(c, p.qr_target, W - 96, 13, 70)
            c.setFont(R, 9.5)
            for i, line in enumerate(p.text.qr_caption.splitlines()):
                c.drawRightString(W - 106, 56 - i * 11.4, line)
        c.showPage()
    c.save()
    return len(items)


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def process(db_path: Path, repeat: int = 3) -> dict[str, object]:
    """One CLI command against the floor, each as a whole process, interleaved."""
    db = Database.open(str(db_path))
    items = posters.posters(db)
    db.close()
    out = Path(tempfile.mkdtemp(prefix="posters-process-"))
    content = out / "items.pickle"
    content.write_bytes(pickle.dumps(items))
    ours_cmd = [sys.executable, "-m", "gridoffice", "--db", str(db_path), "poster", "--all", "--one-file",
                "--out", str(out / "ours.pdf")]
    floor_cmd = [sys.executable, __file__, "--bare-child", str(content), str(out / "bare.pdf")]
    env = dict(os.environ, GRIDOFFICE_HOME=str(out / "home"))
    ours: list[float] = []
    floor: list[float] = []
    for _ in range(repeat):
        for cmd, times in ((ours_cmd, ours), (floor_cmd, floor)):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
    ours.sort()
    floor.sort()
    mid = len(ours) // 2
    return {"posters": len(items), "cli_min_s": round(ours[0], 2), "cli_median_s": round(ours[mid], 2),
            "floor_min_s": round(floor[0], 2), "floor_median_s": round(floor[mid], 2),
            "ratio_min": round(ours[0] / floor[0], 2), "ratio_median": round(ours[mid] / floor[mid], 2),
            "ms_per_poster": round(ours[0] * 1000 / len(items), 1), "target_ratio": 1.5,
            "load": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--process", action="store_true", help="whole processes, interpreter start included")
    parser.add_argument("--bare-child", nargs=2, metavar=("CONTENT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:  # the floor's process: the same content, drawn with bare reportlab
        bare(pickle.loads(Path(args.bare_child[0]).read_bytes()), args.bare_child[1])
        return
    path, _ = street_db()
    if args.process:
        print(json.dumps(process(path, args.repeat), ensure_ascii=False, indent=2))
        return
    db = Database.open(str(path))
    fonts.register()  # once per process, outside the timings, for both sides
    gather = best(lambda: posters.posters(db), 1)
    items = posters.posters(db)
    out = Path(tempfile.mkdtemp(prefix="posters-bench-"))
    ours = floor = float("inf")
    for _ in range(args.repeat):  # interleaved, so a change in the machine's load hits both
        ours = min(ours, best(lambda: write_posters(items, out / "ours.pdf"), 1))
        floor = min(floor, best(lambda: bare(items, str(out / "bare.pdf")), 1))
    result = {
        "posters": len(items),
        "gather_s": round(gather, 2),
        "gridoffice_render_s": round(ours, 2),
        "bare_reportlab_s": round(floor, 2),
        "ratio_render": round(ours / floor, 2),
        "ratio_end_to_end": round((ours + gather) / floor, 2),
        "target_ratio": 1.5,
        "pdf_mb": round((out / "ours.pdf").stat().st_size / 1e6, 1),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }
    db.close()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

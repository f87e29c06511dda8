"""The README's performance table, written from one ``bench/run.py`` result between the markers
``<!-- bench:start -->`` and ``<!-- bench:end -->`` (``python bench/run.py --write-readme``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
NAMES = {"startup": "启动到窗口空闲", "posters": "全部公示牌（poster --all）", "import_empty": "社区花名册导入空库",
         "import_unchanged": "同一花名册重新导入（无变化）", "visits": "全库走访周表", "health_tiers": "全库健康分级",
         "person_list": "全库人员列表首屏", "dashboard": "概览五张图表（全库）", "stats": "统计（参考）"}


def table(result: dict[str, Any]) -> str:
    lines = [f"测量：{dt.date.today().isoformat()}，{result.get('scale')} 规模，每项 {result.get('repeat')} 对交替"
             f"（本项、基准、本项、基准…），负载 {result.get('load_average')}（2 核共享机器）。比值 = 本项 ÷ 基准。", "",
             "| 项目 | 基准（floor） | 本项 中位 | 基准 中位 | 比值 最小/中位 | 目标 | 达到 |",
             "|---|---|---|---|---|---|---|"]
    for key, label in NAMES.items():
        fig = result.get(key)
        if not isinstance(fig, dict):
            continue
        goal = f"≤ {fig['goal_s']} s" if fig.get("goal_s") else f"≤ {fig['target']}×"
        if "rss_mb_median" in fig:
            goal += f"，内存 ≤ {fig['rss_goal_mb']:.0f} MB（实测 {fig['rss_mb_median']:.0f} MB，" \
                    f"基准 {fig['floor_rss_mb_median']:.0f} MB）"
        lines.append(f"| {label} | {fig['floor']} | {fig['median_s']} s | {fig['floor_median_s']} s | "
                     f"{fig['ratio_min']} / {fig['ratio_median']} | {goal} | {'是' if fig['met'] else '否'} |")
        if "attached_median_s" in fig:  # the window shows first; the panes on the open database after
            lines.append(f"| 启动到窗口就绪（网格树、各窗格已建好，数据库已打开；参考） | {fig['floor']} | "
                         f"{fig['attached_median_s']} s | {fig['floor_median_s']} s | "
                         f"{fig['attached_ratio_min']} / {fig['attached_ratio_median']} | — | — |")
        if "again_unchanged_median_s" in fig:  # services/derived.py: the figures kept while their tables are unchanged
            lines.append(f"| 概览五张图表再次打开：数据未变 / 新录一次走访后（参考） | — | {fig['again_unchanged_median_s']} s / "
                         f"{fig['again_after_visit_median_s']} s | — | — | — | — |")
        if "whole_median_s" in fig:
            lines.append(f"| 全库人员列表整表读完（参考） | — | {fig['whole_median_s']} s | — | — | — | — |")
    return "\n".join(lines)


def write(readme: Path, result: dict[str, Any]) -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: no {START} … {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table(result)}\n{END}{tail}", encoding="utf-8")

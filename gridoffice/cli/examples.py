"""Examples shown under each command's help (``gridoffice 命令 --help``), in one place so the
command modules stay as they are. Every line must run against the demo village."""

from __future__ import annotations

from typing import Any

from gridoffice.i18n import tr

TOP = tr("""例：
  gridoffice --demo                                   打开演示村（图形界面）
  gridoffice demo --scale village --db village.db     生成演示村数据
  gridoffice stats --db village.db --on 2023-01-07    统计数字
  gridoffice 命令 --help                              查看某个命令的说明和例子""")

EXAMPLES = {
    "audit": ("gridoffice audit --person 张秀英 --since 2023-01-01",
              "gridoffice audit --operator 王文书 --json"),
    "backup": ("gridoffice backup", "gridoffice backup --to D:\\备份 --password"),
    "briefing": ("gridoffice briefing --from 2023-01-01 --to 2023-01-31 --out 工作简报.pdf",
                 "gridoffice briefing --from 2023-01-01 --to 2023-03-31 --public --out 简报公示版.pdf"),
    "campaign": ("gridoffice campaign create --name 健康爱心包 --min-age 60 --on 2023-01-07",
                 "gridoffice campaign status 1",
                 "gridoffice campaign handout 1 --person 510112195001011234 --by 马倩玲"),
    "chart": ("gridoffice chart --out 网格架构图.pdf",),
    "db": ("gridoffice db version", "gridoffice db upgrade"),
    "demo": ("gridoffice demo --scale village --db village.db",
             "gridoffice demo --scale street --db street.db"),
    "export": ("gridoffice export roster --out 花名册.xlsx --on 2023-01-07",
               "gridoffice export roster --grid YMC-01-03 --public --out 公示.xlsx",
               "gridoffice export handout --campaign 1 --out 签收表.pdf"),
    "fill": ("gridoffice fill 分网格统计表.xlsx --out 已填.xlsx --on 2023-01-07",
             "gridoffice fill 老年人登记表.xlsx --out 已填.xlsx --who age:80 --map 联系方式=phone",
             "gridoffice fill --list-fields"),
    "find": ("gridoffice find 张秀英", "gridoffice find zxy --limit 5", "gridoffice find 1234 --json"),
    "grids": ("gridoffice grids list", "gridoffice grids check", "gridoffice grids roster"),
    "health": ("gridoffice health tiers --on 2023-01-07", "gridoffice health rules",
               "gridoffice health cards --grid YMC-01-03 --out 床头联系卡.pdf"),
    "import": ("gridoffice import 花名册.xlsx --dry-run",
               "gridoffice import 花名册.xlsx --rejected 未导入.xlsx --map 联系人电话=phone"),
    "matters": ("gridoffice matters list", "gridoffice matters stats"),
    "package": ("gridoffice package export --out 甲村-12月.gopkg --level full --cover 报送封面.pdf",
                "gridoffice package import 甲村-12月.gopkg --dry-run",
                "gridoffice package receipt 甲村-12月.回执.gorcpt"),
    "poster": ("gridoffice poster --grid YMC-01-03 --out 公示牌.pdf",
               "gridoffice poster --all --one-file --paper A3 --out 全部公示牌.pdf"),
    "restore": ("gridoffice restore backups/gridoffice-2023-01-07.db",),
    "medicine": ("gridoffice medicine list --expiring",
                 "gridoffice medicine in --item 布洛芬缓释胶囊 --spec 0.3g×20粒 --qty 10 --expiry 2027-06-30 --from 爱心药店",
                 "gridoffice medicine out --item 布洛芬缓释胶囊 --qty 1 --to-person 510112197809255087 --by 周婷",
                 "gridoffice medicine log --from 2023-01-01 --to 2023-01-31"),
    "services": ("gridoffice services record --household YMC01012 --type 送医到家 --by 周婷",
                 "gridoffice services counts --month 2023-01-07"),
    "settings": ("gridoffice settings", "gridoffice settings --json"),
    "stats": ("gridoffice stats --on 2023-01-07", "gridoffice stats --json"),
    "visits": ("gridoffice visits due", "gridoffice visits rules"),
}


def attach(subparsers: Any) -> None:
    """Each command's examples as the epilog of its help."""
    for name, parser in subparsers.choices.items():
        lines = EXAMPLES.get(name)
        if lines and not parser.epilog:
            parser.epilog = tr("例：") + "\n" + "\n".join("  " + line for line in lines)

"""What to do next after an exchange refusal, said for each surface: the sentence itself never
names a command-line flag or a button (``domain.errors.Refusal``); these are its ``hint_cli`` /
``hint_gui``, passed as keyword arguments (``raise Held(sentence, **hints.force())``). ``cli_only`` and
``hints`` are the services' own (``services.errors``)."""

from __future__ import annotations

from gridoffice.i18n import tr
from gridoffice.services.errors import cli_only, hints

__all__ = ["cli_only", "force", "office_key", "rekey", "street_key"]


def force() -> dict[str, str]:
    return hints(cli=tr("确需导入请加 --force 重新运行。"), gui=tr("确需导入请按“强制导入”。"))


def rekey(office: str, file: str) -> dict[str, str]:
    return hints(cli=tr("更换密钥：gridoffice package peer --rekey {office} --from-package {file}").format(
        office=office, file=file), gui=tr("核对无误后按“更换密钥…”（在“汇总台”选中这个单位也可以）。"))


def street_key() -> dict[str, str]:
    return hints(cli=tr("设置：gridoffice package street-key --set 密钥"),
                 gui=tr("请在“发送”页按“密钥…”，填入街道下发的化名密钥。"))


def office_key() -> dict[str, str]:
    return hints(cli=tr("在原电脑运行 gridoffice package key --export 文件，再在本机 --import 这个文件；"
                        "原电脑已坏时用 gridoffice package key --new 生成新密钥。"),
                 gui=tr("请在“发送”页按“密钥…”导入原电脑导出的密钥文件；原电脑已坏时在那里生成新密钥。"))


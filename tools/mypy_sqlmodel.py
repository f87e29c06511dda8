"""A mypy plugin for SQLModel table classes, which mypy reads as plain dataclasses.

``Person.birth_date`` on the class is a column in a query (``Person.birth_date.is_(None)``),
but SQLModel declares it as the Python value (``date | None``): every query would be an error.
On a table class, a field read from the class is typed ``Any`` (as SQLAlchemy's mapped
attribute is), and the class has ``__table__``; read from an instance, a field keeps its type.
Used by ``[tool.mypy] plugins`` in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import Var
from mypy.plugin import AttributeContext, ClassDefContext, Plugin
from mypy.plugins.common import add_attribute_to_class
from mypy.types import AnyType, Type, TypeOfAny

SQLMODEL = "sqlmodel.main.SQLModel"


class SQLModelColumns(Plugin):
    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        owner, _, name = fullname.rpartition(".")
        symbol = self.lookup_fully_qualified(owner)
        info = getattr(symbol, "node", None)
        if info is None or not hasattr(info, "has_base") or not info.has_base(SQLMODEL):
            return None
        field = info.get(name)
        if field is None or not isinstance(field.node, Var) or name.startswith("__"):
            return None
        return _column

    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        return _add_table if fullname == SQLMODEL else None


def _column(ctx: AttributeContext) -> Type:
    return AnyType(TypeOfAny.special_form)


def _add_table(ctx: ClassDefContext) -> None:
    if "__table__" not in ctx.cls.info.names:
        add_attribute_to_class(ctx.api, ctx.cls, "__table__", AnyType(TypeOfAny.special_form))


def plugin(version: str) -> type[Plugin]:
    return SQLModelColumns

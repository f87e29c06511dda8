"""Alembic environment. The program runs migrations itself (store/migrate.py) and passes
the connection in ``config.attributes['connection']``; ``alembic`` on the command line works
too with ``-x url=…``."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from gridoffice.store import models  # noqa: F401  (registers the tables)
from gridoffice.store.engine import resolve_url

config = context.config
target_metadata = SQLModel.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or resolve_url()
    with create_engine(url, hide_parameters=True).connect() as conn:
        _run(conn)
        conn.commit()

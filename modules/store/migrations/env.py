"""Alembic environment: migrations run on a connection handed in by ``schema.upgrade``."""

from alembic import context
from sqlalchemy import text

from modules.store.db import engine_for
from modules.store.tables import metadata


def _run(connection) -> None:
    if connection.dialect.name == "postgresql":
        # Two replicas starting together must not both create the tables.
        connection.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    with engine_for(context.config.get_main_option("sqlalchemy.url")).connect() as fresh:
        _run(fresh)
        fresh.commit()
else:
    _run(connection)

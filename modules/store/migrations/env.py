"""Alembic environment: migrations run on a connection handed in by ``schema.upgrade``."""

from alembic import context
from sqlalchemy import text

from modules.store.db import engine_for
from modules.store.tables import metadata


def _run(connection) -> None:
    # Two processes upgrading together (replicas starting, or `workshop db upgrade` beside a
    # running server) must not both create the tables: the second waits, then finds head.
    # Either way the whole upgrade is one transaction, committed by the caller.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the engine is in autocommit mode
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

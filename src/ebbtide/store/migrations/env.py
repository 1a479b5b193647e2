"""Alembic environment: migrations run on the connection ebbtide hands over."""

from __future__ import annotations

from alembic import context

from ebbtide.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used by `alembic` from a shell
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///ebbtide-dev.db"
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        context.run_migrations()
else:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    context.run_migrations()

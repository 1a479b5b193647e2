"""Alembic migrations of the ebbtide store, run programmatically by ``store.engine``."""

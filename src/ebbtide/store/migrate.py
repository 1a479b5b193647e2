"""Running the Alembic migrations programmatically (imported only when needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


class Writable(Protocol):
    """What a migration needs of a store (``store.engine.Store``): its writing engine."""

    @property
    def writer(self) -> Engine: ...


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def known_revisions() -> set[str]:
    """Every revision this version of ebbtide knows."""
    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def head_revision() -> str:
    """The newest migration."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def upgrade(store: Writable, target: str = "head") -> None:
    """Migrate the store to ``target`` in one transaction."""
    cfg = _config()
    with store.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)

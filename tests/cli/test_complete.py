"""Shell completion offers vocabulary codes and known people."""

from __future__ import annotations

import pytest

from ebbtide import service
from ebbtide.cli import complete
from ebbtide.service.context import Context


def test_vocabulary_completion() -> None:
    assert complete.complete_states("sh") == ["shut-down"]
    assert complete.complete_body("heaviness,ti") == ["heaviness,tight-chest"]
    assert complete.complete_channels("") == ["in-person", "call", "video", "text", "social"]


def test_people_completion_reads_the_store(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    service.add_person(ctx, "Samira")
    service.add_person(ctx, "Lea")
    monkeypatch.setenv("EBBTIDE_DB", str(ctx.store.path))
    assert complete.complete_people("sa") == ["Samira"]
    monkeypatch.setenv("EBBTIDE_DB", "/nonexistent/folder/x.db")
    assert complete.complete_people("sa") == []

"""The whole command line: ``app`` with every command module attached."""

from __future__ import annotations

import typer

from ebbtide.cli.app import app


def register() -> typer.Typer:
    """Import every command module so its commands attach to ``app``."""
    from ebbtide.cli import (  # noqa: F401
        assess,
        away,
        calendar,
        capture,
        cohort,
        data,
        demo,
        fhir_export,
        insights,
        passive,
        plans,
        protect,
        report,
        safety_plan,
        therapy_sessions,
        views,
        web,
    )

    return app

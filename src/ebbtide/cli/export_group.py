"""The shared `ebbtide export` group: each export format registers its own command on it."""

from __future__ import annotations

import typer

from ebbtide.cli.app import app

export_app = typer.Typer(
    help="Export your records to files (nothing is sent anywhere).", no_args_is_help=True
)
app.add_typer(export_app, name="export")

"""The shared `ebbtide export` group: each export format registers its own command on it."""

from __future__ import annotations

import typer

export_app = typer.Typer(
    help="Export your records to files you control (nothing is sent anywhere).",
    no_args_is_help=True,
)

import typer

export_app = typer.Typer(help="Export your data to files you control.", no_args_is_help=True)

"""The single exit point of the command line: run the app, map errors to exit codes."""

from __future__ import annotations

import os
import sys

from ebbtide.cli import messages as msg
from ebbtide.cli import output


def run(argv: list[str] | None = None) -> int:
    """Run ebbtide with ``argv``; return the exit code (0 ok, 1 failure, 2 bad input)."""
    args = sys.argv[1:] if argv is None else argv
    from ebbtide.cli.fast import try_fast_checkin

    fast = try_fast_checkin(args)
    if fast is not None:
        return fast

    import typer

    from ebbtide.cli.app import register
    from ebbtide.domain.errors import EbbtideError

    app = register()
    try:
        result = app(args=args, prog_name="ebbtide", standalone_mode=False)
    except EbbtideError as exc:
        output.error(exc.message)
        return exc.exit_code
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0))
    except typer.Abort:
        output.error(msg.INTERRUPTED)
        return 130
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `ebbtide` or a bare group
            sys.stdout.write(exc.format_message() + "\n")
            return 0
        output.error(_one_line(exc))
        return int(exc.exit_code)
    except KeyboardInterrupt:
        output.error(msg.INTERRUPTED)
        return 130
    except Exception as exc:  # last resort: never show a traceback to a person
        if os.environ.get("EBBTIDE_DEBUG"):
            raise
        output.error(msg.UNEXPECTED.format(kind=type(exc).__name__))
        return 1
    return int(result) if isinstance(result, int) else 0


def _one_line(exc: Exception) -> str:
    fmt = getattr(exc, "format_message", None)
    text = " ".join((fmt() if callable(fmt) else str(exc)).split())
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and getattr(ctx, "command_path", None):
        text += f" (see `{ctx.command_path} --help`)"
    return text


def entrypoint() -> None:
    """Console-script entry point."""
    sys.exit(run())


if __name__ == "__main__":
    entrypoint()

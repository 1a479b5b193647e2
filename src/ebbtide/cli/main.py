"""The single exit point of the command line: run the app, map errors to exit codes."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

from ebbtide.cli import messages as msg
from ebbtide.cli import output


def run(argv: list[str] | None = None) -> int:
    """Run ebbtide with ``argv``; return the exit code (0 ok, 1 failure, 2 bad input).

    The acknowledged-write rule: once something is committed, the command exits 0 and
    says it was saved, even if printing the result then fails (a full disk, a closed
    pipe); an error before the commit says that nothing was saved. Every path, the fast
    check-in included, ends here: no error or Ctrl-C ever shows a traceback.
    """
    args = sys.argv[1:] if argv is None else argv
    opts: Any = None  # the full command line's options, once it is loaded
    try:
        from ebbtide.cli.fast import try_fast_checkin

        fast = try_fast_checkin(args)
        if fast is not None:
            return _finish(fast, saved=fast == 0)
        from ebbtide.cli.app import Options
        from ebbtide.cli.commands import register

        app = register()
        opts = Options()
        result = app(args=args, prog_name="ebbtide", standalone_mode=False, obj=opts)
        return _finish(int(result) if isinstance(result, int) else 0, saved=opts.saved())
    except KeyboardInterrupt:
        output.error(msg.INTERRUPTED)
        return 130
    except Exception as exc:  # last resort included: never show a traceback to a person
        return _failed(exc, opts)


def _failed(exc: Exception, opts: Any) -> int:
    """The exit code for an error that ended the command, after saying what happened."""
    from ebbtide.domain.errors import EbbtideError, in_words

    if isinstance(exc, EbbtideError):
        output.error(in_words(exc, msg.ERRORS))
        return exc.exit_code
    if opts is None:  # in the fast check-in path, which prints only after its commit
        if isinstance(exc, OSError):
            return _saved_anyway(exc)
    else:
        import typer

        if isinstance(exc, typer.Exit):
            return _finish(int(getattr(exc, "exit_code", 0)), saved=opts.saved())
        if isinstance(exc, typer.Abort):
            if not sys.stdin.isatty():  # a question with nobody to answer it: bad input
                output.error(msg.NEEDS_ANSWER)
                return 2
            output.error(msg.INTERRUPTED)
            return 130
        if isinstance(exc, typer.TyperException):
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `ebbtide` or a bare group
                sys.stdout.write(exc.format_message() + "\n")
                return _finish(0, saved=False)
            output.error(_one_line(exc))
            return int(exc.exit_code)
        if opts.saved():
            return _saved_anyway(exc)
    if os.environ.get("EBBTIDE_DEBUG"):
        raise exc
    if isinstance(exc, OSError):
        from ebbtide.service import problem_in_words

        output.error(msg.NOT_SAVED_FILE.format(problem=problem_in_words(exc)))
        return 2 if exc.errno in _PATH_GIVEN_WRONG else 1
    output.error(msg.UNEXPECTED.format(kind=type(exc).__name__))
    return 1


_PATH_GIVEN_WRONG = frozenset(
    {errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ELOOP, errno.EINVAL}
)
"""File errors that come from the path the user gave (bad input: exit 2), not from the
machine (a full disk, a failing device: exit 1)."""


def _problem(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        from ebbtide.service import problem_in_words

        return problem_in_words(exc)
    return type(exc).__name__


def _saved_anyway(exc: BaseException) -> int:
    """After a commit: say it was saved (on stderr, stdout may be what failed); exit 0."""
    with contextlib.suppress(OSError):  # nowhere left to say it: the exit code still does
        output.error(msg.SAVED_NOT_SHOWN.format(problem=_problem(exc)))
    return 0


def _finish(code: int, *, saved: bool) -> int:
    """Flush what was printed; a failure then is a failure only if nothing was saved."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        if saved:
            return _saved_anyway(exc)
        with contextlib.suppress(OSError):
            output.error(msg.NOT_SAVED_FILE.format(problem=_problem(exc)))
        return code or 1
    return code


def _one_line(exc: Exception) -> str:
    fmt = getattr(exc, "format_message", None)
    text = " ".join((fmt() if callable(fmt) else str(exc)).split())
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and getattr(ctx, "command_path", None):
        text += f" (see `{ctx.command_path} --help`)"
    return text


def entrypoint() -> None:
    """Console-script entry point."""
    code = run()
    try:
        sys.stdout.flush()
    except OSError:
        # stdout cannot take the rest (a full disk, a closed pipe): the exit code already
        # says what happened, so let the interpreter's last flush go nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(code)


if __name__ == "__main__":
    entrypoint()

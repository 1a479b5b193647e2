"""Errors carry a code and parameters; each face words them from its own catalogue."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ebbtide.cli import messages as cli_messages
from ebbtide.domain.errors import (
    DEFAULT_WORDS,
    EbbtideError,
    ErrorCode,
    NotFoundError,
    ValidationError,
    in_words,
)
from ebbtide.server import messages as server_messages
from ebbtide.web import messages as web_messages

SRC = Path(__file__).resolve().parents[2] / "src" / "ebbtide"
CATALOGUES = {
    "default": DEFAULT_WORDS,
    "cli": cli_messages.ERRORS,
    "web": web_messages.ERRORS,
    "server": server_messages.ERRORS,
}
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("face", sorted(CATALOGUES))
def test_every_code_has_a_message_in_each_catalogue(face: str) -> None:
    assert set(CATALOGUES[face]) == set(ErrorCode)


@pytest.mark.parametrize("code", list(ErrorCode))
def test_no_catalogue_asks_for_a_parameter_the_default_does_not_have(code: ErrorCode) -> None:
    # The default wording names every parameter a raise site gives.
    given = _fields(DEFAULT_WORDS[code])
    for face, catalogue in CATALOGUES.items():
        assert _fields(catalogue[code]) <= given, (face, code)


@pytest.mark.parametrize("face", ["default", "web", "server"])
def test_only_the_command_line_names_its_options(face: str) -> None:
    for code, text in CATALOGUES[face].items():
        assert not FLAG.search(text), (face, code, text)


def _messages(path: Path) -> list[tuple[int, str]]:
    """String literals of a module that are not docstrings (f-strings joined)."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            found.append((node.lineno, node.value))
    return found


@pytest.mark.parametrize("layer", ["domain", "store", "service", "interop"])
def test_no_service_or_store_message_mentions_a_flag(layer: str) -> None:
    hits = [
        f"{path.relative_to(SRC)}:{line}: {text}"
        for path in sorted((SRC / layer).rglob("*.py"))
        for line, text in _messages(path)
        if FLAG.search(text)
    ]
    assert hits == []


def test_a_coded_error_has_its_default_words_and_each_face_its_own() -> None:
    err = ValidationError("since", code=ErrorCode.PERIOD_REVERSED)
    assert err.message == "the first day is after the last day"
    assert in_words(err, cli_messages.ERRORS) == "--since is after --until"
    assert in_words(err, web_messages.ERRORS) == "'since' is after 'until'"
    assert err.field == "since" and err.exit_code == 2


def test_parameters_fill_the_words() -> None:
    err = NotFoundError(code=ErrorCode.NO_DATABASE, params={"path": "/x/e.db"})
    assert err.message == "there is no ebbtide database at /x/e.db yet; log something first"
    assert in_words(err, cli_messages.ERRORS).endswith("or run `ebbtide demo`")


def test_an_uncoded_error_is_worded_as_its_message() -> None:
    err = EbbtideError("plain words")
    assert err.code is None and in_words(err, cli_messages.ERRORS) == "plain words"


def test_an_error_needs_words_or_a_code() -> None:
    with pytest.raises(TypeError):
        EbbtideError()

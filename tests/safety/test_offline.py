"""The detector never touches the network: not to load its model, not to score a note."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide.safety import detect, learned

SRC = Path(__file__).resolve().parents[2] / "src"

# Run before anything of ebbtide is imported, so the very first load is covered too.
BLOCKED_RUN = """
import socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(args[:1])
    raise OSError("network blocked by the test")
class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse(*args)
socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
from ebbtide.safety import detect
from ebbtide.safety.learned import model
assert model() is not None, "model did not load"
d = detect("been looking at which bridge is highest")
print(d.flagged, len(attempts), "wordllama" in sys.modules, "tokenizers" in sys.modules)
"""


def test_first_load_and_scoring_with_sockets_blocked() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("HF_HUB_OFFLINE", None)  # the detector must not rely on this being set
    out = subprocess.run(
        [sys.executable, "-c", BLOCKED_RUN], env=env, capture_output=True, text=True, check=True
    )
    # flagged, no connection attempted, and neither wordllama nor a tokenizer library loaded
    assert out.stdout.split() == ["True", "0", "False", "False"]


def test_in_process_reload_with_sockets_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> socket.socket:
        attempts.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(learned, "_STATE", {})  # not loaded yet
    assert learned.model() is not None
    assert detect("wanna unalive myself tbh").flagged
    assert attempts == []

"""The server package's public API is exactly what ``__all__`` names."""

from __future__ import annotations

import ebbtide.server as server


def test_all_matches_the_public_names() -> None:
    public = {n for n in vars(server) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(server, n)).__name__ == "module"}
    assert set(server.__all__) == public - modules
    assert server.__all__ == sorted(server.__all__)

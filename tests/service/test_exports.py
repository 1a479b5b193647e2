"""The service package's public API is exactly what it declares."""

from __future__ import annotations

import ebbtide.service as service


def test_all_matches_public_names() -> None:
    public = {n for n in vars(service) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(service, n)).__name__ == "module"}
    assert set(service.__all__) == public - modules
    assert service.__all__ == sorted(service.__all__, key=lambda n: (not n[0].isupper(), n))

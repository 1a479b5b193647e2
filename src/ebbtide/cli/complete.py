"""Shell completion for vocabulary codes and people's names."""

from __future__ import annotations

from ebbtide.domain import vocab


def _codes(v: vocab.Vocabulary, incomplete: str) -> list[str]:
    return [c for c in v.codes if c.startswith(incomplete.lower())]


def complete_states(incomplete: str) -> list[str]:
    """Nervous-system states."""
    return _codes(vocab.STATES, incomplete)


def complete_body(incomplete: str) -> list[str]:
    """Body signals; completes the last item of a comma-separated list."""
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    return [prefix + c for c in _codes(vocab.BODY_SIGNALS, last)]


def complete_appetites(incomplete: str) -> list[str]:
    """Social appetites."""
    return _codes(vocab.APPETITES, incomplete)


def complete_places(incomplete: str) -> list[str]:
    """Where something happened."""
    return _codes(vocab.PLACES, incomplete)


def complete_channels(incomplete: str) -> list[str]:
    """Contact channels."""
    return _codes(vocab.CHANNELS, incomplete)


def complete_initiators(incomplete: str) -> list[str]:
    """Who initiated."""
    return _codes(vocab.INITIATORS, incomplete)


def complete_activities(incomplete: str) -> list[str]:
    """Solitude activities."""
    return _codes(vocab.SOLITUDE_ACTIVITIES, incomplete)


def complete_responses(incomplete: str) -> list[str]:
    """Boundary responses."""
    return _codes(vocab.BOUNDARY_RESPONSES, incomplete)


def complete_kinds(incomplete: str) -> list[str]:
    """Record kinds."""
    return _codes(vocab.RECORD_KINDS, incomplete)


def complete_people(incomplete: str) -> list[str]:
    """Names of the people already logged (silently none if the store is unavailable)."""
    try:
        from ebbtide.service import list_people, open_context

        ctx = open_context(create=False)
        try:
            return [
                s.person.name
                for s in list_people(ctx)
                if s.person.name.lower().startswith(incomplete.lower())
            ]
        finally:
            ctx.close()
    except Exception:  # completion must never print a traceback into the shell
        return []

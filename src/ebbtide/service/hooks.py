"""Things the service checks after saving free text, such as crisis language.

The crisis-safety feature plugs its detector in here so that every way of saving text
(CLI, web, import) shows help in the same action. Until it lands, nothing is flagged.
"""

from __future__ import annotations

from ebbtide.service.context import Context


def notices_for_text(ctx: Context, text: str) -> tuple[str, ...]:
    """Messages to show right after saving ``text`` (never sent anywhere, never logged)."""
    del ctx, text
    return ()

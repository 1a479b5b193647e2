"""Things the service checks after saving free text, such as crisis language.

Every way of saving text (CLI, web, import) goes through ``notices_for_text`` so help is
shown in the same action that saved the text. Detection runs on this device; the text is
never sent anywhere and nothing about it is logged.
"""

from __future__ import annotations

from ebbtide.service.context import Context


def notices_for_text(ctx: Context, text: str) -> tuple[str, ...]:
    """Messages to show right after saving ``text`` (never sent anywhere, never logged)."""
    from ebbtide.service.safety import notices_for

    return notices_for(ctx, text)

"""vCard (.vcf) files: each card becomes one of the person's people.

The card's formatted name (``FN``, else ``N``) is the name; nothing else is copied
(no phone numbers or addresses: ebbtide does not need them). A person whose name is
already known is not added twice; the uid comes from the card's ``UID`` when it has one.
"""

from __future__ import annotations

import hashlib
import re

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import MAX_NAME, Person
from ebbtide.interop.bundle import Bundle


def _uid(card_uid: str | None, name: str) -> str:
    basis = card_uid or name.casefold()
    if card_uid and re.fullmatch(r"[0-9a-zA-Z_-]{8,64}", card_uid):
        return card_uid
    return "vcard-" + hashlib.sha256(basis.encode()).hexdigest()[:32]


def _name(card: object) -> str:
    contents = getattr(card, "contents", {})
    if "fn" in contents:
        return " ".join(str(contents["fn"][0].value).split())
    if "n" in contents:
        n = contents["n"][0].value
        return " ".join(f"{n.given} {n.family}".split())
    return ""


def parse_vcards(text: str) -> Bundle:
    """Read every card of a .vcf file; a broken card names its number and line."""
    import vobject

    bundle = Bundle()
    seen: set[str] = set()
    try:
        cards = list(vobject.readComponents(text))
    except vobject.base.ParseError as exc:
        line = getattr(exc, "lineNumber", None)
        where = f"line {line}" if line else "the file"
        raise ValidationError(
            "file", f"{where}: not a valid vCard ({exc.args[0] if exc.args else 'parse error'})"
        ) from exc
    if not cards:
        raise ValidationError("file", "no vCards found (a card starts with BEGIN:VCARD)")
    for i, card in enumerate(cards, 1):
        if getattr(card, "name", "").upper() != "VCARD":
            raise ValidationError("file", f"item {i} is a {card.name}, not a vCard")
        name = _name(card)
        if not name:
            raise ValidationError("name", f"card {i} has no name (FN)")
        if len(name) > MAX_NAME:
            raise ValidationError(
                "name", f"card {i}: the name is longer than {MAX_NAME} characters"
            )
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        uid_field = card.contents.get("uid")
        card_uid = str(uid_field[0].value).strip() if uid_field else None
        try:
            bundle.people.append((Person(name=name, uid=_uid(card_uid, name)), None))
        except ValidationError as exc:
            raise ValidationError(exc.field, f"card {i} ({name}): {exc.message}") from exc
    return bundle

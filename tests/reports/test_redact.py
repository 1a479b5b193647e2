"""Initials: labels, collisions and names inside free text."""

from __future__ import annotations

from ebbtide.reports.redact import Redactor, initials_of


def test_initials_of() -> None:
    assert initials_of("Lea Müller") == "LM"
    assert initials_of("Wilhelmina Okonkwo-Baptiste") == "WOB"
    assert initials_of("the choir") == "TC"
    assert initials_of("  ") == "?"


def test_names_in_text_are_reduced_whole_words_only() -> None:
    r = Redactor({1: "Sam", 2: "Lea Müller", 3: "Ada"}, initials=True)
    assert r.person(1) == "S" and r.person(2) == "LM"
    assert r.text("Called sam, then Lea Müller; Lea's cat; Canada; Samuel") == (
        "Called S, then LM; L's cat; Canada; Samuel"
    )
    assert r.label("Ada") == "A" and r.label("Someone New") == "SN"
    # a name ending a sentence leaves one full stop, not "with S.."
    assert r.text("Boundaries keep going unheard with Sam.") == (
        "Boundaries keep going unheard with S."
    )


def test_same_initials_stay_distinct() -> None:
    r = Redactor({1: "Sam", 2: "Sara", 3: "Sol"}, initials=True)
    assert [r.person(i) for i in (1, 2, 3)] == ["S", "a second S", "a third S"]  # in words


def test_without_initials_nothing_changes() -> None:
    r = Redactor({1: "Sam"})
    assert r.person(1) == "Sam" and r.text("with Sam") == "with Sam" and r.label("Sam") == "Sam"

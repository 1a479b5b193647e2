"""One vocabulary: every label defined once, every sentence in plain words that agree with
its label, the same sample-size rule for every relationship."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from ebbtide.demo import ARCHETYPES, generate
from ebbtide.domain import vocab
from ebbtide.insights.frames import frames_from_records
from ebbtide.insights.model import PHASES, RELATIONSHIP_KINDS, InsightReport, Questionnaire
from ebbtide.insights.report import build_insights
from ebbtide.insights.words import KIND_LABELS, MIN_CONTACTS, PHASE_LABELS, PHASE_MEANINGS

END = date(2026, 11, 21)

# Codes of every vocabulary that are not ordinary words ("shut-down", "screen-binge"...),
# plus the internal names that once leaked into sentences.
_CODES = sorted(
    {
        t.code
        for v in vars(vocab).values()
        if isinstance(v, vocab.Vocabulary)
        for t in v
        if "-" in t.code or "_" in t.code
    }
    | set(PHASES) - {"connected", "restoring", "drifting", "isolated"}
    | {"not-transforming", "too-early", "too little data"}
)
_JARGON = re.compile(
    r"'[a-z][a-z -]*'|\brung\b|\banchor\b|\bbaseline\b|\bCUSUM\b|\bscore [0-9.]+\b|\b[a-z]+_[a-z]+\b"
)


def _reports() -> list[InsightReport]:
    out = []
    for i, archetype in enumerate(ARCHETYPES):
        h = generate(archetype, days=400, end=END, seed=40 + i)
        people = {j + 1: n for j, (n, _r) in enumerate(h.people)}
        frames = frames_from_records(list(h.records()), people=people)
        heavy = Questionnaire(END, "PHQ-9", 16, "Moderately severe", heavy=True, alert=True)
        for as_of in (END, END - timedelta(days=120), h.truth.start + timedelta(days=3)):
            out.append(
                build_insights(
                    frames,
                    as_of,
                    365,
                    away=((END - timedelta(days=40), END - timedelta(days=30)),),
                    questionnaires=(heavy,),
                )
            )
    return out


@pytest.fixture(scope="module")
def reports() -> list[InsightReport]:
    return _reports()


def _sentences(r: InsightReport) -> list[str]:
    texts = [e.sentence for e in r.headline] + [e.sentence for e in r.recent]
    texts += [e.sentence for p in r.phases for e in p.evidence]
    texts += [e.sentence for rel in r.relationships for e in rel.evidence]
    texts += [e.sentence for e in r.pacing.window]
    if r.pacing.next_step:
        texts += [r.pacing.next_step.title, r.pacing.next_step.evidence.sentence]
    texts += [w.evidence.sentence for w in r.rhythm] + [e.reason for e in r.episodes]
    return texts


def test_every_phase_and_kind_has_one_label_and_meaning() -> None:
    assert set(PHASE_LABELS) == set(PHASES) == set(PHASE_MEANINGS)
    assert set(KIND_LABELS) == set(RELATIONSHIP_KINDS)


def test_no_sentence_carries_an_internal_code(reports: list[InsightReport]) -> None:
    seen = 0
    for r in reports:
        for text in _sentences(r):
            seen += 1
            assert not _JARGON.search(text), text
            for code in _CODES:
                assert code not in text, (code, text)
    assert seen > 1000
    assert {"shut-down", "need-solitude", "not-enough-to-say", "screen-binge"} <= set(_CODES)


def test_the_scan_would_catch_the_old_sentences() -> None:
    for old in (
        "You have been staying steady at 'share'; there is no need to go further.",
        "You have been staying steady up to 'meet'; the next rung is 'share'.",
        "No daily anchor happened on three days or more this week.",
    ):
        assert _JARGON.search(old)


_PHASE_WORDS = {
    "connected": "close to your usual",
    "restoring": "chosen retreat",
    "drifting": "below your usual",
    "isolated": "far below your usual",
    "not-enough-to-say": "not",
}


def test_the_first_sentence_of_each_day_agrees_with_its_phase(
    reports: list[InsightReport],
) -> None:
    phases = set()
    for r in reports:
        for p in r.phases:
            phases.add(p.phase)
            assert _PHASE_WORDS[p.phase] in p.evidence[0].sentence, (p.phase, p.evidence[0])
            if p.phase == "not-enough-to-say":
                assert "enough to say" in p.evidence[0].sentence or "does not read" in (
                    p.evidence[0].sentence
                )
    assert phases >= {"connected", "drifting", "isolated", "not-enough-to-say"}


_KIND_WORDS = {
    "nourishing": "nourish",
    "mixed": "some of it helps",
    "depleting": "cost you more",
    "not-transforming": "dismissed, refused or punished",
    "too-early": "too early to say",
}


def test_relationship_labels_follow_one_sample_size_rule(reports: list[InsightReport]) -> None:
    kinds = set()
    for r in reports:
        for rel in r.relationships:
            kinds.add(rel.kind)
            assert _KIND_WORDS[rel.kind] in rel.evidence[0].sentence
            if rel.kind != "not-transforming":
                assert (rel.kind == "too-early") == (rel.contacts < MIN_CONTACTS), rel
    assert {"nourishing", "not-transforming"} <= kinds


def test_a_heavy_day_is_said_when_the_pattern_reads_connected(
    reports: list[InsightReport],
) -> None:
    checked = 0
    for r in reports:
        if r.current is not None and r.as_of == END and r.current.phase == "connected":
            checked += 1
            assert r.recent_disagrees
            assert "heavier than the longer pattern" in r.headline[2].sentence
            assert any("PHQ-9" in e.sentence for e in r.recent)
    assert checked

"""The therapist report from a year of demo data: only what was chosen, names reduced to
initials everywhere in the bytes, the PDF's pages checked with poppler."""

from __future__ import annotations

import re
import subprocess
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from ebbtide.demo import generate
from ebbtide.demo.texts import NAMES
from ebbtide.domain.errors import NotFoundError, ValidationError
from ebbtide.domain.timekeeping import day_bounds, to_epoch
from ebbtide.insights.model import InsightReport
from ebbtide.reports.document import NOT_A_DEVICE, SECTIONS
from ebbtide.service.capture import add_boundary, add_checkin, add_contact, add_reflection
from ebbtide.service.context import Context, open_context
from ebbtide.service.demo_data import seed_history
from ebbtide.service.plans import plan_step
from ebbtide.service.report import ReportOptions, build_report, parse_note, parse_sections
from ebbtide.service.therapy_sessions import add_therapy_session
from ebbtide.store import schema
from tests.conftest import TZ, fixed_clock
from tests.support.insights import insights_from_store

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# A name that cannot occur by chance in fonts, SVG paths or compressed streams.
SECRET = "Wilhelmina Okonkwo-Baptiste"
SECRET_PARTS = ("Wilhelmina", "Okonkwo", "Baptiste")


class Demo:
    """A year of demo history plus a few records that name SECRET."""

    def __init__(
        self,
        ctx: Context,
        insights: InsightReport,
        reflection_id: int,
        boundary_id: int,
        private_note: str,
    ) -> None:
        self.ctx = ctx
        self.insights = insights
        self.reflection_id = reflection_id
        self.boundary_id = boundary_id
        self.private_note = private_note


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    db = tmp_path_factory.mktemp("report") / "demo.db"
    ctx = open_context(str(db), tz=TZ, clock=fixed_clock)
    today = ctx.today()
    h = generate("story", days=365, end=today, seed=11, tz=TZ, day_start_hour=ctx.day_start_hour)
    seed_history(ctx, h)
    for days_ago in (3, 6, 9):
        add_contact(
            ctx,
            [SECRET],
            when=f"{days_ago} days ago",
            channel="call",
            minutes=20,
            safety=4,
            reciprocity=4,
            after="connected",
            create_missing=True,
            note=f"{SECRET} listened",
        )
    b = add_boundary(
        ctx,
        SECRET,
        asked=f"I told {SECRET} I need Sundays quiet",
        received="honoured",
        when="2 days ago",
    )
    plan_step(ctx, "Call Wilhelmina on Sunday", level=3, planned_for=today + timedelta(days=2))
    r = add_reflection(
        ctx,
        "What felt easier than expected?",
        "It was easier with Wilhelmina than I feared.",
        when="yesterday",
    )
    private = "a private check-in note that was never picked"
    add_checkin(ctx, "connected", note=private, when="yesterday")
    add_therapy_session(ctx, today - timedelta(days=14))
    insights = insights_from_store(ctx, h.truth, today)
    yield Demo(ctx, insights, r.record.id or 0, b.record.id or 0, private)
    ctx.close()


def _pdf_pages(pdf: Path, out_dir: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(out_dir / "page")], check=True)
    return sorted(out_dir.glob("page-*.png"))


def _pdftotext(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _inflated_streams(data: bytes) -> list[bytes]:
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            out.append(m.group(1))
    return out


def _contains_anywhere(data: bytes, word: str) -> bool:
    blobs = [data, *_inflated_streams(data)]
    needles = [word.encode("utf-8"), word.encode("utf-16-be"), word.upper().encode("latin-1")]
    return any(n in b for b in blobs for n in needles)


@pytest.mark.slow
def test_pdf_holds_exactly_the_chosen_sections(demo: Demo, tmp_path: Path) -> None:
    chosen = ("phases", "states", "boundaries", "plans", "reflections")
    doc = build_report(
        demo.ctx,
        ReportOptions(
            sections=chosen, since_last_session=True, notes=(("reflection", demo.reflection_id),)
        ),
        insights=demo.insights,
    )
    assert doc.pdf is not None and doc.pages is not None
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(doc.pdf)
    pngs = _pdf_pages(pdf, tmp_path)
    assert len(pngs) == doc.pages
    # page one alone, then the sections one after another: no page per short section
    assert 2 <= doc.pages <= len(chosen)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-page-1.png").write_bytes(pngs[0].read_bytes())

    text = " ".join(_pdftotext(pdf).split())
    for code, heading in SECTIONS.items():
        assert (heading in text) == (code in chosen), heading
    start = demo.ctx.today() - timedelta(days=14)
    assert doc.start == start and doc.end == demo.ctx.today()
    range_text = f"{start.day} {start:%b %Y} – {doc.end.day} {doc.end:%b %Y}"
    for page in range(1, doc.pages + 1):
        page_text = " ".join(_pdftotext(pdf, page).split())
        assert range_text in page_text, page
        assert "generated 21 Nov 2026, 15:00 (Europe/Berlin)" in page_text, page
        assert "ebbtide is not a medical device" in page_text, page
    page_one = " ".join(_pdftotext(pdf, 1).split())
    assert page_one.startswith("ebbtide · shared summary") and "Since the last session" in page_one
    # the whole summary fits on page one: its closing line is there, sections start after
    assert "In this report: Phases over time · State mix over time" in page_one
    assert SECTIONS["phases"] not in " ".join(page_one.split("In this report:")[0].split())
    # free text only when picked: the picked reflection is in, an unpicked note is not
    assert "It was easier with Wilhelmina than I feared." in text
    assert demo.private_note not in text
    assert "I need Sundays quiet" not in text


@pytest.mark.slow
def test_initials_leave_no_full_name_in_any_byte(demo: Demo, tmp_path: Path) -> None:
    doc = build_report(
        demo.ctx,
        ReportOptions(
            start=demo.ctx.today() - timedelta(days=27),
            initials=True,
            notes=(("reflection", demo.reflection_id), ("boundary", demo.boundary_id)),
        ),
        insights=demo.insights,
    )
    assert doc.pdf is not None
    html = doc.html.encode("utf-8")
    pdf = tmp_path / "initials.pdf"
    pdf.write_bytes(doc.pdf)
    text = _pdftotext(pdf)
    for part in SECRET_PARTS:
        assert part not in doc.html
        assert not _contains_anywhere(html, part), part
        assert not _contains_anywhere(doc.pdf, part), part
        assert part not in text
    # the demo's everyday names, as whole words, in the visible text of both files
    visible_html = re.sub(r"<[^>]+>", " ", doc.html)
    for name, _ in NAMES:
        pattern = re.compile(rf"(?<!\w){name}(?!\w)", re.IGNORECASE)
        assert not pattern.search(visible_html), name
        assert not pattern.search(text), name
    # the picked texts are there, reduced
    assert "It was easier with W than I feared." in " ".join(text.split())
    assert "I told WOB I need Sundays quiet" in " ".join(text.split())
    assert "People appear as initials." in doc.html


@pytest.mark.slow
def test_page_one_alone_is_one_page(demo: Demo) -> None:
    doc = build_report(demo.ctx, ReportOptions(sections=()), insights=demo.insights)
    assert doc.pages == 1
    assert "Only this page was chosen." in doc.html


def test_html_is_self_contained_and_shows_only_picked_text(demo: Demo) -> None:
    doc = build_report(demo.ctx, ReportOptions(pdf=False), insights=demo.insights)
    assert doc.pdf is None and doc.pages is None
    html = doc.html
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", html, re.IGNORECASE)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert html.count("<svg") >= 5  # summary and section charts, inline
    assert NOT_A_DEVICE in html
    assert demo.private_note not in html
    assert "It was easier with Wilhelmina" not in html  # reflection not picked this time
    assert "(not shared)" in html  # boundary wording withheld unless picked
    for heading in SECTIONS.values():
        assert heading in html


def test_the_insight_sections_read_the_real_insights(demo: Demo) -> None:
    doc = build_report(
        demo.ctx, ReportOptions(sections=("phases", "relationships"), pdf=False), insights=None
    )
    assert "not available here yet" not in doc.html
    assert SECTIONS["phases"] in doc.html and SECTIONS["states"] not in doc.html
    assert "Mara" in doc.html  # the relationship map names the depleting relationship


def test_assessments_are_listed_with_their_bands(ctx: Context) -> None:
    add_checkin(ctx, "connected", when="yesterday")
    doc = build_report(ctx, ReportOptions(sections=("assessments",), pdf=False))
    assert "No questionnaires were filled in" in doc.html
    at = day_bounds(ctx.today() - timedelta(days=3), ctx.tz)[0] + timedelta(hours=5)
    ctx.store.write(
        lambda c: c.execute(
            insert(schema.assessments).values(
                uid="a" * 16,
                subject_id=ctx.subject_id,
                at=to_epoch(at),
                tz=ctx.tz,
                instrument="PHQ-9",
                answers="[]",
                total=7,
                band="mild",
                result="{}",
            )
        )
    )
    doc = build_report(ctx, ReportOptions(sections=("assessments",), pdf=False))
    assert "PHQ-9" in doc.html and "mild" in doc.html
    assert "Latest questionnaire: PHQ-9" in doc.html


def test_since_last_session_needs_a_session(ctx: Context) -> None:
    add_checkin(ctx, "connected")
    with pytest.raises(NotFoundError, match="no session is recorded yet"):
        build_report(ctx, ReportOptions(since_last_session=True, pdf=False))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ReportOptions(start=date(2026, 11, 20), end=date(2026, 11, 1)), "start is after"),
        (ReportOptions(end=date(2027, 1, 1)), "not happened yet"),
        (ReportOptions(notes=(("checkin", 999),)), "no checkin #999"),
    ],
)
def test_bad_options_are_refused(ctx: Context, options: ReportOptions, message: str) -> None:
    add_checkin(ctx, "connected")
    with pytest.raises((ValidationError, NotFoundError), match=message):
        build_report(ctx, options)


def test_a_picked_record_without_a_note_is_refused(ctx: Context) -> None:
    saved = add_checkin(ctx, "connected")
    with pytest.raises(ValidationError, match="has no note to share"):
        build_report(ctx, ReportOptions(notes=(("checkin", saved.record.id or 0),), pdf=False))


def test_parse_sections_and_notes() -> None:
    assert parse_sections(None) == tuple(SECTIONS)
    assert parse_sections("states, phases") == ("phases", "states")
    assert parse_sections("none") == ()
    with pytest.raises(ValidationError, match="unknown section 'moods'"):
        parse_sections("states,moods")
    assert parse_note("reflection:#12") == ("reflection", 12)
    with pytest.raises(ValidationError):
        parse_note("diary:3")


def test_a_positive_item_9_is_said_first_on_page_one(ctx: Context, tmp_path: Path) -> None:
    from ebbtide.service.assessments import take_assessment

    add_checkin(ctx, "connected", when="yesterday")
    take_assessment(ctx, "phq9", [1, 1, 0, 1, 0, 0, 1, 0, 2], when="2 days ago")
    take_assessment(ctx, "phq9", [1, 1, 0, 1, 0, 0, 1, 0, 0], when="yesterday")
    doc = build_report(ctx, ReportOptions(sections=("states", "assessments"), pdf=True))
    line = "“Thoughts that you would be better off dead or of hurting yourself in some way”"
    assert (
        doc.html.count("Safety: on ") == 1 and "was answered “More than half the days”" in doc.html
    )
    page_one = doc.html[: doc.html.index("</section>")]
    assert line in page_one and page_one.index("Safety: on") < page_one.index('class="summary"')
    assert doc.pdf is not None
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(doc.pdf)
    text = " ".join(_pdftotext(pdf, 1).split())
    assert "Safety: on" in text and "More than half the days" in text
    # Without the questionnaires section the line is not there (the person chose not to share).
    assert (
        "Safety: on" not in build_report(ctx, ReportOptions(sections=("states",), pdf=False)).html
    )

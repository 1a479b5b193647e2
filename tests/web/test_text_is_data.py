"""Whatever a person types is rendered as data on every page and in the report: no page
fails on it, markup never comes through, and crisis text gets help in the same response."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.texts import CRISIS, nasty_text

HELP = "help is available right now"
PAGES = ("/", "/timeline", "/insights", "/people", "/reflections", "/steps", "/report/view")
RAW = "<script>alert(1)</script>"


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=nasty_text, crisis=st.booleans())
def test_any_text_renders_as_data_everywhere(
    client: TestClient, token: str, text: str, crisis: bool
) -> None:
    typed = f"{text} {CRISIS}" if crisis else text
    saves = (
        ("/checkin", {"state": "shut-down", "note": typed}),
        ("/contact", {"people": (text.strip() or "Sam")[:60], "note": typed}),
        ("/reflections", {"prompt": typed, "answer": typed}),
        ("/steps", {"title": typed}),
    )
    for path, fields in saves:
        r = client.post(path, data={"csrf_token": token, **fields})
        assert r.status_code in (200, 422), (path, r.status_code)
        assert RAW not in r.text
        if r.status_code == 200 and crisis and path != "/contact":
            assert HELP in r.text, path
    for page in PAGES:
        r = client.get(page)
        assert r.status_code == 200, (page, r.status_code)
        assert RAW not in r.text

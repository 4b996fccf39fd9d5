"""Issue 11 (link checker part): statuses are an enum; the JSON and cache values stay the same."""

from __future__ import annotations

import json

from mlnotes.linkcheck import cache
from mlnotes.linkcheck.model import OK, STATUSES, PageOutcome, Result, Status


def test_status_values_are_the_json_values() -> None:
    assert [s.value for s in STATUSES] == [
        "ok",
        "redirected",
        "broken",
        "missing_fragment",
        "blocked",
        "rate_limited",
        "timeout",
        "error",
    ]
    assert OK is Status.OK and Status("missing_fragment") is Status.MISSING_FRAGMENT
    data = json.loads(json.dumps(Result(url="https://a/b", status=Status.MISSING_FRAGMENT).to_json()))
    assert data["status"] == "missing_fragment"
    assert json.dumps({s: 0 for s in STATUSES}).startswith('{"ok": 0, "redirected": 0')


def test_cache_round_trips_the_status(tmp_path) -> None:
    outcome = PageOutcome(url="https://a/b", status=Status.REDIRECTED, final_url="https://a/c", checked_at=1.8e9)
    entry = cache.entry(outcome)
    assert entry is not None and entry["status"] == "redirected" and type(entry["status"]) is str
    path = tmp_path / "c.json"
    cache.save(path, {"https://a/b": entry}, "ua")
    back = cache.lookup(cache.load(path), "https://a/b", now=1.8e9 + 10, max_age=60)
    assert back is not None and back.status is Status.REDIRECTED and back.final_url == "https://a/c"

"""Issue 10: the weekly link check opens or updates ONE issue, "AWS documentation changed".

The `issue` job's script runs here with a fake `gh` first on PATH (a small Python program that
serves a list of issues and records what it is asked to do), so no token and no network."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from mlnotes.paths import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "links.yml"
TITLE = "AWS documentation changed"

FAKE_GH = """#!{python}
import json, os, sys
state = os.environ["FAKE_GH_STATE"]
with open(state, encoding="utf-8") as fh:
    data = json.load(fh)
args = sys.argv[1:]
def opt(name):
    return args[args.index(name) + 1] if name in args else None
data["calls"].append(args)
if args[:2] == ["issue", "list"]:
    assert opt("--state") == "open", args
    fields = opt("--json").split(",")
    print(json.dumps([{{k: i[k] for k in fields}} for i in data["issues"] if i["state"] == "open"]))
elif args[:2] == ["issue", "edit"]:
    number = int(args[2])
    issue = next(i for i in data["issues"] if i["number"] == number)
    issue["body"] = open(opt("--body-file"), encoding="utf-8").read()
elif args[:2] == ["issue", "create"]:
    number = max([i["number"] for i in data["issues"]] + [0]) + 1
    body = open(opt("--body-file"), encoding="utf-8").read()
    data["issues"].append({{"number": number, "title": opt("--title"), "state": "open", "body": body}})
    print(f"https://github.com/o/r/issues/{{number}}")
else:
    sys.exit(f"fake gh: unexpected {{args}}")
with open(state, "w", encoding="utf-8") as fh:
    json.dump(data, fh)
"""


def load_workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_issue_job_permissions_and_trigger() -> None:
    data = load_workflow()
    job = data["jobs"]["issue"]
    assert job["permissions"] == {"issues": "write"}  # and nothing more
    assert data["permissions"] == {}
    assert data["jobs"]["links"]["permissions"] == {"contents": "read"}
    assert job["needs"] == "links"
    assert "needs.links.outputs.status == '1'" in job["if"]  # only when the check found something
    assert job["env"]["ISSUE_TITLE"] == TITLE
    assert not any("uses" in s for s in job["steps"])  # no third-party code holds the token
    check = next(s for s in data["jobs"]["links"]["steps"] if s.get("id") == "check")
    assert 'scripts/check_links.py --site site --format markdown --output "$GITHUB_STEP_SUMMARY"' in check["run"]


def run_issue_step(tmp_path: Path, issues: list[dict]) -> dict:
    job = load_workflow()["jobs"]["issue"]
    [step] = job["steps"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    state = tmp_path / "gh-state.json"
    state.write_text(json.dumps({"issues": issues, "calls": []}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GH_")}
    for key, value in job["env"].items():  # the job's env, with the ${{ }} values a run would give
        env[key] = value if "${{" not in str(value) else f"<{key}>"
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env['PATH']}",
        FAKE_GH_STATE=str(state),
        RUNNER_TEMP=str(tmp_path),
        REPORT="## AWS documentation links\n\n### Notices\n\n| **unacknowledged** | `end_of_support` | … |",
    )
    proc = subprocess.run(["bash", "-c", step["run"]], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(state.read_text(encoding="utf-8"))


def test_an_open_issue_is_edited_not_duplicated(tmp_path: Path) -> None:
    issues = [
        {"number": 3, "title": TITLE, "state": "closed", "body": "old"},
        {"number": 7, "title": TITLE + " (2025)", "state": "open", "body": "other"},
        {"number": 12, "title": TITLE, "state": "open", "body": "last week"},
    ]
    result = run_issue_step(tmp_path, issues)
    assert [c[:2] for c in result["calls"]] == [["issue", "list"], ["issue", "edit"]]
    assert result["calls"][1][2] == "12"
    assert len([i for i in result["issues"] if i["title"] == TITLE and i["state"] == "open"]) == 1
    edited = next(i for i in result["issues"] if i["number"] == 12)
    assert "### Notices" in edited["body"] and "<RUN_URL>" in edited["body"]
    assert next(i for i in result["issues"] if i["number"] == 7)["body"] == "other"


def test_the_issue_is_opened_when_none_is_open(tmp_path: Path) -> None:
    result = run_issue_step(tmp_path, [{"number": 3, "title": TITLE, "state": "closed", "body": "old"}])
    assert [c[:2] for c in result["calls"]] == [["issue", "list"], ["issue", "create"]]
    created = result["issues"][-1]
    assert (created["number"], created["title"], created["state"]) == (4, TITLE, "open")
    assert created["body"].startswith("## AWS documentation links")

"""Lint of the GitHub Actions workflows: zizmor (offline) plus the project's own rules.

zizmor validates each workflow against the workflow schema (``--strict-collection`` turns a
schema error into a failure) and audits it for security problems; ``.github/zizmor.yml`` makes it
require a commit-SHA pin for every action. The structural tests below pin down what zizmor does
not check: least privilege, timeouts, the version comment next to each SHA, and that the commands
the workflows run exist in this repository.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOWS_DIR.glob("*.yml")) + sorted(WORKFLOWS_DIR.glob("*.yaml"))
ZIZMOR_CONFIG = ROOT / ".github" / "zizmor.yml"

USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+\.\d+\.\d+\s*$")
# The only jobs that may hold write permissions, and the permissions they hold.
DEPLOY_JOB = ("deploy.yml", "deploy")
DEPLOY_PERMISSIONS = {"pages": "write", "id-token": "write"}
ISSUE_JOB = ("links.yml", "issue")  # opens or edits the issue "AWS documentation changed" (issue 10)
ISSUE_PERMISSIONS = {"issues": "write"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def jobs(path: Path) -> dict[str, dict]:
    return load(path)["jobs"]


def steps(path: Path) -> list[dict]:
    return [step for job in jobs(path).values() for step in job.get("steps", [])]


def run_text(path: Path) -> str:
    return "\n".join(step.get("run", "") for step in steps(path))


def zizmor_bin() -> str:
    local = Path(sys.executable).parent / "zizmor"
    if local.exists():
        return str(local)
    found = shutil.which("zizmor")
    if not found:
        pytest.fail("zizmor is not installed: `make install` (it is pinned in requirements-dev.txt)", pytrace=False)
    return found


def test_the_three_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml", "links.yml"}


def test_zizmor_finds_nothing():
    """Schema validation and security audit, offline, every severity, SHA pins required."""
    proc = subprocess.run(
        [
            zizmor_bin(),
            "--offline",
            "--strict-collection",
            "--no-progress",
            "--format",
            "json",
            "--config",
            str(ZIZMOR_CONFIG),
            str(WORKFLOWS_DIR),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"zizmor exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    findings = json.loads(proc.stdout or "[]")
    summary = [f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}" for f in findings]
    assert findings == [], "\n".join(summary)


def test_zizmor_config_requires_sha_pins():
    config = yaml.safe_load(ZIZMOR_CONFIG.read_text(encoding="utf-8"))
    assert config["rules"]["unpinned-uses"]["config"]["policies"] == {"*": "hash-pin"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
class TestEachWorkflow:
    def test_no_permissions_by_default(self, path):
        assert load(path).get("permissions") == {}, "top level must say `permissions: {}`"

    def test_every_job_has_a_timeout(self, path):
        for name, job in jobs(path).items():
            timeout = job.get("timeout-minutes")
            assert isinstance(timeout, int) and 0 < timeout <= 60, f"{name}: timeout-minutes={timeout!r}"

    def test_every_job_states_its_permissions(self, path):
        for name, job in jobs(path).items():
            assert isinstance(job.get("permissions"), dict), f"{name}: no job-level `permissions:` mapping"

    def test_write_permissions_only_on_the_deploy_job(self, path):
        for name, job in jobs(path).items():
            perms = job.get("permissions") or {}
            writes = {k: v for k, v in perms.items() if v == "write"}
            if (path.name, name) == DEPLOY_JOB:
                assert perms == DEPLOY_PERMISSIONS
            elif (path.name, name) == ISSUE_JOB:
                assert perms == ISSUE_PERMISSIONS
            else:
                assert writes == {}, f"{name} asks for write access: {writes}"
                assert "write-all" not in str(job.get("permissions"))

    def test_every_action_pinned_to_a_commit_with_version_comment(self, path):
        found = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = USES_LINE.match(line)
            if not match:
                continue
            found += 1
            ref = match["ref"].strip("'\"")
            assert PINNED.match(ref), f"{path.name}:{number}: `{ref}` is not pinned to a 40-hex commit SHA"
            assert VERSION_COMMENT.match(match["rest"]), f"{path.name}:{number}: no `# vX.Y.Z` comment after the SHA"
        assert found, "a workflow without any action is unexpected here"

    def test_checkout_does_not_persist_credentials(self, path):
        for step in steps(path):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert (step.get("with") or {}).get("persist-credentials") is False

    def test_no_expression_inside_run_scripts(self, path):
        """Values from contexts reach shell scripts through `env:`, never pasted into the script."""
        for step in steps(path):
            assert "${{" not in step.get("run", ""), step.get("name")

    def test_make_targets_exist(self, path):
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
        for line in run_text(path).splitlines():
            match = re.match(r"\s*make\s+(.*)$", line)
            if match:
                for target in match[1].split():
                    assert target in targets, f"`make {target}` has no target in the Makefile"

    def test_python_dependencies_are_cached(self, path):
        setups = [s for s in steps(path) if s.get("uses", "").startswith("actions/setup-python@")]
        assert setups, "every workflow here installs the Python dependencies"
        for step in setups:
            assert step["with"].get("cache") == "pip"
            assert "requirements.txt" in step["with"].get("cache-dependency-path", "")


def test_same_action_same_commit_everywhere():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for step in steps(path):
            if "uses" in step:
                action, _, sha = step["uses"].partition("@")
                pins.setdefault(action, set()).add(sha)
    assert {a: s for a, s in pins.items() if len(s) > 1} == {}


def test_ci_runs_on_pull_requests_and_pushes_the_whole_suite():
    path = WORKFLOWS_DIR / "ci.yml"
    triggers = load(path)["on"]
    assert "pull_request" in triggers and "push" in triggers
    script = run_text(path)
    assert re.search(r"^make build$", script, re.M), "strict build + offline link check"
    assert re.search(r"^make test$", script, re.M), "the whole suite, browser tests included"
    assert "fonts-noto-cjk" in script and "poppler-utils" in script
    job = jobs(path)["test"]
    assert job["env"]["CHROMIUM"], "browser tests need a Chromium/Chrome"


def test_deploy_builds_site_and_pdfs_for_the_pages_url():
    path = WORKFLOWS_DIR / "deploy.yml"
    data = load(path)
    assert data["on"]["push"]["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    pages_step = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages@"))
    build_step = next(s for s in build["steps"] if "make build pdf" in s.get("run", ""))
    assert build_step["env"]["SITE_URL"] == "${{ steps." + pages_step["id"] + ".outputs.base_url }}/"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert data["concurrency"]["cancel-in-progress"] is False, "never cancel a deployment half-way"


def test_weekly_link_check_writes_the_job_summary():
    path = WORKFLOWS_DIR / "links.yml"
    triggers = load(path)["on"]
    assert "workflow_dispatch" in triggers
    cron = triggers["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2] == "*" and cron[3] == "*" and cron[4] != "*", "once a week"
    script = run_text(path)
    assert re.search(r"^make build$", script, re.M)
    assert ('scripts/check_links.py --site site --format markdown --output "$GITHUB_STEP_SUMMARY"') in script


def test_link_checker_accepts_the_workflow_options():
    script = ROOT / "scripts" / "check_links.py"
    assert script.is_file(), "links.yml runs scripts/check_links.py"
    proc = subprocess.run([sys.executable, str(script), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for option in ("--site", "--format", "--output", "--offline"):
        assert option in proc.stdout, f"check_links.py has no {option}"

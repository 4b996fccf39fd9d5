"""One command with subcommands (scripts/docs.py -> mlnotes.cli), and the link checker's own entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mlnotes import cli
from mlnotes.paths import ROOT


def test_help_lists_every_command(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in [*cli.COMMANDS, *cli.GROUPS]:
        assert f"  {name} " in out


def test_no_command_or_an_unknown_one_is_a_usage_error(capsys):
    assert cli.main([]) == 2
    assert cli.main(["no-such-command"]) == 2
    assert "unknown command 'no-such-command'" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_every_command_is_a_main_function(name):
    assert callable(cli.command(name))


def test_options_reach_the_command(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["translations", "--no-such-flag"])
    assert exc.value.code == 2
    assert cli.main(["style", str(ROOT / "tests" / "data" / "style" / "bad.md")]) == 1
    assert "bad.md:7:3: 'サーバ'" in capsys.readouterr().out


def test_check_runs_every_content_check_on_the_docs(monkeypatch):
    ran = []
    for step in cli.GROUPS["check"][0]:
        monkeypatch.setitem(cli.COMMANDS, step, (f"fake.{step}", ""))
    monkeypatch.setattr(cli, "command", lambda name: lambda argv: ran.append(name) or (1 if name == "style" else 0))
    assert cli.main(["check"]) == 1
    assert ran == ["translations", "style", "coverage", "front-matter", "cards", "glossary"]


@pytest.mark.parametrize("script", ["docs.py", "check_links.py"])
def test_entry_points_run_as_files(script):
    args = ["--help"] if script == "check_links.py" else ["check"]
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if script == "check_links.py":
        for flag in ("--site", "--offline", "--format", "--cache", "--max-age", "--per-host", "--strict"):
            assert flag in proc.stdout

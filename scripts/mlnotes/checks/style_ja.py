"""Japanese style check for docs/ja/: fixed glossary terms and banned spelling variants.

Rules live in ``scripts/data/glossary-ja.yml``. Code spans, code blocks, link targets and URLs are
not checked. Every hit prints ``file:line:column: 'found' -> use 'fixed form' (reason)``; any hit
exits 1, a bad rule file or path exits 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from mlnotes.markdown import Page, PageError, parse_page
from mlnotes.paths import DATA_DIR

DEFAULT_RULES = DATA_DIR / "glossary-ja.yml"
# A paragraph line that starts with an HTML tag or comment is not running text.
HTML_START_RE = re.compile(r"^\s*<")
CJK_END_RE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]$")
CJK_START_RE = re.compile(r"^[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
LAYOUT_RULES = (
    ("1 行にまとめる", "日本語の文中の改行はブラウザで空白になる"),
    ("文末の「。」なし", "箇条書きはノート形式で「。」で終えない"),
)
# Replaced by spaces of the same length, so columns stay right.
MASKS = (
    re.compile(r"`[^`]*`"),  # code spans
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<https?://[^>]*>"),  # autolinks
    re.compile(r"https?://\S+"),  # bare URLs
    re.compile(r"\{\s*#[^}]*\}"),  # heading ids
    re.compile(r"<!--.*?-->"),  # comments
)


@dataclass(frozen=True)
class Rule:
    use: str
    banned: tuple[re.Pattern, ...]
    why: str


@dataclass(frozen=True, order=True)
class Hit:
    path: str
    line: int
    col: int
    found: str
    use: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: '{self.found}' -> use '{self.use}' ({self.why})"


def load_rules(path: Path) -> list[Rule]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ValueError(f"{path}: expected a mapping with a `rules:` list")
    rules = []
    for i, item in enumerate(data["rules"], start=1):
        try:
            rules.append(Rule(str(item["use"]), tuple(re.compile(b) for b in item["banned"]), str(item.get("why", ""))))
        except (KeyError, TypeError, re.error) as exc:
            raise ValueError(f"{path}: rule {i} is malformed: {exc}") from exc
    return rules


def mask(line: str) -> str:
    for pattern in MASKS:
        line = pattern.sub(lambda m: " " * len(m.group(0)), line)
    return line


def check_layout(page: Page | str, path: str = "<string>") -> list[Hit]:
    """Line breaks inside Japanese paragraphs, and list items ending with 「。」 (blocks from the page model:
    HTML comments such as cards, code and headings are not paragraphs)."""
    if isinstance(page, str):
        page = parse_page(page, path)
    hits: list[Hit] = []
    lines = page.lines
    for para in page.of_kind("paragraph"):
        for number in range(para.line + 1, para.end + 1):
            prev, raw = lines[number - 2], lines[number - 1]
            if prev.endswith(("  ", "\\")) or HTML_START_RE.match(raw) or HTML_START_RE.match(prev):
                continue  # a hard line break, or inline HTML on its own line
            if CJK_END_RE.search(prev.rstrip()) or CJK_START_RE.match(raw.strip()):
                use, why = LAYOUT_RULES[0]
                hits.append(Hit(path, number, 1, "(改行)", use, why))
    # list items: the last line of the item's own text must not end with 。
    paragraphs = {b.line: b for b in page.of_kind("paragraph")}
    for item in page.of_kind("list_item"):
        para = paragraphs.get(item.line)
        if para is None:
            continue
        last = lines[para.end - 1].rstrip()
        if last.endswith("。"):
            use, why = LAYOUT_RULES[1]
            hits.append(Hit(path, para.end, len(last), "。", use, why))
    return hits


def check_text(text: str, rules: list[Rule], path: str = "<string>") -> list[Hit]:
    page = parse_page(text, path)
    hits: list[Hit] = check_layout(page, path)
    code = page.code_lines()
    for number, raw in enumerate(page.lines, start=1):
        if number in code:
            continue
        line = mask(raw)
        for rule in rules:
            for pattern in rule.banned:
                for m in pattern.finditer(line):
                    hits.append(Hit(path, number, m.start() + 1, m.group(0), rule.use, rule.why))
    return sorted(hits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: docs/ja)")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="glossary file (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        rules = load_rules(args.rules)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"check_style_ja: {exc}", file=sys.stderr)
        return 2
    files: list[Path] = []
    for p in args.paths or [Path("docs/ja")]:
        if p.is_dir():
            files += sorted(p.rglob("*.md"))
        elif p.is_file():
            files.append(p)
        else:
            print(f"check_style_ja: {p}: no such file or folder", file=sys.stderr)
            return 2
    try:
        hits = [h for f in files for h in check_text(f.read_text(encoding="utf-8"), rules, str(f))]
    except PageError as exc:
        print(f"check_style_ja: {exc}", file=sys.stderr)
        return 2
    for h in hits:
        print(h)
    if hits:
        print(f"check_style_ja: {len(hits)} problem(s) in {len({h.path for h in hits})} file(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

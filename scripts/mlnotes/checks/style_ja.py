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

from mlnotes.paths import DATA_DIR

DEFAULT_RULES = DATA_DIR / "glossary-ja.yml"
FENCE_RE = re.compile(r"^\s*(```|~~~)")
BULLET_RE = re.compile(r"^\s*([-*+]|\d+\.)\s+")
# Lines that never continue a paragraph: headings, tables, admonitions, fences, HTML, rules.
BLOCK_RE = re.compile(r"^\s*(#|\||!!!|\?\?\?|```|~~~|<|---|\*\*\*)")
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


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0] == "---" and "---" in lines[1:]:
        return lines.index("---", 1) + 1
    return 0


def check_layout(text: str, path: str = "<string>") -> list[Hit]:
    """Line breaks inside Japanese text, and list items ending with 「。」."""
    hits: list[Hit] = []
    lines = text.splitlines()
    in_fence = False
    in_comment = False
    prev = ""
    for number, raw in enumerate(lines, start=1):
        if number <= _front_matter_end(lines):
            continue
        if FENCE_RE.match(raw):
            in_fence = not in_fence
            prev = ""
            continue
        if in_fence:
            continue
        if in_comment or raw.lstrip().startswith("<!--"):
            # an HTML comment (a card: one field per line) is not running text
            in_comment = "-->" not in raw
            prev = ""
            continue
        continues = (
            raw.strip()
            and prev.strip()
            and not BULLET_RE.match(raw)
            and not BLOCK_RE.match(raw)
            and not BLOCK_RE.match(prev)
            and not prev.endswith("  ")
        )
        if continues and (CJK_END_RE.search(prev.rstrip()) or CJK_START_RE.match(raw.strip())):
            use, why = LAYOUT_RULES[0]
            hits.append(Hit(path, number, 1, "(改行)", use, why))
        prev = raw
    # list items: the last line of each item must not end with 。
    in_fence = False
    for number, raw in enumerate(lines, start=1):
        if number <= _front_matter_end(lines):
            continue
        if FENCE_RE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence or not BULLET_RE.match(raw):
            continue
        end = number
        while end < len(lines):
            nxt = lines[end]
            if not nxt.strip() or BULLET_RE.match(nxt) or BLOCK_RE.match(nxt):
                break
            end += 1
        last = lines[end - 1].rstrip()
        if last.endswith("。"):
            use, why = LAYOUT_RULES[1]
            hits.append(Hit(path, end, len(last), "。", use, why))
    return hits


def check_text(text: str, rules: list[Rule], path: str = "<string>") -> list[Hit]:
    hits: list[Hit] = check_layout(text, path)
    in_fence = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if FENCE_RE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
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
    hits = [h for f in files for h in check_text(f.read_text(encoding="utf-8"), rules, str(f))]
    for h in hits:
        print(h)
    if hits:
        print(f"check_style_ja: {len(hits)} problem(s) in {len({h.path for h in hits})} file(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

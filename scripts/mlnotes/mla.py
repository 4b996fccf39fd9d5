"""The MLA-C01 exam guide (``scripts/data/mla-c01.yml``) and the ``mla:`` front matter of topic pages.

Every ``##`` section of a topic page (except ``see-also``) names the MLA-C01 task statements it
serves, or says why it is MLS-C01 history::

    mla:
      shard-sizing: ["1.1"]
      data-analytics-anomaly:
        mls-only: Kinesis Data Analytics for SQL applications were removed

Pure functions apart from :func:`load_guide` and :func:`collect` (which read files). Problems are
:class:`~mlnotes.markdown.PageError` values (``file:line: message``). Used by the build hook
(badges, map page, home numbers), the front matter check and the translation check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mlnotes.checked import front_matter_line, parse_date
from mlnotes.markdown import Page, PageError, read_page, topic_pages
from mlnotes.paths import DATA_DIR
from mlnotes.yamlload import SafeLoader
from mlnotes.yamlload import load as load_yaml

DATA_FILE = DATA_DIR / "mla-c01.yml"
MAP_PAGE = "mla-c01-map.md"
KEY = "mla"
MLS_ONLY = "mls-only"
#: `##` sections that need no mapping.
SKIP_SECTIONS = frozenset({"see-also"})
TASK_ID_RE = re.compile(r"^[1-9]\.[1-9]$")
LANGS = ("ja", "en")


class GuideError(PageError):
    """A malformed exam guide data file; ``str()`` gives ``file:line: message``."""


# ---------------------------------------------------------------- the exam guide


@dataclass(frozen=True)
class Task:
    id: str
    domain: int
    title: dict[str, str]

    @property
    def anchor(self) -> str:
        return task_anchor(self.id)


@dataclass(frozen=True)
class Domain:
    id: int
    weight: int
    title: dict[str, str]
    source: dict[str, str]
    tasks: tuple[Task, ...]

    @property
    def anchor(self) -> str:
        return f"domain-{self.id}"


@dataclass(frozen=True)
class NotCovered:
    id: str
    tasks: tuple[str, ...]
    title: dict[str, str]
    link: dict[str, str]


@dataclass(frozen=True)
class Guide:
    exam: str
    name: dict[str, str]
    version: str
    checked: dt.date
    source: dict[str, str]
    in_scope: dict[str, str]
    domains: tuple[Domain, ...]
    not_covered: tuple[NotCovered, ...]
    path: Path = Path()

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for d in self.domains for t in d.tasks)

    def task(self, tid: str) -> Task | None:
        return next((t for t in self.tasks if t.id == tid), None)


def task_anchor(tid: str) -> str:
    return "task-" + tid.replace(".", "-")


class _Lines(dict):
    """A YAML mapping that remembers the line it starts on."""

    line = 1


class _LineLoader(SafeLoader):
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Lines:
    out = _Lines(loader.construct_mapping(node, deep=True))
    out.line = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _line(node, default: int = 1) -> int:
    return getattr(node, "line", default)


def _need(path: Path, node, key: str, kind: type | tuple[type, ...], what: str):
    line = getattr(node, "line", 1)
    if not isinstance(node, dict) or key not in node:
        raise GuideError(path, line, f"missing `{key}:` ({what})")
    value = node[key]
    if not isinstance(value, kind) or isinstance(value, bool) or value in ("", [], {}):
        raise GuideError(path, getattr(value, "line", line), f"`{key}:` must be {what}")
    return value


def _langs(path: Path, node, key: str, what: str) -> dict[str, str]:
    value = _need(path, node, key, dict, f"{what} per language ({', '.join(LANGS)})")
    for lang in LANGS:
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            raise GuideError(path, _line(value, _line(node)), f"`{key}:` has no `{lang}:` text ({what})")
    return {lang: value[lang].strip() for lang in LANGS}


def parse_guide(text: str, path: Path | str = "<string>") -> Guide:
    """The exam guide from the YAML text of the data file; raises GuideError naming the line."""
    path = Path(path)
    return _build_guide(load_yaml(text, path, GuideError, _LineLoader), path, text)


def _build_guide(data, path: Path, text: str) -> Guide:
    if not isinstance(data, dict):
        raise GuideError(path, 1, "expected a mapping with `guide:`, `domains:` and `not_covered:`")
    g = _need(path, data, "guide", dict, "a mapping")
    checked = parse_date(_need(path, g, "checked", (str, dt.date), "the date checked, YYYY-MM-DD"))
    if checked is None:
        raise GuideError(path, front_line(text, "checked"), "`checked:` must be a date, YYYY-MM-DD")
    domains: list[Domain] = []
    seen: set[str] = set()
    for d in _need(path, data, "domains", list, "a list of the four domains"):
        did = _need(path, d, "id", int, "the domain number")
        tasks = []
        for t in _need(path, d, "tasks", list, "a list of task statements"):
            tid = _need(path, t, "id", str, 'a quoted task id such as "1.1"')
            if not TASK_ID_RE.match(tid) or not tid.startswith(f"{did}."):
                raise GuideError(path, _line(t), f"task id {tid!r} must be '{did}.N' (a quoted string)")
            if tid in seen:
                raise GuideError(path, _line(t), f"task id {tid!r} appears twice")
            seen.add(tid)
            tasks.append(Task(tid, did, _langs(path, t, "title", "the task statement")))
        domains.append(
            Domain(
                did,
                _need(path, d, "weight", int, "the weight in % of scored content"),
                _langs(path, d, "title", "the domain title"),
                _langs(path, d, "source", "the AWS exam guide page"),
                tuple(tasks),
            )
        )
    if sum(d.weight for d in domains) != 100:
        raise GuideError(path, _line(data["domains"][0]), "domain weights must add up to 100")
    not_covered = []
    for item in data.get("not_covered") or []:
        tids = tuple(_need(path, item, "tasks", list, "the task ids it belongs to"))
        for tid in tids:
            if tid not in seen:
                raise GuideError(path, _line(item), f"unknown task id {tid!r} (not in `domains:`)")
        not_covered.append(
            NotCovered(
                _need(path, item, "id", str, "a kebab-case id"),
                tids,
                _langs(path, item, "title", "what is not covered"),
                _langs(path, item, "link", "the AWS page to study instead"),
            )
        )
    return Guide(
        exam=_need(path, g, "exam", str, "the exam code"),
        name=_langs(path, g, "name", "the exam name"),
        version=str(_need(path, g, "version", str, "the guide version checked")),
        checked=checked,
        source=_langs(path, g, "source", "the exam guide page"),
        in_scope=_langs(path, g, "in_scope", "the in-scope services page"),
        domains=tuple(domains),
        not_covered=tuple(not_covered),
        path=path,
    )


def front_line(text: str, key: str) -> int:
    return next((n for n, s in enumerate(text.splitlines(), 1) if s.strip().startswith(f"{key}:")), 1)


def load_guide(path: Path = DATA_FILE) -> Guide:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GuideError(path, 1, f"cannot read the exam guide data: {exc}") from None
    return parse_guide(text, path)


# ---------------------------------------------------------------- the `mla:` front matter


@dataclass(frozen=True)
class SectionMap:
    section: str
    tasks: tuple[str, ...] = ()
    mls_only: str | None = None


def _key_line(page: Page, key: str) -> int:
    return front_matter_line(page, key, after=front_matter_line(page, KEY))


def page_sections(page: Page) -> list:
    """The `##` headings that need a mapping."""
    return [h for h in page.headings if h.level == 2 and h.id and h.id not in SKIP_SECTIONS]


def page_mapping(page: Page, guide: Guide | None, required: bool) -> tuple[dict[str, SectionMap], list[PageError]]:
    """The page's mapping per section id, and its problems.

    A page without ``mla:`` is a problem when ``required`` (the checks and the build; the map page
    and the language comparison read what is there).
    Without a ``guide``, any task id of the form ``N.N`` is accepted.
    """
    problems: list[PageError] = []
    sections = page_sections(page)
    if KEY not in page.meta:
        if required and sections:
            problems.append(
                PageError(page.path, 1, "front matter has no `mla:` (the MLA-C01 task ids of each `##` section)")
            )
        return {}, problems
    raw = page.meta[KEY]
    top = front_matter_line(page, KEY)
    if not isinstance(raw, dict):
        problems.append(PageError(page.path, top, "`mla:` must map each `##` section id to its task ids"))
        return {}, problems
    out: dict[str, SectionMap] = {}
    ids = {h.id for h in sections}
    for key, value in raw.items():
        sid = str(key)
        line = _key_line(page, sid)
        if sid in SKIP_SECTIONS:
            problems.append(PageError(page.path, line, f"`mla:` maps '#{sid}', which needs no mapping: remove it"))
            continue
        if sid not in ids:
            problems.append(PageError(page.path, line, f"`mla:` names '#{sid}', which is not a `##` section here"))
            continue
        if isinstance(value, dict):
            reason = value.get(MLS_ONLY)
            if set(value) != {MLS_ONLY} or not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
                problems.append(
                    PageError(page.path, line, f"'#{sid}': write `{MLS_ONLY}: <one-line reason>` or a list of task ids")
                )
                continue
            out[sid] = SectionMap(sid, (), reason.strip())
            continue
        if not isinstance(value, list) or not value:
            problems.append(
                PageError(
                    page.path, line, f"'#{sid}': give a list of task ids such as [\"1.1\"], or `{MLS_ONLY}: <reason>`"
                )
            )
            continue
        tasks: list[str] = []
        for tid in value:
            if not isinstance(tid, str):
                problems.append(
                    PageError(page.path, line, f"'#{sid}': task id {tid!r} must be a quoted string (\"1.1\")")
                )
            elif guide is None and not TASK_ID_RE.match(tid):
                problems.append(PageError(page.path, line, f"'#{sid}': '{tid}' is not a task id such as \"1.1\""))
            elif guide is not None and guide.task(tid) is None:
                known = ", ".join(t.id for t in guide.tasks)
                problems.append(
                    PageError(page.path, line, f"'#{sid}': unknown MLA-C01 task id '{tid}' (known: {known})")
                )
            elif tid not in tasks:
                tasks.append(tid)
        if tasks:
            out[sid] = SectionMap(sid, tuple(sorted(tasks)))
    for h in sections:
        if h.id not in out and h.id not in raw:
            problems.append(
                PageError(
                    page.path,
                    h.line,
                    f"section '#{h.id}' has no `mla:` entry: list its MLA-C01 task ids or give `{MLS_ONLY}: <reason>`",
                )
            )
    return out, problems


def compare_pair(ja: Page, en: Page, guide: Guide | None = None) -> list[PageError]:
    """Both languages map each section to the same task ids (or both call it MLS-C01 only)."""
    a, _ = page_mapping(ja, guide, required=False)
    b, _ = page_mapping(en, guide, required=False)
    if (KEY in ja.meta) != (KEY in en.meta):
        has, lacks = (ja, en) if KEY in ja.meta else (en, ja)
        return [PageError(lacks.path, 1, f"front matter has no `mla:` but {has.path} has one")]
    out = []
    for sid in sorted(set(a) | set(b)):
        x, y = a.get(sid), b.get(sid)
        if x is None or y is None:
            continue  # a missing or broken entry is reported by the page check
        if x.tasks != y.tasks or (x.mls_only is None) != (y.mls_only is None):

            def show(m: SectionMap) -> str:
                return MLS_ONLY if m.mls_only is not None else "[" + ", ".join(m.tasks) + "]"

            out.append(
                PageError(en.path, _key_line(en, sid), f"'#{sid}': `mla:` is {show(y)} here but {show(x)} in {ja.path}")
            )
    return out


# ---------------------------------------------------------------- the whole site, one language


@dataclass(frozen=True)
class SectionRef:
    page: str  # file name, e.g. kinesis.md
    page_title: str
    section: str
    heading: str
    tasks: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def target(self) -> str:
        return f"{self.page}#{self.section}"


@dataclass
class Coverage:
    guide: Guide
    by_task: dict[str, list[SectionRef]] = field(default_factory=dict)
    mls_only: list[SectionRef] = field(default_factory=list)
    mapped: list[SectionRef] = field(default_factory=list)
    problems: list[PageError] = field(default_factory=list)

    def covered(self, tasks) -> int:
        return sum(1 for t in tasks if self.by_task.get(t.id))

    def domain_counts(self) -> list[tuple[Domain, int, int]]:
        return [(d, self.covered(d.tasks), len(d.tasks)) for d in self.guide.domains]

    @property
    def total(self) -> tuple[int, int]:
        return self.covered(self.guide.tasks), len(self.guide.tasks)


def collect(lang_dir: Path, order: list[str], guide: Guide, required: bool) -> Coverage:
    """Which sections of the topic pages of one language serve which task statement."""
    cov = Coverage(guide, {t.id: [] for t in guide.tasks})
    for name in topic_pages(lang_dir, order):
        if name == MAP_PAGE:
            continue
        page = read_page(lang_dir / name)
        mapping, problems = page_mapping(page, guide, required)
        cov.problems += problems
        for h in page_sections(page):
            m = mapping.get(h.id)
            if m is None:  # reported in cov.problems when required
                continue
            ref = SectionRef(name, page.title or name, h.id, h.text, m.tasks, m.mls_only)
            if m.mls_only is not None:
                cov.mls_only.append(ref)
            else:
                cov.mapped.append(ref)
                for tid in m.tasks:
                    cov.by_task[tid].append(ref)
    return cov

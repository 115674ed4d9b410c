"""The dealer_org organisation library: parse, validate and query it without the ORM.

The library is one bilingual XML document (``data/library/dealer_org_library.xml``)
validated against ``data/library/dealer_org_library.xsd``. It is the single source of
the departments, jobs, duties, qualifications and organisation templates that the
module creates in Odoo, and of the model terms in ``i18n/zh_CN.po``.
"""

import dataclasses
import functools
import os
from dataclasses import dataclass, field

from lxml import etree

from .duty_schedule import Schedule, parse_schedule

LIBRARY_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "library")
LIBRARY_PATH = os.path.join(LIBRARY_DIR, "dealer_org_library.xml")
SCHEMA_PATH = os.path.join(LIBRARY_DIR, "dealer_org_library.xsd")


class LibraryError(ValueError):
    """The library document is not valid; ``problems`` lists what to fix."""

    def __init__(self, problems, path=None):
        self.problems = list(problems)
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(where + "; ".join(self.problems))


@dataclass(frozen=True)
class Text:
    en: str
    zh: str


@dataclass(frozen=True)
class Line:
    text: Text
    sources: tuple


@dataclass(frozen=True)
class Duty(Line):
    schedule: Schedule = field(default_factory=Schedule)
    brand: str | None = None
    adapted: bool = False
    # An exported organisation states the duty's settings exactly (field name, value) pairs:
    # period, weekday, day of month, month in period, deadline, checklist item.
    settings: tuple = ()


@dataclass(frozen=True)
class Qualification(Line):
    kind: str = "other"


@dataclass(frozen=True)
class Kpi:
    """A KPI of a job: the indicator, the document's words (quote) and the numbers; ``choices``
    names what the library chose itself (kpi, period, thresholds, weight)."""

    code: str
    name: Text
    sources: tuple
    period: str
    minimum: float
    target: float
    maximum: float
    weight: float
    direction: str = "higher"
    measure: str = "manual"
    quote: Text | None = None
    description: Text | None = None
    unit: Text | None = None
    choices: frozenset = frozenset()


@dataclass(frozen=True)
class Source:
    code: str
    title: Text


@dataclass(frozen=True)
class Department:
    code: str
    name: Text
    sources: tuple
    functions: tuple = ()
    kpis: tuple = ()


@dataclass(frozen=True)
class Job:
    code: str
    name: Text
    sources: tuple
    inferred: bool = False
    inference: Text | None = None
    summary: Line | None = None
    duties: tuple = ()
    qualifications: tuple = ()
    kpis: tuple = ()
    # The equivalent job whose lines can fill this one where a template's document gives none.
    fill_from: str | None = None


@dataclass(frozen=True)
class TemplateDepartment:
    ref: str
    parent: str | None
    choices: frozenset = frozenset()


@dataclass(frozen=True)
class TemplateJob:
    ref: str
    department: str | None
    superior: str | None
    headcount: int | None  # None: the template gives none (the job is created with headcount 0)
    choices: frozenset = frozenset()
    lines_from: tuple = ()


@dataclass(frozen=True)
class Template:
    code: str
    name: Text
    description: Text
    sources: tuple
    is_default: bool
    departments: tuple
    jobs: tuple
    brand: str | None = None
    # An exported organisation: its jobs and departments receive all their lines, as they are.
    verbatim: bool = False

    def lines_for(self, placement, lines):
        """The lines of a job this template gives ``placement``: those of the placement's
        documents (``lines-from``, else the template's), brand lines only in their brand's
        template and the adapted (brand-neutral) lines only in the others. An exported
        organisation gives every line."""
        if self.verbatim:
            return tuple(lines)
        documents = set(placement.lines_from or self.sources)
        kept = []
        for line in lines:
            if not documents & set(line.sources):
                continue
            if getattr(line, "adapted", False) and self.brand:
                continue
            if getattr(line, "brand", None) and line.brand != self.brand:
                continue
            kept.append(line)
        return tuple(kept)

    def departments_by_depth(self):
        """Template departments grouped by depth, parents before children."""
        parent_of = {d.ref: d.parent for d in self.departments}
        levels = {}
        for dep in self.departments:
            depth, node = 0, dep.parent  # pragma: no mutate (depths only order the levels)
            while node:
                depth += 1  # pragma: no mutate (any step orders the levels alike)
                node = parent_of.get(node)
            levels.setdefault(depth, []).append(dep)
        return [levels[d] for d in sorted(levels)]


@dataclass(frozen=True)
class Library:
    sources: dict
    departments: dict
    jobs: dict
    templates: dict
    phrases: dict = field(default_factory=dict)
    path: str = field(default="", compare=False)
    # "library": the catalogue the module ships; "organisation": a company's organisation as
    # exported (one template; texts, descriptions and duty settings taken as they are).
    kind: str = "library"

    @property
    def verbatim(self):
        return self.kind == "organisation"

    @property
    def default_template(self):
        return next(t for t in self.templates.values() if t.is_default)

    def texts(self):
        """Every bilingual text of the library (titles, names, lines, templates)."""
        texts = [s.title for s in self.sources.values()]
        for dep in self.departments.values():
            texts += [dep.name] + [f.text for f in dep.functions]
            for kpi in dep.kpis:
                texts += [t for t in (kpi.name, kpi.quote, kpi.description, kpi.unit) if t]
        for job in self.jobs.values():
            texts += [job.name] + [line.text for line in job.duties + job.qualifications]
            texts += [job.summary.text] if job.summary else []
            texts += [job.inference] if job.inference else []
            for kpi in job.kpis:
                texts += [t for t in (kpi.name, kpi.quote, kpi.description, kpi.unit) if t]
        for tpl in self.templates.values():
            texts += [tpl.name, tpl.description]
        for owner in list(self.jobs.values()) + list(self.departments.values()):
            texts += [kpi_description(self, kpi) for kpi in owner.kpis]
        return texts


def _text(node):
    return Text(node.findtext("en").strip(), node.findtext("zh").strip())


def _codes(value):
    return tuple((value or "").split())


def _line(node, cls=Line, **extra):
    return cls(text=_text(node), sources=_codes(node.get("sources")), **extra)


def _int(node, name):
    value = node.get(name)
    return int(value) if value not in (None, "") else None


def _exact_duty(node):
    """A duty of an exported organisation: its settings as the document states them, the text
    is not parsed."""
    event = _optional_text(node, "event")
    period = node.get("period") or "none"
    weekday = _int(node, "weekday")
    settings = (
        ("period", period),
        ("weekday", str(weekday) if weekday is not None else False),
        ("month_day", _int(node, "month-day") or 0),
        ("period_month", _int(node, "period-month") or 0),
        ("deadline_days", _int(node, "within-days") or 0),
        ("checklist_item", node.get("checklist") in ("true", "1")),
        ("event", event.en if event else False),
    )
    return Duty(
        text=_text(node),
        sources=_codes(node.get("sources")),
        schedule=Schedule(period, event_zh=event.zh if event else None, event_en=event.en if event else None),
        adapted=node.get("adapted") in ("true", "1"),
        settings=settings,
    )


def _duty(node, exact=False):
    if exact:
        return _exact_duty(node)
    text = _text(node)
    extra = {"brand": node.get("brand"), "adapted": node.get("adapted") in ("true", "1")}
    schedule = parse_schedule(text.zh)
    if node.get("period"):
        schedule = Schedule(
            node.get("period"),
            day=int(node.get("day")) if node.get("day") else None,
            within_days=int(node.get("within-days")) if node.get("within-days") else schedule.within_days,
            event_zh=schedule.event_zh,
            event_en=schedule.event_en,
        )
    return Duty(text=text, sources=_codes(node.get("sources")), schedule=schedule, **extra)


def _optional_text(node, tag):
    child = node.find(tag)
    return _text(child) if child is not None else None


def _kpi(node):
    return Kpi(
        code=node.get("code"),
        name=_text(node.find("name")),
        sources=_codes(node.get("sources")),
        period=node.get("period"),
        minimum=float(node.get("minimum")),
        target=float(node.get("target")),
        maximum=float(node.get("maximum")),
        weight=float(node.get("weight")),
        direction=node.get("direction", "higher"),
        measure=node.get("measure", "manual"),
        quote=_optional_text(node, "quote"),
        description=_optional_text(node, "description"),
        unit=_optional_text(node, "unit"),
        choices=frozenset(_codes(node.get("library-choice"))),
    )


KPI_PHRASES = ("kpi_source", "kpi_own", "kpi_suggested", "kpi_period", "kpi_thresholds", "kpi_weight")


def kpi_description(library, kpi):
    """The bilingual description of a KPI: how it is measured, its source documents and their
    words (or that the library chose the indicator), and what the library suggested. An exported
    organisation's KPI keeps the description it was exported with."""
    if library.verbatim:
        return kpi.description or Text("", "")

    def compose(lang):
        def text(value):
            return getattr(value, lang) if value else ""

        phrases = {code: text(library.phrases.get(code)) for code in KPI_PHRASES}
        titles = "; ".join(text(library.sources[c].title) for c in kpi.sources if c in library.sources)
        parts = [text(kpi.description)] if kpi.description else []
        if kpi.quote:
            parts.append(phrases["kpi_source"].format(titles=titles, quote=text(kpi.quote)))
        else:
            parts.append(phrases["kpi_own"].format(titles=titles))
        suggested = [phrases[f"kpi_{c}"] for c in ("period", "thresholds", "weight") if c in kpi.choices]
        if suggested:
            what = ("、" if lang == "zh" else ", ").join(suggested)
            parts.append(phrases["kpi_suggested"].format(what=what))
        return "\n".join(parts)

    return Text(compose("en"), compose("zh"))


def expand_periods(duties):
    """One duty per recurring period its text names: a line that plans 年、季、月 is a yearly, a
    quarterly and a monthly duty (a checklist item in each period); other lines stay as they are."""
    result = []
    for duty in duties:
        schedule = duty.schedule
        periods = getattr(schedule, "periods", ()) or ()
        if len(periods) <= 1:
            result.append(duty)
            continue
        for period in periods:
            single = dataclasses.replace(
                schedule,
                period=period,
                day=schedule.day if period == schedule.period else None,
                periods=(period,),
            )
            result.append(dataclasses.replace(duty, schedule=single))
    return tuple(result)


@functools.lru_cache(maxsize=1)
def _schema():
    import xmlschema  # imported late: only validation needs it

    # The shipped schema, read locally; it imports nothing, and may fetch nothing.
    return xmlschema.XMLSchema(SCHEMA_PATH, allow="sandbox", defuse="always")


def schema_errors(tree):
    """The schema errors of an already parsed lxml tree: validated in memory, nothing is fetched
    (no location hints, no resource access)."""
    import xmlschema

    resource = xmlschema.XMLResource(tree, allow="none", defuse="always")
    return _schema().iter_errors(resource, use_location_hints=False)


def validate_document(tree, path=None):
    """Validate an lxml tree against the XSD; raise LibraryError listing every error."""
    errors = [f"line {err.sourceline}: {err.reason}" for err in schema_errors(tree)]
    if errors:
        raise LibraryError(errors[:20], path)


def parse_library(source, path=None):
    """Parse and validate a library document (a path, bytes or a file object)."""
    try:
        if isinstance(source, bytes):
            tree = etree.fromstring(source, etree.XMLParser(resolve_entities=False, no_network=True))
        else:
            path = path or getattr(source, "name", source)
            tree = etree.parse(source, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise LibraryError([f"not well-formed XML: {exc}"], path) from exc
    validate_document(tree, path)
    library = build_library(tree, path)
    problems = check_library(library)
    if problems:
        raise LibraryError(problems, path)
    return library


def build_library(tree, path=None):
    """The Library of a parsed and schema-valid document (no semantic checks)."""
    kind = tree.get("kind") or "library"
    exact = kind == "organisation"
    return Library(
        sources={
            n.get("code"): Source(n.get("code"), _text(n.find("title")))
            for n in tree.iterfind("sources/source")
        },
        departments={
            n.get("code"): Department(
                code=n.get("code"),
                name=_text(n.find("name")),
                sources=_codes(n.get("sources")),
                functions=tuple(_line(f) for f in n.iterfind("function")),
                kpis=tuple(_kpi(k) for k in n.iterfind("kpi")),
            )
            for n in tree.iterfind("departments/department")
        },
        jobs={
            n.get("code"): Job(
                code=n.get("code"),
                name=_text(n.find("name")),
                sources=_codes(n.get("sources")),
                inferred=n.get("inferred") in ("true", "1"),
                inference=_text(n.find("inference")) if n.find("inference") is not None else None,
                summary=_line(n.find("summary")) if n.find("summary") is not None else None,
                duties=tuple(_duty(d, exact) for d in n.iterfind("duty")),
                qualifications=tuple(
                    _line(q, Qualification, kind=q.get("kind")) for q in n.iterfind("qualification")
                ),
                kpis=tuple(_kpi(k) for k in n.iterfind("kpi")),
                fill_from=n.get("fill-from"),
            )
            for n in tree.iterfind("jobs/job")
        },
        templates={
            n.get("code"): Template(
                code=n.get("code"),
                name=_text(n.find("name")),
                description=_text(n.find("description")),
                sources=_codes(n.get("sources")),
                is_default=n.get("default") in ("true", "1"),
                brand=n.get("brand"),
                verbatim=exact,
                departments=tuple(
                    TemplateDepartment(
                        d.get("ref"), d.get("parent"), frozenset(_codes(d.get("library-choice")))
                    )
                    for d in n.iterfind("department")
                ),
                jobs=tuple(
                    TemplateJob(
                        j.get("ref"),
                        j.get("department"),
                        j.get("superior"),
                        int(j.get("headcount")) if j.get("headcount") else None,
                        frozenset(_codes(j.get("library-choice"))),
                        _codes(j.get("lines-from")),
                    )
                    for j in n.iterfind("job")
                ),
            )
            for n in tree.iterfind("templates/template")
        },
        phrases={n.get("code"): _text(n) for n in tree.iterfind("phrases/phrase")},
        path=path or "",
        kind=kind,
    )


def _cycle(edges):
    """Return a node on a cycle of the child -> parent mapping ``edges``, or None."""
    for start in edges:
        seen, node = set(), start
        while node in edges:
            if node in seen:
                return node
            seen.add(node)
            node = edges[node]
    return None


def check_library(library):
    """Semantic checks the XSD cannot express; returns a list of problems."""
    problems = []
    known_sources = set(library.sources)
    verbatim = library.verbatim

    def check_sources(what, codes):
        if not codes and not verbatim:
            problems.append(f"{what} names no source document")
        for code in codes:
            if code not in known_sources:
                problems.append(f"{what} cites unknown source {code!r}")

    for dep in library.departments.values():
        check_sources(f"department {dep.code}", dep.sources)
        for fn in dep.functions:
            check_sources(f"a function of department {dep.code}", fn.sources)
        if not verbatim:
            problems += _duplicates(f"department {dep.code}", [f.text.zh for f in dep.functions])
        problems += _check_kpis(dep, check_sources, "department", verbatim)
    for job in library.jobs.values():
        check_sources(f"job {job.code}", job.sources)
        for line in job.duties + job.qualifications + ((job.summary,) if job.summary else ()):
            check_sources(f"a line of job {job.code}", line.sources)
        if not verbatim:
            problems += _duplicates(f"job {job.code}", [d.text.zh for d in job.duties])
            problems += _duplicates(f"job {job.code}", [q.text.zh for q in job.qualifications])
        problems += _check_kpis(job, check_sources, "job", verbatim)
        if job.fill_from and (job.fill_from == job.code or not library.jobs.get(job.fill_from, job).duties):
            problems.append(f"job {job.code} fills from {job.fill_from!r}, which is no other job with duties")
    for tpl in library.templates.values():
        check_sources(f"template {tpl.code}", tpl.sources)
        for job in tpl.jobs:
            for code in job.lines_from:
                if code not in known_sources:
                    problems.append(
                        f"template {tpl.code}: job {job.ref!r} takes lines from unknown source {code!r}"
                    )
        problems += check_template(tpl, library)
    return problems + (_check_organisation(library) if verbatim else _check_catalogue(library))


def _check_organisation(library):
    """An organisation: HR's texts (not .po terms, no notes to compose) and one template."""
    if len(library.templates) != 1:
        return [f"an organisation has exactly one template, found {len(library.templates)}"]
    return []


def _check_catalogue(library):
    """The shipped library: one English text per Chinese one, the KPI phrases, one default."""
    problems = _ambiguous_english(library)
    has_kpis = any(o.kpis for o in list(library.jobs.values()) + list(library.departments.values()))
    missing = [code for code in KPI_PHRASES if code not in library.phrases]
    if has_kpis and missing:
        problems.append(f"the KPIs' notes need the phrases {', '.join(missing)}")
    defaults = [t.code for t in library.templates.values() if t.is_default]
    if len(defaults) != 1:
        problems.append(f"exactly one template must be the default, found {len(defaults)}")
    return problems


def _check_kpis(owner, check_sources, kind, verbatim=False):
    """The KPIs of a job or department: unique codes, ordered thresholds, a quote unless the
    library chose the KPI, and weights of each period adding up to 100."""
    problems, totals = [], {}
    problems += _duplicates(f"the KPIs of {kind} {owner.code}", [k.code for k in owner.kpis])
    for kpi in owner.kpis:
        what = f"KPI {kpi.code} of {kind} {owner.code}"
        check_sources(what, kpi.sources)
        if not kpi.minimum <= kpi.target <= kpi.maximum:
            problems.append(f"{what}: minimum <= target <= maximum does not hold")
        if kpi.quote is None and "kpi" not in kpi.choices and not verbatim:
            problems.append(f"{what}: quote the document's words, or mark the KPI as the library's choice")
        totals[kpi.period] = totals.get(kpi.period, 0.0) + kpi.weight
    if verbatim and kind == "department":
        return problems  # an organisation's department targets carry no weights
    for period, total in sorted(totals.items()):
        if abs(total - 100.0) > 0.001:
            problems.append(
                f"{kind} {owner.code}: the weights of its {period} KPIs add up to {total:g}, not 100"
            )
    return problems


def _ambiguous_english(library):
    """Translations are keyed by their English text: one English text, one Chinese text."""
    chinese_of, problems = {}, []
    for text in library.texts():
        other = chinese_of.setdefault(text.en, text.zh)
        if other != text.zh:
            problems.append(
                f"the English text {text.en!r} translates both {other!r} and {text.zh!r}: make them differ"
            )
    return problems


def _duplicates(what, texts):
    seen, problems = set(), []
    for text in texts:
        if text in seen:
            problems.append(f"{what} repeats the line {text!r}")
        seen.add(text)
    return problems


def check_template(tpl, library):
    """Problems of one template: unknown references, a department twice, cycles."""
    return _check_template_departments(tpl, library) + _check_template_jobs(tpl, library)


def _check_template_departments(tpl, library):
    problems, deps = [], {}
    for dep in tpl.departments:
        if dep.ref not in library.departments:
            problems.append(f"template {tpl.code} uses unknown department {dep.ref!r}")
        if dep.ref in deps:
            problems.append(f"template {tpl.code} lists department {dep.ref!r} twice")
        deps[dep.ref] = dep.parent
    for ref, parent in deps.items():
        if parent and parent not in deps:
            problems.append(
                f"template {tpl.code}: department {ref!r} has parent {parent!r}, which is not in the template"
            )
    node = _cycle({ref: parent for ref, parent in deps.items() if parent})
    if node:
        problems.append(f"template {tpl.code}: the department hierarchy has a cycle through {node!r}")
    return problems


def _check_template_jobs(tpl, library):
    problems, placed = [], set()
    departments = {dep.ref for dep in tpl.departments}
    for job in tpl.jobs:
        if job.ref not in library.jobs:
            problems.append(f"template {tpl.code} uses unknown job {job.ref!r}")
        if job.department and job.department not in departments:
            problems.append(
                f"template {tpl.code}: job {job.ref!r} is in department {job.department!r}, "
                "which is not in the template"
            )
        if (job.ref, job.department) in placed:
            problems.append(
                f"template {tpl.code} places job {job.ref!r} twice in department {job.department!r}"
            )
        placed.add((job.ref, job.department))
    job_refs = {job.ref for job in tpl.jobs}
    superiors = {}
    for job in tpl.jobs:
        if job.superior == job.ref:
            problems.append(f"template {tpl.code}: job {job.ref!r} reports to itself")
        elif job.superior and job.superior not in job_refs:
            problems.append(
                f"template {tpl.code}: job {job.ref!r} reports to {job.superior!r}, "
                "which is not in the template"
            )
        elif job.superior:
            superiors.setdefault(job.ref, job.superior)
    node = _cycle(superiors)
    if node:
        problems.append(f"template {tpl.code}: the reporting lines have a cycle through {node!r}")
    return problems


def resolve_superiors(tpl):
    """Map each placement (job ref, department) to the placement of its superior.

    A job placed in several departments reports to the superior placed in its own
    department when there is one, else in the nearest ancestor department, else the
    first placement of the superior.
    """
    parent_of = {d.ref: d.parent for d in tpl.departments}
    placements = {}
    for job in tpl.jobs:
        placements.setdefault(job.ref, []).append(job.department)
    result = {}
    for job in tpl.jobs:
        if not job.superior:
            continue
        candidates = placements[job.superior]
        department = job.department
        while department and department not in candidates:
            department = parent_of.get(department)
        result[(job.ref, job.department)] = (
            job.superior,
            department if department in candidates else candidates[0],
        )
    return result


@functools.lru_cache(maxsize=4)
def _load_cached(path, mtime):
    with open(path, "rb") as handle:
        return parse_library(handle, path)


def load_library(path=LIBRARY_PATH):
    """The shipped library, parsed once per file version."""
    return _load_cached(path, os.stat(path).st_mtime_ns)

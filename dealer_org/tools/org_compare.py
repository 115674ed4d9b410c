"""Compare an organisation template with a company's departments and job positions, without the ORM.

One comparison serves every place that puts a template next to what a company has: applying a
template (at install and in the Apply Organisation Template wizard) and, later, library updates
and pushing a standard to stores. For each department and job placement of the template it says:

- ``present``: the company has the template's record, by library code (archived ones included);
- ``adopt``: the company has the record HR made themselves, by name (English or Chinese,
  whitespace, width and case aside): it gets the library code and the lines it lacks, and keeps
  its name, texts, employees and place;
- ``new``: nothing matches (or HR declined the adoption): applying creates it.

A department is adopted from the company's active departments without a library code of that
name, preferring the one under the matching parent department, else the first created. A job
placement is adopted from the company's active jobs without a library code of that name: the
one within the placement's matching department, or else the company's only job of that name;
failing both, an archived one of that name within the matching department (it stays archived:
hr allows one job of a name per department).
Each existing record is adopted at most once. ``Match.changes`` is left empty by ``compare``;
``differences`` fills it for the records present or adopted (see there): renamed, lines added,
changed or removed by the template, what the store changed itself, and the store's own lines.
"""

import unicodedata
from dataclasses import dataclass, field, replace

from .periods import MONTH_DAY, RECURRING, WEEKDAY, parsed_day

NEW, ADOPT, PRESENT = "new", "adopt", "present"
DEPARTMENT, JOB = "department", "job"


def normalise(text):
    """A name as the comparison sees it: Unicode-compatible form (full-width letters as ASCII),
    no whitespace at all (销售 部 is 销售部), case folded."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def name_keys(*texts):
    """The normalised forms of a record's names (its languages), empty ones left out."""
    return frozenset(key for key in map(normalise, texts) if key)


@dataclass(frozen=True)
class Record:
    """A company's existing department or job position as the comparison sees it.

    ``names``: its name in every language it is stored in; ``parent``: a department's parent
    department, a job's department (ids, None when it has none); ``origin``: the template that
    created or adopted it."""

    id: int
    names: tuple
    code: str | None = None
    parent: int | None = None
    active: bool = True
    origin: object = None


@dataclass(frozen=True)
class Match:
    """What the company has for one template record: ``key`` is the template department's code or
    the job placement (job code, department code); ``record_id`` the company's record (present or
    adopted). ``changes`` is reserved for the differences a later comparison reports."""

    kind: str
    key: object
    status: str
    record_id: int | None = None
    changes: tuple = ()


@dataclass
class Comparison:
    """The matches of one template against one company, in the template's order."""

    departments: dict = field(default_factory=dict)
    jobs: dict = field(default_factory=dict)
    # The company's active departments and job positions (what "its organisation" means).
    existing_departments: int = 0
    existing_jobs: int = 0

    def matches(self, kind=None, status=None):
        groups = {DEPARTMENT: self.departments, JOB: self.jobs}
        kinds = [kind] if kind else [DEPARTMENT, JOB]
        return [m for k in kinds for m in groups[k].values() if status is None or m.status == status]

    def count(self, kind, status):
        return len(self.matches(kind, status))

    def record_ids(self, kind):
        """{template key: record id} of the records the company has (present or adopted)."""
        groups = {DEPARTMENT: self.departments, JOB: self.jobs}
        return {key: m.record_id for key, m in groups[kind].items() if m.record_id}

    def adopts_organisation(self):
        """The company's own organisation is the template's: at least one of its job positions and
        at least half of its active departments and job positions are adopted (or already the
        template's). The install applies the default structure to such a company among several."""
        jobs = self.count(JOB, ADOPT) + self.count(JOB, PRESENT)
        recognised = jobs + self.count(DEPARTMENT, ADOPT) + self.count(DEPARTMENT, PRESENT)
        return jobs >= 1 and 2 * recognised >= self.existing_departments + self.existing_jobs


def compare(tpl, library, departments, jobs, declined=(), origin=None):
    """Compare template ``tpl`` (of ``library``) with one company's ``departments`` and ``jobs``
    (iterables of Record). ``declined``: the template keys, as (kind, key), whose adoption HR
    declined (they are new). ``origin``: how the records this template created or adopted name
    it (Record.origin); such a job is the template's placement even where HR moved it, or where
    it was adopted, outside the placement's department. Returns a Comparison."""
    declined = set(declined)
    departments = sorted(departments, key=lambda r: r.id)
    jobs = sorted(jobs, key=lambda r: r.id)
    result = Comparison(
        existing_departments=sum(1 for d in departments if d.active),
        existing_jobs=sum(1 for j in jobs if j.active),
    )
    _compare_departments(tpl, library, departments, declined, result)
    _compare_jobs(tpl, library, departments, jobs, declined, origin, result)
    return result


def _by_name(records, active=True):
    """{normalised name: [records]} of the records without a library code that are active (or,
    with ``active=False``, archived)."""
    index = {}
    for record in records:
        if record.active == active and not record.code:
            for key in name_keys(*record.names):
                index.setdefault(key, []).append(record)
    return index


def _named(index, text):
    """The records of ``index`` named like a library Text (English or Chinese), by id, no repeat."""
    found = {r.id: r for key in name_keys(text.en, text.zh) for r in index.get(key, ())}
    return [found[i] for i in sorted(found)]


def _compare_departments(tpl, library, departments, declined, result):
    by_code = {}
    for record in departments:
        if record.code:
            by_code.setdefault(record.code, record.id)
    by_name = _by_name(departments)
    claimed, matched = set(), {}
    for level in tpl.departments_by_depth():
        for placement in level:
            ref = placement.ref
            if ref in by_code:
                match = Match(DEPARTMENT, ref, PRESENT, by_code[ref])
            else:
                candidates = [
                    r for r in _named(by_name, library.departments[ref].name) if r.id not in claimed
                ]
                if candidates and (DEPARTMENT, ref) not in declined:
                    parent = matched.get(placement.parent)
                    chosen = next((r for r in candidates if r.parent == parent), candidates[0])
                    claimed.add(chosen.id)
                    match = Match(DEPARTMENT, ref, ADOPT, chosen.id)
                else:
                    match = Match(DEPARTMENT, ref, NEW)
            matched[ref] = match.record_id
            result.departments[ref] = match


def _jobs_present(tpl, departments, jobs, origin):
    """({(job ref, department ref): job id} present by code, the ids claimed): in the placement's
    department first, then one of the template's own (created or adopted by it) of that code
    wherever it is."""
    code_of_department = {d.id: d.code for d in departments if d.code}
    coded = {}
    for job in jobs:
        if job.code:
            coded.setdefault(job.code, []).append(job)
    claimed, present = set(), {}
    for placement in tpl.jobs:
        job = next(
            (
                j
                for j in coded.get(placement.ref, ())
                if j.id not in claimed and code_of_department.get(j.parent) == placement.department
            ),
            None,
        )
        if job:
            present[(placement.ref, placement.department)] = job.id
            claimed.add(job.id)
    for placement in tpl.jobs:
        key = (placement.ref, placement.department)
        job = next(
            (
                j
                for j in coded.get(placement.ref, ())
                if j.id not in claimed and origin is not None and j.origin == origin
            ),
            None,
        )
        if job and key not in present:
            present[key] = job.id
            claimed.add(job.id)
    return present, claimed


def _compare_jobs(tpl, library, departments, jobs, declined, origin, result):
    present, claimed = _jobs_present(tpl, departments, jobs, origin)
    by_name = _by_name(jobs)
    archived = _by_name([job for job in jobs if not job.active], active=False)
    # Every active job of a name, library code or not: "the company's only job of that name".
    all_names = {}
    for job in jobs:
        if job.active:
            for name in name_keys(*job.names):
                all_names.setdefault(name, set()).add(job.id)
    department_of = result.record_ids(DEPARTMENT)
    for placement in tpl.jobs:
        key = (placement.ref, placement.department)
        if key in present:
            result.jobs[key] = Match(JOB, key, PRESENT, present[key])
            continue
        name = library.jobs[placement.ref].name
        candidates = [r for r in _named(by_name, name) if r.id not in claimed]
        chosen = None
        if candidates and (JOB, key) not in declined:
            department = department_of.get(placement.department) if placement.department else None
            if placement.department is None or department:
                chosen = next((r for r in candidates if r.parent == department), None)
            same_name = set().union(*(all_names.get(n, set()) for n in name_keys(name.en, name.zh)))
            if chosen is None and len(same_name) == 1 and candidates[0].id in same_name:
                chosen = candidates[0]
        if chosen is None and (JOB, key) not in declined and placement.department:
            chosen = _archived_in(archived, name, department_of.get(placement.department), claimed, all_names)
        if chosen:
            claimed.add(chosen.id)
            result.jobs[key] = Match(JOB, key, ADOPT, chosen.id)
        else:
            result.jobs[key] = Match(JOB, key, NEW)


def _archived_in(archived, name, department, claimed, all_names):
    """The archived job of ``name`` in ``department`` when the company has no active one of that
    name: HR archived it (or an uninstall kept it archived); it is adopted where it is and left
    archived, since hr allows one job of a name per department."""
    if not department or any(all_names.get(n) for n in name_keys(name.en, name.zh)):
        return None
    return next((r for r in _named(archived, name) if r.parent == department and r.id not in claimed), None)


def missing_lines(lines, existing_names):
    """The template ``lines`` (duties, qualifications, functions: library lines with a bilingual
    ``text``) whose text the record does not have yet in any language; ``existing_names``: the
    names of its lines, every language."""
    have = name_keys(*existing_names)
    return tuple(line for line in lines if not name_keys(line.text.en, line.text.zh) & have)


def missing_kpis(kpis, existing, weighted=True):
    """The template ``kpis`` a record lacks. ``existing``: (code, period, active) of its KPIs
    (or department targets). A KPI whose code it has is not added again; with ``weighted`` (a
    job's KPIs) neither is any KPI of a period it already has active KPIs of: the weights of one
    period's KPIs add up to 100 %, HR's as they set them."""
    codes = {code for code, _period, _active in existing if code}
    periods = {period for _code, period, active in existing if active} if weighted else set()
    return tuple(k for k in kpis if k.code not in codes and k.period not in periods)


# ----------------------------------------------------------------------
# Differences: a template's records and lines against a company's
# ----------------------------------------------------------------------
#
# What a line *is* (its identity): a KPI or department target by its code; a duty,
# qualification or function by its text (English or Chinese, normalised) as the template gave it
# (``Line.origin``, stored on the line when a template created it), else as it reads now.
# What a line *says* (its state): its texts and settings, as (field, value) pairs in a fixed
# order (``STATE_FIELDS``), the same for the template's line and the company's.
#
# Kinds of difference (``Change.kind``):
RENAMED = "renamed"  # the template names the record otherwise; the store kept the name it was given
ADDED = "added"  # a line of the template the record lacks
CHANGED = "changed"  # a line the template now words or sets otherwise; the store kept it as given
REMOVED = "removed"  # a line of library origin the template no longer has
STORE_CHANGED = "store_changed"  # the store changed the name or line itself (or it is HR's own name)
STORE_OWN = "store_own"  # a line HR made, of no library origin: never touched
CHANGE_KINDS = (ADDED, CHANGED, RENAMED, REMOVED, STORE_CHANGED, STORE_OWN)
# The kinds applying may take: the store's own lines are only listed.
APPLICABLE = (ADDED, CHANGED, RENAMED, REMOVED, STORE_CHANGED)
# The kinds chosen unless HR unticks them: what the store changed itself is kept unless chosen.
PROPOSED = (ADDED, CHANGED, RENAMED, REMOVED)

NAME, DUTY, QUALIFICATION, KPI, FUNCTION, TARGET = (
    "name",
    "duty",
    "qualification",
    "kpi",
    "function",
    "target",
)
JOB_LINES = (DUTY, QUALIFICATION, KPI)
DEPARTMENT_LINES = (FUNCTION, TARGET)
CODED = (KPI, TARGET)
STATE_FIELDS = {
    NAME: ("en", "zh"),
    DUTY: (
        "en",
        "zh",
        "period",
        "weekday",
        "month_day",
        "period_month",
        "deadline_days",
        "checklist_item",
        "event",
    ),
    QUALIFICATION: ("en", "zh", "kind"),
    FUNCTION: ("en", "zh"),
    KPI: ("en", "zh", "period", "minimum", "target", "maximum", "weight", "direction"),
    TARGET: ("en", "zh", "period", "minimum", "target", "maximum", "direction"),
}


def _value(value):
    """A field value as states compare it: empty ones alike (False, 0, "", None), texts stripped,
    numbers as floats (5 and 5.0 alike)."""
    if value is None or value is False or value == "" or (isinstance(value, int | float) and value == 0):
        return None
    if value is True:
        return True
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def state(kind, values):
    """The state of a line (or of a record's name, ``NAME``) of ``kind`` from a mapping of its
    field values (missing ones empty): a tuple of (field, value) in ``STATE_FIELDS`` order."""
    return tuple((name, _value(values.get(name))) for name in STATE_FIELDS[kind])


def duty_values(duty):
    """The field values of a job duty a template's duty (library.Duty) gives."""
    schedule = duty.schedule
    values = {
        "is_adapted": duty.adapted,
        "period": schedule.period,
        "month_day": schedule.day if parsed_day(schedule.period) == MONTH_DAY else False,
        "weekday": str(schedule.day)
        if parsed_day(schedule.period) == WEEKDAY and schedule.day is not None
        else False,
        "deadline_days": schedule.within_days or False,
        "event": schedule.event_en or schedule.event_zh or False,
    }
    # An exported organisation states the duty's settings exactly (checklist item included).
    values.update(duty.settings)
    return values


def template_state(kind, line):
    """The state the template gives a line (a library Duty, Qualification, Line for a function,
    Kpi) or a name (a library Text)."""
    if kind == NAME:
        return state(NAME, {"en": line.en, "zh": line.zh})
    if kind in CODED:
        values = {"en": line.name.en, "zh": line.name.zh, **_kpi_figures(line)}
        return state(kind, values)
    values = {"en": line.text.en, "zh": line.text.zh}
    if kind == DUTY:
        values.update(duty_values(line))
        values.setdefault("checklist_item", values.get("period") in RECURRING)
    elif kind == QUALIFICATION:
        values["kind"] = line.kind
    return state(kind, values)


def _kpi_figures(kpi):
    return {
        "period": kpi.period,
        "minimum": kpi.minimum,
        "target": kpi.target,
        "maximum": kpi.maximum,
        "weight": kpi.weight,
        "direction": kpi.direction,
    }


def origin_values(kind, line):
    """What is stored on a record or line a template creates (``library_origin``): its state as
    the template gave it, a mapping (JSON)."""
    return dict(template_state(kind, line))


def stored_state(kind, origin):
    """The state of a stored ``library_origin`` mapping, None when there is none."""
    return state(kind, origin) if origin else None


@dataclass(frozen=True)
class StoreLine:
    """A company's line (or a record's name, kind NAME) as the differences see it. ``state``: as it
    reads now; ``origin``: the state the template gave it (None: not known: HR's own, or created
    before origins were kept); ``library``: it came from the library (an origin, or the sources
    a template gives its lines); ``code``: a KPI's or target's code; ``active``: an archived KPI
    or target is not removed again."""

    id: int
    state: tuple
    code: str | None = None
    origin: tuple | None = None
    library: bool = False
    active: bool = True
    sequence: int = 0

    def texts(self):
        values = dict(self.origin or self.state)
        return name_keys(values.get("en"), values.get("zh"))


@dataclass(frozen=True)
class Change:
    """One difference of a record: ``line`` what differs (NAME or a kind of line), ``kind`` how
    (ADDED …); ``template`` and ``store`` the states (None for a line the template or the store
    lacks); ``record_id`` the company's line (None when added; the record itself for NAME);
    ``fields``: the fields that differ; ``definition``: the template's library line (to create
    or rewrite it)."""

    kind: str
    line: str
    template: tuple | None
    store: tuple | None
    record_id: int | None = None
    fields: tuple = ()
    definition: object = field(default=None, compare=False)

    @property
    def text(self):
        """(en, zh) naming the line: the template's, else the store's."""
        values = dict(self.template or self.store or ())
        return values.get("en") or "", values.get("zh") or values.get("en") or ""


@dataclass(frozen=True)
class Owner:
    """A company's department or job position with its name and lines for the differences:
    ``name`` a StoreLine of kind NAME, ``lines`` {kind of line: [StoreLine]}."""

    name: StoreLine
    lines: dict = field(default_factory=dict)
    # The template that created or adopted it (its id), for the library's updates.
    origin: object = None


def _differ(a, b):
    return tuple(name for (name, x), (_n, y) in zip(a, b, strict=True) if x != y)


def _paired_change(kind, definition, tpl_state, line):
    """The change of a company line the template also has (None when they read the same): the
    template's own change when the store kept what it was given, else the store's."""
    if line.state == tpl_state:
        return None
    changed_by_template = line.origin is not None and line.state == line.origin
    return Change(
        (RENAMED if kind == NAME else CHANGED) if changed_by_template else STORE_CHANGED,
        kind,
        tpl_state,
        line.state,
        line.id,
        _differ(tpl_state, line.state),
        definition,
    )


def diff_lines(kind, definitions, lines):
    """The changes of one record's lines of ``kind`` against the template's ``definitions``
    (library lines). Pairs a company line with the template's line of the same code (KPIs,
    targets) or text (its text as the template gave it, English or Chinese): among several of
    the same text (a duty planned 年、季、月 is one line per period), the one reading the same,
    else of the same period, else the first."""
    templates = [(d, template_state(kind, d)) for d in definitions]
    claimed, pairs, unpaired = set(), [], []
    for line in sorted(lines, key=lambda ln: ln.id):
        if kind in CODED:
            candidates = [
                i
                for i, (d, _s) in enumerate(templates)
                if i not in claimed and line.code and d.code == line.code
            ]
        else:
            keys = line.texts()
            candidates = [
                i
                for i, (d, _s) in enumerate(templates)
                if i not in claimed and name_keys(d.text.en, d.text.zh) & keys
            ]
        if not candidates:
            unpaired.append(line)
            continue
        period = dict(line.origin or line.state).get("period")
        chosen = next(
            (i for i in candidates if templates[i][1] == line.state),
            next((i for i in candidates if dict(templates[i][1]).get("period") == period), candidates[0]),
        )
        claimed.add(chosen)
        pairs.append((templates[chosen], line))
    changes = []
    for index, (definition, tpl_state) in enumerate(templates):
        if index not in claimed:
            changes.append(Change(ADDED, kind, tpl_state, None, None, (), definition))
    for (definition, tpl_state), line in pairs:
        change = _paired_change(kind, definition, tpl_state, line)
        if change:
            changes.append(change)
    for line in unpaired:
        if not line.active:
            continue  # archived: removed already
        changes.append(Change(REMOVED if line.library else STORE_OWN, kind, None, line.state, line.id))
    return tuple(changes)


def record_definitions(tpl, library, kind, key):
    """(name Text, {kind of line: library lines}) the template gives the record of ``key`` (a
    department code, or a job placement (job code, department code))."""
    if kind == DEPARTMENT:
        definition = library.departments[key]
        documents = set(tpl.sources)
        functions = tuple(fn for fn in definition.functions if tpl.verbatim or documents & set(fn.sources))
        return definition.name, {FUNCTION: functions, TARGET: definition.kpis}
    from .library import expand_periods  # noqa: PLC0415 (tools.library imports nothing from here)

    placement = next(p for p in tpl.jobs if (p.ref, p.department) == key)
    job = library.jobs[placement.ref]
    return job.name, {
        DUTY: expand_periods(tpl.lines_for(placement, job.duties)),
        QUALIFICATION: tpl.lines_for(placement, job.qualifications),
        KPI: job.kpis,
    }


def record_changes(tpl, library, kind, key, owner):
    """The changes of one present or adopted record (``owner``: an Owner) against the template."""
    name, definitions = record_definitions(tpl, library, kind, key)
    changes = []
    rename = _paired_change(NAME, name, template_state(NAME, name), owner.name)
    if rename:
        changes.append(rename)
    for line_kind, lines in definitions.items():
        changes += diff_lines(line_kind, lines, owner.lines.get(line_kind, ()))
    return tuple(changes)


def differences(tpl, library, comparison, owners):
    """``comparison`` (of ``compare``) with the ``changes`` of each record the company has (present
    or adopted) filled in; ``owners``: {(kind, record id): Owner} of those records (a record
    missing from it has no changes). A new record has none either: it is created whole."""
    result = Comparison(
        existing_departments=comparison.existing_departments, existing_jobs=comparison.existing_jobs
    )
    for kind, source, target in (
        (DEPARTMENT, comparison.departments, result.departments),
        (JOB, comparison.jobs, result.jobs),
    ):
        for key, match in source.items():
            owner = owners.get((kind, match.record_id)) if match.record_id else None
            target[key] = (
                replace(match, changes=record_changes(tpl, library, kind, key, owner)) if owner else match
            )
    return result


def library_updates(comparison):
    """Only what the library gained for the records the company has (issue: library updates are
    offered, never forced): the lines added."""
    result = Comparison(
        existing_departments=comparison.existing_departments, existing_jobs=comparison.existing_jobs
    )
    for source, target in ((comparison.departments, result.departments), (comparison.jobs, result.jobs)):
        for key, match in source.items():
            if match.status != NEW:
                target[key] = replace(match, changes=tuple(c for c in match.changes if c.kind == ADDED))
    return result

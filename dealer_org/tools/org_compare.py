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
Each existing record is adopted at most once. ``Match.changes`` is left empty here: the
comparisons that report differences (renamed, lines added, changed or removed) fill it.
"""

import unicodedata
from dataclasses import dataclass, field

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


def _compare_jobs(tpl, library, departments, jobs, declined, origin, result):
    code_of_department = {d.id: d.code for d in departments if d.code}
    # Present by code: in the placement's department first, then one of the template's own
    # (created or adopted by it) of that code wherever it is.
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
            department = department_of.get(placement.department)
            if department and not any(all_names.get(n) for n in name_keys(name.en, name.zh)):
                # HR archived the job (or an uninstall kept it archived): adopted where it is and
                # left archived; a second job of that name in that department cannot be made.
                chosen = next(
                    (r for r in _named(archived, name) if r.parent == department and r.id not in claimed),
                    None,
                )
        if chosen:
            claimed.add(chosen.id)
            result.jobs[key] = Match(JOB, key, ADOPT, chosen.id)
        else:
            result.jobs[key] = Match(JOB, key, NEW)


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

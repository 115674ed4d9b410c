"""Per source document: what the library attributes to it and what its templates create.

Usage: python scripts/library_figures.py   (the project venv's python; no Odoo database)

Prints a Markdown table, one row per source document (s01 … s19):

- *document*: the departments, jobs, duty lines and KPIs (of jobs and of departments) whose
  ``sources`` name the document;
- *template(s)*: what the templates whose ``sources`` name the document create, summed over
  them: departments, job placements, duty lines (``Template.lines_for`` + ``expand_periods``,
  one per period of a 年、季、月 line) and KPIs (of the placed jobs and of the departments);
- *unreached*: the document's duty lines and KPIs that no template of the document gives to
  their job (or department); 0 when every line and indicator of the document reaches a store.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "dealer_org"))

from tools.library import expand_periods, load_library  # noqa: E402 (dealer_org/ on sys.path first)


def document_row(library, code):
    """(document figures, template figures, unreached figures) of one source document."""
    departments = [d for d in library.departments.values() if code in d.sources]
    jobs = [j for j in library.jobs.values() if code in j.sources]
    lines = [(j.code, d) for j in library.jobs.values() for d in j.duties if code in d.sources]
    kpis = [(j.code, k) for j in library.jobs.values() for k in j.kpis if code in k.sources]
    kpis += [(d.code, k) for d in library.departments.values() for k in d.kpis if code in k.sources]

    templates = [t for t in library.templates.values() if code in t.sources]
    created = {"departments": 0, "jobs": 0, "lines": 0, "kpis": 0}
    given, owners = set(), set()
    for tpl in templates:
        created["departments"] += len(tpl.departments)
        created["jobs"] += len(tpl.jobs)
        for dep in tpl.departments:
            created["kpis"] += len(library.departments[dep.ref].kpis)
            owners.add(dep.ref)
        for placement in tpl.jobs:
            job = library.jobs[placement.ref]
            kept = tpl.lines_for(placement, job.duties)
            created["lines"] += len(expand_periods(kept))
            created["kpis"] += len(job.kpis)
            given.update((job.code, line.text.zh) for line in kept if code in line.sources)
            owners.add(job.code)
    unreached_lines = sum(1 for job, line in lines if (job, line.text.zh) not in given)
    unreached_kpis = sum(1 for owner, _kpi in kpis if owner not in owners)
    mine = (len(departments), len(jobs), len(lines), len(kpis))
    theirs = (created["departments"], created["jobs"], created["lines"], created["kpis"])
    return templates, mine, theirs, (unreached_lines, unreached_kpis)


def main():
    library = load_library()
    print("| doc | title | template(s) | departments | jobs | duty lines | KPIs | unreached lines / KPIs |")
    print("|---|---|---|---|---|---|---|---|")
    totals = [0, 0]
    for code, source in library.sources.items():
        templates, mine, theirs, unreached = document_row(library, code)
        title = source.title.zh
        cells = [f"{a} / {b}" for a, b in zip(mine, theirs, strict=True)]
        names = ", ".join(t.code for t in templates)
        print(f"| {code} | {title} | {names} | {' | '.join(cells)} | {unreached[0]} / {unreached[1]} |")
        totals = [totals[0] + unreached[0], totals[1] + unreached[1]]
    kpis = sum(len(o.kpis) for o in list(library.jobs.values()) + list(library.departments.values()))
    print()
    print("Cells: the document's own (items whose sources name it) / what its templates create (summed).")
    print(
        f"Library: {sum(len(j.kpis) for j in library.jobs.values())} KPIs on "
        f"{sum(1 for j in library.jobs.values() if j.kpis)} jobs, "
        f"{sum(len(d.kpis) for d in library.departments.values())} department KPIs on "
        f"{sum(1 for d in library.departments.values() if d.kpis)} departments ({kpis} in all); "
        f"unreached: {totals[0]} lines, {totals[1]} KPIs."
    )


if __name__ == "__main__":
    main()

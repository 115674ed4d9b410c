"""What a template's documents leave a job without, and what the library can fill it with.

Some documents describe structure only: the quick-repair shop's (s09) names 16 positions and
gives none of them a duty or a headcount. A store cannot work with empty positions, so:

- **Duties.** A template placement whose documents give the job no duty line is *undocumented*.
  It can be filled from the library's *equivalent job*: first the same job as another document
  describes it (the textbook's 总经理 from the 4S store's), then the job named by the library's
  ``fill-from`` attribute (a quick-repair 机修技师 from the repair technician). The lines of one
  document are taken (the equivalent job's document that gives it the most duties, the first of
  them on a tie: no near-duplicates from several documents), with the template's brand rules, and
  the job's qualifications of the same document when the job has none. The created lines are
  marked adapted, with their source document and the library job they come from.
- **Headcount.** Where the template gives a position no number, the suggestion is
  ``SUGGESTED_HEADCOUNT`` (1): the document names the post, so the store has at least one; a
  manager or supervisor is one post by nature, and the store sets the number of the other posts
  itself. The job is marked as carrying a suggestion until HR changes its headcount.

Plain Python: the ORM layer (models/dealer_org_org_template_fill.py) calls it.
"""

import dataclasses
from dataclasses import dataclass

from .library import expand_periods

SUGGESTED_HEADCOUNT = 1


@dataclass(frozen=True)
class Fill:
    """The lines that fill an undocumented placement: from library job ``job`` as document
    ``source`` describes it."""

    job: object
    source: str
    duties: tuple
    qualifications: tuple


def undocumented(tpl, library):
    """The template's placements whose documents give the job no duty, in template order."""
    return tuple(p for p in tpl.jobs if not tpl.lines_for(p, library.jobs[p.ref].duties))


def fill_for(tpl, library, placement):
    """The Fill of an undocumented ``placement`` (None when the documents give it duties, when
    the template is an exported organisation, stated as it is, or when the library has no
    equivalent job with duties)."""
    if tpl.verbatim:
        return None
    job = library.jobs[placement.ref]
    if tpl.lines_for(placement, job.duties):
        return None
    own_documents = set(placement.lines_from or tpl.sources)
    candidates = [job]
    if job.fill_from and job.fill_from in library.jobs:
        candidates.append(library.jobs[job.fill_from])
    for candidate in candidates:
        best = None
        for source in candidate.sources:
            if candidate is job and source in own_documents:
                continue
            one_document = dataclasses.replace(placement, lines_from=(source,))
            duties = tpl.lines_for(one_document, candidate.duties)
            if duties and (best is None or len(duties) > len(best.duties)):
                best = Fill(
                    job=candidate,
                    source=source,
                    duties=duties,
                    qualifications=tpl.lines_for(one_document, candidate.qualifications),
                )
        if best:
            return dataclasses.replace(best, duties=expand_periods(best.duties))
    return None


def without_headcount(tpl):
    """The template's placements that state no headcount."""
    return tuple(p for p in tpl.jobs if p.headcount is None)

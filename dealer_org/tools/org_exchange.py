"""Reading an exported organisation document safely and checking it, line by line.

An organisation document is a library document (``dealer_org_library.xsd``) of
``kind="organisation"``: one company's departments and jobs as HR left them and exactly one
template placing them. A file uploaded by a user is untrusted:

- its size is limited before anything is parsed;
- it must be UTF-8 text, and may declare no document type (``<!DOCTYPE``) nor entities: no
  internal entity is expanded, no external entity or DTD is read, nothing is fetched;
- lxml parses it without network, DTD loading, entity resolution or huge trees;
- XInclude elements are refused (and never processed);
- xmlschema validates the parsed tree in memory against the shipped XSD, read locally, with no
  resource access and no location hints.

Every problem is a sentence naming the element, its line (and column where the parser gives
one) and what to fix, translated with the ``_`` the caller passes (``env._``).
"""

import re

from lxml import etree

from . import periods
from .library import _cycle, build_library, check_library, schema_errors

XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
DOCUMENT_VERSION = "1"
MAX_SCHEMA_ERRORS = 10
# The schema's key and keyref errors (duplicate codes, unknown references), said better below.
IDENTITY_CONSTRAINT = re.compile(r"\bXsd(Key|Keyref|Unique)\(")


class OrgDocumentError(ValueError):
    """The document cannot be imported; ``problems`` are translated sentences for the user."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _position(raw, offset):
    """(line, column), both from 1, of a byte or character offset in ``raw``."""
    newline = b"\n" if isinstance(raw, bytes) else "\n"
    line = raw.count(newline, 0, offset) + 1
    column = offset - (raw.rfind(newline, 0, offset) + 1) + 1
    return line, column


def _tag(element):
    return etree.QName(element).localname if isinstance(element.tag, str) else str(element.tag)


def _describe(element):
    """``<job code="x">`` for an element: its tag with its code or ref."""
    tag = _tag(element)
    for name in ("code", "ref"):
        if element.get(name):
            return f'<{tag} {name}="{element.get(name)}">'
    return f"<{tag}>"


def _language(_):
    """The language ``_`` translates into, "zh" or "en" (``env._`` knows its environment's)."""
    env = getattr(_, "__self__", None)
    return "zh" if str(getattr(env, "lang", None) or "").startswith("zh") else "en"


def _name(element, _):
    """What users call a job or department: its name in their language (the other language, then
    the code, when the document gives none)."""
    name = element.find("name")
    if name is not None:
        lang = _language(_)
        for tag in (lang, "zh" if lang == "en" else "en"):
            text = (name.findtext(tag) or "").strip()
            if text:
                return text
    return element.get("code") or "?"


def _period(period, _):
    """A duty's or KPI's period as a word of the sentence it goes into, translated."""
    labels = {
        "none": _("no period"),
        "daily": _("daily"),
        "weekly": _("weekly"),
        "monthly": _("monthly"),
        "quarterly": _("quarterly"),
        "yearly": _("yearly"),
        "event": _("event-driven"),
    }
    return labels.get(period, period)


def read_document(raw, max_bytes, _):
    """The root element of an uploaded organisation document, parsed safely; raise
    OrgDocumentError when the file is empty, too large, not UTF-8, declares a document type or
    entities, is not well-formed XML, or uses XInclude."""
    if not raw or not raw.strip():
        raise OrgDocumentError(
            [_("The file is empty: choose an organisation document (.xml) exported by dealer_org.")]
        )
    if len(raw) > max_bytes:
        raise OrgDocumentError(
            [
                _(
                    "The file has %(size)s bytes, more than the %(limit)s bytes an organisation document "
                    "may have: export fewer departments, or ask your administrator to raise the system "
                    "parameter dealer_org.org_exchange_max_bytes.",
                    size=len(raw),
                    limit=max_bytes,
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise OrgDocumentError(
            [
                _(
                    "Line %(line)s, column %(column)s: the file is not UTF-8 text. Choose an organisation "
                    "document exported by dealer_org, or save the file as UTF-8.",
                    line=line,
                    column=column,
                )
            ]
        ) from exc
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        offset = text.find(marker)
        if offset >= 0:
            line, column = _position(text, offset)
            raise OrgDocumentError(
                [
                    _(
                        "Line %(line)s, column %(column)s: the file declares a document type or entities "
                        "(%(marker)s). Organisation documents may not (entities and external files are "
                        "never read): remove the declaration.",
                        line=line,
                        column=column,
                        marker=marker,
                    )
                ]
            )
    # not mutated below: defence in depth, equivalent while <!DOCTYPE and <!ENTITY are refused above
    parser = etree.XMLParser(
        resolve_entities=False,  # pragma: no mutate
        no_network=True,  # pragma: no mutate
        load_dtd=False,  # pragma: no mutate
        dtd_validation=False,  # pragma: no mutate
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        # not mutated: lxml always gives the position
        line, column = exc.position if exc.position else (exc.lineno, 0)  # pragma: no mutate
        raise OrgDocumentError(
            [
                _(
                    "Line %(line)s, column %(column)s: the file is not well-formed XML (%(reason)s). "
                    "Correct it, or export the organisation again.",
                    line=line,
                    column=column,
                    reason=exc.msg,
                )
            ]
        ) from exc
    docinfo = root.getroottree().docinfo
    # pragma: no mutate start (lxml always names the encoding, refuses "utf_8"; DOCTYPE refused above)
    if docinfo.doctype or (docinfo.encoding or "UTF-8").upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        # pragma: no mutate end
        raise OrgDocumentError(
            [
                _(
                    "Line 1: the file declares the encoding %(encoding)s or a document type: an "
                    "organisation document is UTF-8 without a document type. Export it again.",
                    encoding=docinfo.encoding,
                )
            ]
        )
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).namespace in XINCLUDE_NAMESPACES:
            raise OrgDocumentError(
                [
                    _(
                        "Line %(line)s, <%(element)s>: the file includes other files (XInclude). "
                        "Organisation documents may not: remove the element.",
                        line=element.sourceline,
                        element=_tag(element),
                    )
                ]
            )
        # pragma: no mutate block (defence in depth, unreachable: the parser refuses undeclared entities)
        if not isinstance(element.tag, str) and not isinstance(element, etree._Comment):
            raise OrgDocumentError(
                [
                    _(
                        "Line %(line)s: the file uses an entity reference. Organisation documents may "
                        "not: write the text itself.",
                        line=element.sourceline,
                    )
                ]
            )
    return root


def check_root(root, _):
    """The root must be an organisation document of the version this module reads."""
    qname = etree.QName(root)
    if qname.namespace:
        return [
            _(
                "Line %(line)s: the root element <%(element)s> is in the namespace %(namespace)s; "
                "dealer_org documents use no namespace. Choose an organisation document exported by "
                "dealer_org.",
                line=root.sourceline,
                element=qname.localname,
                namespace=qname.namespace,
            )
        ]
    if qname.localname != "library":
        return [
            _(
                "Line %(line)s: the root element is <%(element)s>; an organisation document starts with "
                '<library kind="organisation">. Choose an organisation document exported by dealer_org.',
                line=root.sourceline,
                element=qname.localname,
            )
        ]
    if root.get("kind") != "organisation":
        return [
            _(
                "Line %(line)s, <library>: this is an organisation library, not an exported "
                'organisation (kind="organisation"). Export the organisation of a company and import '
                "that file.",
                line=root.sourceline,
            )
        ]
    if root.get("version") != DOCUMENT_VERSION:
        return [
            _(
                "Line %(line)s, <library>: the document has version %(version)s; this version of "
                "dealer_org reads version %(expected)s. Export the organisation again with this version.",
                line=root.sourceline,
                version=root.get("version"),
                expected=DOCUMENT_VERSION,
            )
        ]
    return []


def check_codes(root, _):
    """Codes a document gives twice (before the schema, whose key errors are terse)."""
    problems = []
    for path, label in (
        ("sources/source", _("source")),
        ("departments/department", _("department")),
        ("jobs/job", _("job")),
        ("templates/template", _("template")),
    ):
        first = {}
        for element in root.iterfind(path):
            code = element.get("code")
            if code is None:
                continue
            if code in first:
                problems.append(
                    _(
                        "Line %(line)s, %(element)s: the %(kind)s code %(code)s is used twice (first on "
                        "line %(first)s). Give each %(kind)s its own code.",
                        line=element.sourceline,
                        element=_describe(element),
                        kind=label,
                        code=code,
                        first=first[code],
                    )
                )
            else:
                first[code] = element.sourceline
    return problems


def check_schema(root, _):
    """The XSD's errors, each with its element and line (at most MAX_SCHEMA_ERRORS)."""
    problems = []
    for error in schema_errors(root):
        if IDENTITY_CONSTRAINT.search(error.reason or ""):
            continue  # codes and references: check_codes and check_organisation say it with lines
        element = error.elem
        problems.append(
            _(
                "Line %(line)s, %(element)s: %(reason)s Correct it as the organisation schema "
                "(dealer_org_library.xsd) requires.",
                line=getattr(element, "sourceline", None) or error.sourceline or "?",
                element=_describe(element) if element is not None else "?",
                reason=(error.reason or str(error)).rstrip(".") + ".",
            )
        )
        if len(problems) >= MAX_SCHEMA_ERRORS:
            break
    return problems


def _number(value):
    return float(value)


def check_organisation(root, _):
    """What the schema cannot say: one template, known references, no cycles, unique KPI codes,
    ordered thresholds, weights adding up to 100, duty settings that fit their period."""
    problems = []
    templates = root.findall("templates/template")
    if len(templates) != 1:
        problems.append(
            _(
                "Line %(line)s, <templates>: the document holds %(count)s templates; an exported "
                "organisation holds exactly one. Keep one <template>.",
                line=root.find("templates").sourceline,
                count=len(templates),
            )
        )
    sources = {e.get("code") for e in root.iterfind("sources/source")}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("sources", "lines-from"):
            for code in (element.get(attribute) or "").split():
                if code not in sources:
                    problems.append(
                        _(
                            "Line %(line)s, %(element)s: the source %(code)s is not among the document's "
                            "<sources>. Add it there, or remove it from the %(attribute)s attribute.",
                            line=element.sourceline,
                            element=_describe(element),
                            code=code,
                            attribute=attribute,
                        )
                    )
    for owner in root.iterfind("departments/department"):
        problems += _check_kpis(owner, _, weights=False)
    for owner in root.iterfind("jobs/job"):
        problems += _check_kpis(owner, _, weights=True)
        for duty in owner.iterfind("duty"):
            problems += _check_duty(duty, owner, _)
    departments = {e.get("code") for e in root.iterfind("departments/department")}
    jobs = {e.get("code") for e in root.iterfind("jobs/job")}
    for template in templates:
        problems += _check_template(template, departments, jobs, _)
    return problems


def _check_kpis(owner, _, weights):
    problems, seen, totals = [], {}, {}
    for kpi in owner.iterfind("kpi"):
        code = kpi.get("code")
        if code in seen:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: the KPI code %(code)s is used twice in %(owner)s (first on "
                    "line %(first)s). Give each KPI its own code.",
                    line=kpi.sourceline,
                    element=_describe(kpi),
                    code=code,
                    owner=_describe(owner),
                    first=seen[code],
                )
            )
        seen.setdefault(code, kpi.sourceline)
        minimum, target, maximum = (_number(kpi.get(n)) for n in ("minimum", "target", "maximum"))
        if minimum == target == maximum == 0:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: minimum, target and maximum are all 0, so no value "
                    "could be scored. Set the target.",
                    line=kpi.sourceline,
                    element=_describe(kpi),
                )
            )
        elif not minimum <= target <= maximum:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: minimum ≤ target ≤ maximum does not hold (%(minimum)s, "
                    "%(target)s, %(maximum)s). Correct the figures.",
                    line=kpi.sourceline,
                    element=_describe(kpi),
                    minimum=kpi.get("minimum"),
                    target=kpi.get("target"),
                    maximum=kpi.get("maximum"),
                )
            )
        weight = _number(kpi.get("weight"))
        if not 0 <= weight <= 100:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: the weight %(weight)s is not between 0 and 100. Correct it.",
                    line=kpi.sourceline,
                    element=_describe(kpi),
                    weight=kpi.get("weight"),
                )
            )
        totals[kpi.get("period")] = totals.get(kpi.get("period"), 0.0) + weight
    if weights:
        for period, total in sorted(totals.items()):
            if abs(total - 100.0) > 0.01:
                problems.append(
                    _(
                        "Line %(line)s, job %(job)s: the weights of its %(period)s KPIs add up to "
                        "%(total)s, not 100. Adjust the weights.",
                        line=owner.sourceline,
                        job=_name(owner, _),
                        period=_period(period, _),
                        total=round(total, 2),
                    )
                )
    return problems


def _check_duty(duty, job, _):
    """Duty settings the job duty model would refuse."""
    period = duty.get("period") or "none"
    where = {
        "line": duty.sourceline,
        "element": _describe(duty),
        "job": _name(job, _),
        "period": _period(period, _),
    }
    refused = periods.duty_problems(
        period,
        weekday=duty.get("weekday"),
        month_day=duty.get("month-day"),
        period_month=duty.get("period-month"),
        checklist_item=duty.get("checklist") in ("true", "1"),
    )
    problems = []
    if periods.WEEKDAY in refused:
        problems.append(
            _(
                "Line %(line)s, %(element)s of job %(job)s: a weekday is set but the period is %(period)s. "
                'Set period="weekly" or remove the weekday.',
                **where,
            )
        )
    if periods.MONTH_DAY in refused:
        problems.append(
            _(
                "Line %(line)s, %(element)s of job %(job)s: a day of the month is set but the period is "
                "%(period)s. Set a monthly, quarterly or yearly period, or remove month-day.",
                **where,
            )
        )
    if periods.PERIOD_MONTH in refused:
        problems.append(
            _(
                "Line %(line)s, %(element)s of job %(job)s: period-month does not fit the %(period)s "
                "period (quarterly: 1 to 3, yearly: 1 to 12, others: none). Correct it.",
                **where,
            )
        )
    if "checklist" in refused:
        problems.append(
            _(
                "Line %(line)s, %(element)s of job %(job)s: a checklist item needs a recurring period, "
                'not %(period)s. Set the period or checklist="false".',
                **where,
            )
        )
    return problems


def _check_template(template, departments, jobs, _):
    problems, placed = [], {}
    for element in template.iterfind("department"):
        ref = element.get("ref")
        where = {"line": element.sourceline, "element": _describe(element), "code": ref}
        if ref not in departments:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: the template places department %(code)s, which is not "
                    "among the document's <departments>. Add it there, or remove the placement.",
                    **where,
                )
            )
        if ref in placed:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: the template places department %(code)s twice. Keep one.",
                    **where,
                )
            )
        placed.setdefault(ref, element)
    for element in placed.values():
        parent = element.get("parent")
        if parent and parent not in placed:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: its parent department %(parent)s is not in the template. "
                    "Place the parent in the template, or remove the parent attribute.",
                    line=element.sourceline,
                    element=_describe(element),
                    parent=parent,
                )
            )
    node = _cycle({ref: e.get("parent") for ref, e in placed.items() if e.get("parent")})
    if node:
        problems.append(
            _(
                "Line %(line)s, %(element)s: the department hierarchy has a cycle through %(code)s (a "
                "department is its own ancestor). Give one of them another parent.",
                line=placed[node].sourceline,
                element=_describe(placed[node]),
                code=node,
            )
        )
    placements, superiors = {}, {}
    job_elements = template.findall("job")
    for element in job_elements:
        placements.setdefault(element.get("ref"), element)
    for element in job_elements:
        ref, department, superior = element.get("ref"), element.get("department"), element.get("superior")
        where = {
            "line": element.sourceline,
            "element": _describe(element),
            "code": ref,
            "department": department,
            "superior": superior,
        }
        if ref not in jobs:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: the template places job %(code)s, which is not among the "
                    "document's <jobs>. Add it there, or remove the placement.",
                    **where,
                )
            )
        if department and department not in placed:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: job %(code)s is placed in department %(department)s, "
                    "which is not in the template. Place the department, or change the job's department.",
                    **where,
                )
            )
        if placements[ref] is not element and placements[ref].get("department") == department:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: job %(code)s is placed twice in the same department. "
                    "Keep one placement.",
                    **where,
                )
            )
        if superior and superior == ref:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: job %(code)s reports to itself. Give it another superior "
                    "or none.",
                    **where,
                )
            )
        elif superior and superior not in placements:
            problems.append(
                _(
                    "Line %(line)s, %(element)s: job %(code)s reports to %(superior)s, which is not in the "
                    "template. Place that job, or change the superior.",
                    **where,
                )
            )
        elif superior:
            superiors.setdefault(ref, superior)
    node = _cycle(superiors)
    if node:
        problems.append(
            _(
                "Line %(line)s, %(element)s: the reporting lines have a cycle through job %(code)s (it "
                "reports, through its superiors, to itself). Give one of them another superior.",
                line=placements[node].sourceline,
                element=_describe(placements[node]),
                code=node,
            )
        )
    return problems


def load_organisation(raw, max_bytes, _):
    """The Library of an uploaded organisation document, fully checked; raise OrgDocumentError
    listing what to fix. Nothing is written anywhere."""
    root = read_document(raw, max_bytes, _)
    for check in (check_root, check_codes, check_schema, check_organisation):
        problems = check(root, _)
        if problems:
            raise OrgDocumentError(problems)
    library = build_library(root)
    problems = check_library(library)
    if problems:  # a safety net: the checks above should have said it, with lines
        raise OrgDocumentError(
            [_("The document is not consistent: %(problem)s. Correct it.", problem=p) for p in problems]
        )
    return library

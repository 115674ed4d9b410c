import dataclasses
import logging
from dataclasses import dataclass
from html import escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.library import expand_periods, kpi_description, load_library, resolve_superiors
from ..tools.org_compare import (
    ADOPT,
    DEPARTMENT,
    DUTY,
    FUNCTION,
    JOB,
    KPI,
    NAME,
    QUALIFICATION,
    TARGET,
    Record,
    compare,
    duty_values,
    missing_kpis,
    missing_lines,
    origin_values,
)

_logger = logging.getLogger(__name__)


def _xmlid_part(*codes):
    return "__".join(c for c in codes if c)


class DealerOrgOrgTemplate(models.Model):
    _name = "dealer_org.org.template"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Organisation Template"
    _order = "sequence, id"

    code = fields.Char(required=True, readonly=True, index=True)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_default = fields.Boolean(
        "Installed by Default",
        readonly=True,
        help="The structure created in the main company when the module is installed.",
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_org_template_source_rel"
    )
    department_count = fields.Integer("Departments", compute="_compute_library_counts")
    job_count = fields.Integer("Job Positions", compute="_compute_library_counts")
    choice_count = fields.Integer(
        "Library's Choices",
        compute="_compute_library_counts",
        help="Departments, jobs, reporting lines and headcounts that the template's source documents do not "
        "state: the library chose them. The Structure tab marks each one; review them before applying.",
    )
    structure = fields.Html(compute="_compute_structure", sanitize=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "An organisation template code must be unique."),
    ]

    def _definition(self):
        """(library, template definition) of this template: the shipped library's template of
        the same code (None when the library no longer has it). Imported templates override it."""
        self.ensure_one()
        library = load_library()
        return library, library.templates.get(self.code)

    def _compute_library_counts(self):
        for template in self:
            _library, tpl = template._definition()
            template.department_count = len(tpl.departments) if tpl else 0
            template.job_count = len(tpl.jobs) if tpl else 0
            template.choice_count = sum(len(e.choices) for e in tpl.departments + tpl.jobs) if tpl else 0

    @api.depends_context("lang")
    def _compute_structure(self):
        """The template's departments and jobs as an indented outline, in the user's language."""
        zh = (self.env.lang or "").startswith("zh")
        for template in self:
            library, tpl = template._definition()
            template.structure = _outline(tpl, library, zh, template._choice_labels()) if tpl else False

    def _choice_labels(self):
        """The words the outline marks the library's own choices with, in the user's language."""
        return {
            "department": self.env._("not in the source documents"),
            "job": self.env._("not in the source documents"),
            "parent": self.env._("place in the hierarchy"),
            "placement": self.env._("its department"),
            "superior": self.env._("reporting line"),
            "headcount": self.env._("headcount"),
            "legend": self.env._("Library's choice"),
            "reports_to": self.env._("reports to"),
        }

    # ------------------------------------------------------------------
    # Applying a template
    # ------------------------------------------------------------------

    def _apply_to_company(self, company, with_xmlids=False):
        """Create the template's departments, jobs, duties and qualifications in ``company``;
        see ``_apply_to_companies``. Returns the job positions created."""
        return self._apply_to_companies(company, with_xmlids=with_xmlids)

    def _apply_to_companies(
        self, companies, with_xmlids=False, declined=None, definition=None, comparisons=None
    ):
        """Create the template's departments, jobs, duties and qualifications in each of
        ``companies``, adopting what the companies already have.

        Each company is compared with the template first (``_compare_companies``,
        tools/org_compare.py): departments and jobs it already has from the template (same
        library code, archived ones included) are kept as they are, so applying twice creates
        nothing new; departments and jobs HR made themselves that are the template's by name are
        *adopted*: they receive the library code and the lines they lack, and keep their name,
        texts, employees and place; the rest is created. ``declined``: {company id: {(kind, key)}}
        of the adoptions HR declined (those records are created new). Work is batched for all
        the companies at once: one ``create`` per model (per level for departments and for
        reporting lines), whatever the number of companies. ``with_xmlids`` (the default template
        at install, one company) names the created records with xml ids (never HR's adopted
        ones). ``definition`` and ``comparisons``: the (library, template) to apply and the
        comparisons to apply it by, when the caller made them (pushing a chosen part of a standard,
        wizard/dealer_org_template_push.py). Returns the job positions created.
        """
        library, tpl = definition or self._definition()
        if not tpl:
            raise UserError(
                self.env._(
                    "The organisation template “%(name)s” is not in the dealer_org library: "
                    "upgrade the module or choose another template.",
                    name=self.display_name,
                )
            )
        if with_xmlids and len(companies) != 1:
            raise ValueError("xml ids name the records of one company only")
        sources = {s.code: s.id for s in self.env["dealer_org.source"].sudo().search([])}

        def source_cmd(codes):
            return [fields.Command.set([sources[c] for c in codes if c in sources])]

        if comparisons is None:
            comparisons = self._compare_companies(companies, declined, definition=(library, tpl))
        adoption = self._adoption_lines(comparisons, library, tpl)
        dep_ids = self._apply_departments(tpl, library, companies, source_cmd, with_xmlids, comparisons)
        self._adopt_departments(comparisons, adoption, library, source_cmd)
        jobs, placements = self._apply_jobs(tpl, library, companies, dep_ids, source_cmd, comparisons)
        xmlids = None
        if with_xmlids:
            multi_placed = {p.ref for p in tpl.jobs if sum(1 for q in tpl.jobs if q.ref == p.ref) > 1}
            xmlids = [
                f"job_{_xmlid_part(p.ref, p.department if p.ref in multi_placed else None)}"
                for p in placements
            ]
            self.env["dealer_org.library"]._add_xmlids(jobs, xmlids)
        # Each job receives the lines of the template's documents (Template.lines_for).
        lines = {}
        for p in placements:
            if p not in lines:
                lines[p] = _placed_lines(tpl, library, p)
        definitions = [lines[p] for p in placements]
        kpi_lists = [library.jobs[p.ref].kpis for p in placements]
        adopted_jobs = self._adopt_jobs(comparisons, library, tpl, source_cmd, jobs, placements)
        # Adopted jobs receive the lines they lack, after their own (no xml ids: they are HR's).
        adopted_lines = [adoption[(JOB, job.id)] for job in adopted_jobs]
        starts = adoption["start"]
        duties = self._apply_job_lines(
            jobs, definitions, "duties", "dealer_org.job.duty", _duty_values, source_cmd, xmlids, "duty"
        ) | self._apply_job_lines(
            adopted_jobs,
            adopted_lines,
            "duties",
            "dealer_org.job.duty",
            _duty_values,
            source_cmd,
            None,
            "duty",
            start=starts.get("duties", 1),
        )
        for owners, defs, names, start in (
            (jobs, definitions, xmlids, 1),
            (adopted_jobs, adopted_lines, None, starts.get("qualifications", 1)),
        ):
            self._apply_job_lines(
                owners,
                defs,
                "qualifications",
                "dealer_org.job.qualification",
                lambda q: {"kind": q.kind},
                source_cmd,
                names,
                "qualification",
                start=start,
            )
        kpis = self._apply_kpis(jobs, kpi_lists, library, xmlids, source_cmd) | self._apply_kpis(
            adopted_jobs, [d.kpis for d in adopted_lines], library, None, source_cmd
        )
        _logger.info(
            "dealer_org: template %s applied to %d companies (%s): %d departments, %d jobs created, "
            "%d departments and %d jobs adopted, %d duties, %d KPIs",
            self.code,
            len(companies),
            ", ".join(companies[:5].mapped("name")) + (", …" if len(companies) > 5 else ""),
            len(dep_ids["created"]),
            len(jobs),
            sum(c.count(DEPARTMENT, ADOPT) for c in comparisons.values()),
            len(adopted_jobs),
            len(duties),
            len(kpis),
        )
        return jobs

    # ------------------------------------------------------------------
    # Comparing a template with companies (adoption)
    # ------------------------------------------------------------------

    def _compare_companies(self, companies, declined=None, definition=None):
        """{company: org_compare.Comparison} of this template with each company's departments and
        job positions, in two queries whatever their number. ``declined``: {company id: {(kind,
        key)}} of the adoptions HR declined."""
        library, tpl = definition or self._definition()
        if tpl is None or not companies:
            return {}
        departments, jobs = self._read_organisations(companies)
        declined = declined or {}
        return {
            company: compare(
                tpl,
                library,
                departments.get(company.id, ()),
                jobs.get(company.id, ()),
                declined.get(company.id, ()),
                origin=self.id,
            )
            for company in companies
        }

    def _read_organisations(self, companies):
        """({company id: [Record]} of departments, same of job positions) of ``companies``,
        archived ones included. Read in SQL to have the name in every language it is stored in
        (the translated field's jsonb), one query per model."""
        self.env["hr.department"].flush_model(["name", "company_id", "library_code", "parent_id", "active"])
        self.env["hr.job"].flush_model(["name", "company_id", "library_code", "department_id", "active"])
        result = []
        for table, parent in (("hr_department", "parent_id"), ("hr_job", "department_id")):
            self.env.cr.execute(
                SQL(
                    "SELECT id, company_id, name, library_code, %(parent)s, active, org_template_id "
                    "FROM %(table)s WHERE company_id = ANY(%(companies)s)",
                    parent=SQL.identifier(parent),
                    table=SQL.identifier(table),
                    companies=companies.ids,
                )
            )
            records = {}
            for rid, company_id, name, code, parent_id, active, origin in self.env.cr.fetchall():
                records.setdefault(company_id, []).append(
                    Record(rid, tuple((name or {}).values()), code or None, parent_id, bool(active), origin)
                )
            result.append(records)
        return tuple(result)

    def _adoption_lines(self, comparisons, library, tpl):
        """What the adopted records receive: {(kind, record id): _PlacedJob or library Department}
        of the template's lines they lack (tools/org_compare.py ``missing_lines`` and
        ``missing_kpis``), and under "start" {kind of line: first sequence} so the new lines
        come after HR's; their own lines are read in one query per kind of line."""
        adopted = {
            kind: [(m, company) for company, c in comparisons.items() for m in c.matches(kind, ADOPT)]
            for kind in (DEPARTMENT, JOB)
        }
        result = {"start": {}}
        if not adopted[DEPARTMENT] and not adopted[JOB]:
            return result
        job_ids = [m.record_id for m, _c in adopted[JOB]]
        department_ids = [m.record_id for m, _c in adopted[DEPARTMENT]]
        duties = self._line_names("dealer_org_job_duty", "job_id", job_ids)
        qualifications = self._line_names("dealer_org_job_qualification", "job_id", job_ids)
        functions = self._line_names("dealer_org_department_function", "department_id", department_ids)
        kpis = self._kpi_keys("dealer_org_kpi", "job_id", job_ids)
        targets = self._kpi_keys("dealer_org_department_kpi", "department_id", department_ids)
        result["start"] = {
            "duties": duties["start"],
            "qualifications": qualifications["start"],
            "functions": functions["start"],
        }
        for match, _company in adopted[JOB]:
            placement = next(p for p in tpl.jobs if (p.ref, p.department) == match.key)
            placed = _placed_lines(tpl, library, placement)
            result[(JOB, match.record_id)] = _PlacedJob(
                duties=missing_lines(placed.duties, duties.get(match.record_id, ())),
                qualifications=missing_lines(placed.qualifications, qualifications.get(match.record_id, ())),
                kpis=missing_kpis(library.jobs[placement.ref].kpis, kpis.get(match.record_id, ())),
            )
        documents = set(tpl.sources)
        for match, _company in adopted[DEPARTMENT]:
            definition = library.departments[match.key]
            given = tuple(fn for fn in definition.functions if tpl.verbatim or documents & set(fn.sources))
            result[(DEPARTMENT, match.record_id)] = dataclasses.replace(
                definition,
                functions=missing_lines(given, functions.get(match.record_id, ())),
                kpis=missing_kpis(definition.kpis, targets.get(match.record_id, ()), weighted=False),
            )
        return result

    def _line_names(self, table, owner, owner_ids):
        """{owner id: [names of its lines, every language]} (archived lines included), and under
        "start" the sequence after the owners' last line (new lines come after HR's)."""
        result = {"start": 1}
        if not owner_ids:
            return result
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT %(owner)s, name, sequence FROM %(table)s WHERE %(owner)s = ANY(%(ids)s)",
                owner=SQL.identifier(owner),
                table=SQL.identifier(table),
                ids=owner_ids,
            )
        )
        for owner_id, name, sequence in self.env.cr.fetchall():
            result.setdefault(owner_id, []).extend((name or {}).values())
            result["start"] = max(result["start"], (sequence or 0) + 1)
        return result

    def _kpi_keys(self, table, owner, owner_ids):
        """{owner id: [(code, period, active)]} of the KPIs or targets of the owners."""
        if not owner_ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT %(owner)s, code, period, active FROM %(table)s WHERE %(owner)s = ANY(%(ids)s)",
                owner=SQL.identifier(owner),
                table=SQL.identifier(table),
                ids=owner_ids,
            )
        )
        result = {}
        for owner_id, code, period, active in self.env.cr.fetchall():
            result.setdefault(owner_id, []).append((code, period, bool(active)))
        return result

    def _adopt_departments(self, comparisons, adoption, library, source_cmd):
        """Give the adopted departments their library code and origin (one write per template
        department, all companies together), and the functions and targets they lack. Their name,
        parent and members stay as HR made them."""
        Department = self._writer("hr.department")
        catalogue = self._catalogue("dealer_org.library.department", library.departments)
        by_code = {}
        for comparison in comparisons.values():
            for match in comparison.matches(DEPARTMENT, ADOPT):
                by_code.setdefault(match.key, []).append(match.record_id)
        for code, ids in by_code.items():
            Department.browse(ids).write(
                {
                    "library_department_id": catalogue.get(code),
                    "library_code": code,
                    "org_template_id": self.id,
                    "source_ids": source_cmd(library.departments[code].sources),
                }
            )
        adopted = Department.browse([i for ids in by_code.values() for i in ids])
        defs = [adoption[(DEPARTMENT, d.id)] for d in adopted]
        self._create_functions(
            [(rec, fn) for rec, dep in zip(adopted, defs, strict=True) for fn in dep.functions],
            source_cmd,
            start=adoption["start"].get("functions", 1),
        )
        self._apply_department_targets(adopted, defs, library, source_cmd)
        return adopted

    def _adopt_jobs(self, comparisons, library, tpl, source_cmd, created, placements):
        """Give the adopted job positions their library code and origin (one write per template
        job, all companies together); a superior, headcount and responsibility only where HR gave
        none. Their name, department and employees stay as HR made them. Returns them."""
        Job = self._writer("hr.job")
        catalogue = self._catalogue("dealer_org.library.job", library.jobs)
        superior_of = resolve_superiors(tpl)
        placement_of = {(p.ref, p.department): p for p in tpl.jobs}
        record_of = {}
        for company, comparison in comparisons.items():
            record_of.update({(company.id, *key): rid for key, rid in comparison.record_ids(JOB).items()})
        record_of.update(
            {
                (job.company_id.id, p.ref, p.department): job.id
                for job, p in zip(created, placements, strict=True)
            }
        )
        by_code, matches = {}, []
        for company, comparison in comparisons.items():
            for match in comparison.matches(JOB, ADOPT):
                by_code.setdefault(match.key[0], []).append(match.record_id)
                matches.append((company, match))
        for code, ids in by_code.items():
            job = library.jobs[code]
            Job.browse(ids).write(
                {
                    "library_job_id": catalogue.get(code),
                    "library_code": code,
                    "org_template_id": self.id,
                    "source_ids": source_cmd(job.sources),
                }
            )
        adopted = Job.browse([m.record_id for _c, m in matches])
        # What HR left empty: one write per set of values (a superior differs per company).
        updates, summaries = {}, []
        for (company, match), record in zip(matches, adopted, strict=True):
            placement, job = placement_of[match.key], library.jobs[match.key[0]]
            values = {}
            superior = superior_of.get(match.key)
            if superior and not record.parent_id:
                values["parent_id"] = record_of.get((company.id, *superior), False)
            if not record.headcount and placement.headcount:
                values["headcount"] = placement.headcount
            if not record.responsibility_summary and job.summary:
                values["responsibility_summary"] = job.summary.text.en
                summaries.append((record, job.summary.text.zh))
            if values:
                updates.setdefault(tuple(sorted(values.items())), []).append(record.id)
        for values, ids in updates.items():
            Job.browse(ids).write(dict(values))
        self.env["dealer_org.library"]._store_zh(
            Job.browse([r.id for r, _zh in summaries]), "responsibility_summary", [zh for _r, zh in summaries]
        )
        return adopted

    def _log_not_applied(self, companies):
        """Say in the log which companies the install left without the default structure."""
        if companies:
            _logger.info(
                "dealer_org: the organisation template %s was not applied to %s (one of several "
                "companies, and its own organisation is not the template's): apply a template to them "
                "with Employees › Configuration › Apply an Organisation Template",
                self.code,
                ", ".join(companies.mapped("name")),
            )

    def _catalogue(self, model, entries):
        """{code: id} of the catalogue records (library departments or jobs) of ``entries``."""
        return {r.code: r.id for r in self.env[model].sudo().search([("code", "in", list(entries))])}

    def _writer(self, model):
        """``model`` as the template application writes it: as superuser (HR applies a whole
        structure), archived records included, without followers or tracking messages."""
        return (
            self.env[model]
            .sudo()
            .with_context(active_test=False, mail_create_nosubscribe=True, tracking_disable=True)
        )

    def _apply_departments(self, tpl, library, companies, source_cmd, with_xmlids, comparisons):
        """Create the template's new departments in every company (``comparisons``: those the
        company neither has nor adopts), level by level so parents exist before their children;
        returns {(company id, library code): department id} of the companies (present, adopted
        and created), and under "created" the ids created."""
        Library = self.env["dealer_org.library"]
        Department = self._writer("hr.department")
        catalogue = self._catalogue("dealer_org.library.department", library.departments)
        dep_ids = {
            (company.id, code): rid
            for company, comparison in comparisons.items()
            for code, rid in comparison.record_ids(DEPARTMENT).items()
        }
        created = []
        for level in tpl.departments_by_depth():
            todo = [(c, d) for c in companies for d in level if (c.id, d.ref) not in dep_ids]
            if not todo:
                continue
            defs = [library.departments[d.ref] for _c, d in todo]
            records = Department.create(
                [
                    {
                        "name": dep.name.en,
                        "company_id": company.id,
                        "parent_id": dep_ids.get((company.id, d.parent)),
                        # An imported organisation's own departments are not in the catalogue:
                        # the code alone keeps re-applying idempotent.
                        "library_department_id": catalogue.get(dep.code),
                        "library_code": dep.code,
                        "org_template_id": self.id,
                        "source_ids": source_cmd(dep.sources),
                        "library_origin": origin_values(NAME, dep.name),
                    }
                    for (company, d), dep in zip(todo, defs, strict=True)
                ]
            )
            Library._store_zh(records, "name", [dep.name.zh for dep in defs])
            dep_ids.update(
                {(c.id, dep.code): rec.id for (c, _d), dep, rec in zip(todo, defs, records, strict=True)}
            )
            created += records.ids
            # Each department receives the functions its template's documents give it.
            documents = set(tpl.sources)
            functions = [
                (rec, fn)
                for rec, dep in zip(records, defs, strict=True)
                for fn in dep.functions
                if tpl.verbatim or documents & set(fn.sources)
            ]
            function_records = self._create_functions(functions, source_cmd)
            self._apply_department_targets(records, defs, library, source_cmd)
            if with_xmlids:
                Library._add_xmlids(records, [f"dep_{dep.code}" for dep in defs])
                Library._add_xmlids(
                    function_records,
                    [
                        f"dep_{rec.library_code}_function_{i:02d}"
                        for rec, i in _numbered(r for r, _fn in functions)
                    ],
                )
        dep_ids["created"] = created
        return dep_ids

    def _create_functions(self, rows, source_cmd, start=1):
        """Create department functions, rows: (department, library line), with their Chinese."""
        records = (
            self.env["dealer_org.department.function"]
            .sudo()
            .create(
                [
                    {
                        "department_id": rec.id,
                        "sequence": seq,
                        "name": fn.text.en,
                        "source_ids": source_cmd(fn.sources),
                        "library_origin": origin_values(FUNCTION, fn),
                    }
                    for seq, (rec, fn) in enumerate(rows, start=start)
                ]
            )
        )
        self.env["dealer_org.library"]._store_zh(records, "name", [fn.text.zh for _rec, fn in rows])
        return records

    def _apply_department_targets(self, departments, defs, library, source_cmd):
        """Create the targets the documents set for the new departments as a whole (销售部门's
        sales target …), in one batch, with their Chinese."""
        rows = [(rec, kpi) for rec, dep in zip(departments, defs, strict=True) for kpi in dep.kpis]
        if not rows:
            return self.env["dealer_org.department.kpi"]
        descriptions = [kpi_description(library, kpi) for _rec, kpi in rows]
        records = self._writer("dealer_org.department.kpi").create(
            [
                {
                    "department_id": rec.id,
                    "sequence": 10 * number,
                    "code": kpi.code,
                    "name": kpi.name.en,
                    "description": description.en,
                    "unit": kpi.unit.en if kpi.unit else False,
                    "direction": kpi.direction,
                    "minimum": kpi.minimum,
                    "target": kpi.target,
                    "maximum": kpi.maximum,
                    "period": kpi.period,
                    "library_origin": origin_values(TARGET, kpi),
                    **_kpi_origin(kpi, source_cmd),
                }
                for number, ((rec, kpi), description) in enumerate(zip(rows, descriptions, strict=True), 1)
            ]
        )
        Library = self.env["dealer_org.library"]
        Library._store_zh(records, "name", [kpi.name.zh for _rec, kpi in rows])
        Library._store_zh(records, "description", [text.zh for text in descriptions])
        _store_kpi_zh(Library, records, [kpi for _rec, kpi in rows])
        return records

    def _apply_jobs(self, tpl, library, companies, dep_ids, source_cmd, comparisons):
        """Create the new job positions (one per placement: job, department) of every company
        (``comparisons``: those the company neither has nor adopts), superiors first so each is
        created with its reporting line (one batch per level of the reporting lines); returns
        (jobs created, their placements)."""
        Job = self._writer("hr.job")
        catalogue = self._catalogue("dealer_org.library.job", library.jobs)
        existing = {
            (company.id, *key): rid
            for company, comparison in comparisons.items()
            for key, rid in comparison.record_ids(JOB).items()
        }
        superior_of = resolve_superiors(tpl)
        jobs, placements = Job.browse(), []
        for level in _placements_by_depth(tpl, superior_of):
            todo = [(c, p) for c in companies for p in level if (c.id, p.ref, p.department) not in existing]
            if not todo:
                continue
            defs = [library.jobs[p.ref] for _c, p in todo]
            records = Job.create(
                [
                    {
                        "name": job.name.en,
                        "company_id": company.id,
                        "department_id": dep_ids.get((company.id, p.department)),
                        "parent_id": existing.get((company.id, *superior_of[(p.ref, p.department)]))
                        if (p.ref, p.department) in superior_of
                        else False,
                        "headcount": p.headcount or 0,
                        "no_of_recruitment": 0,
                        "library_job_id": catalogue.get(job.code),
                        "library_code": job.code,
                        "is_inferred": job.inferred,
                        "responsibility_summary": job.summary.text.en if job.summary else False,
                        "org_template_id": self.id,
                        "source_ids": source_cmd(job.sources),
                        "library_origin": origin_values(NAME, job.name),
                    }
                    for (company, p), job in zip(todo, defs, strict=True)
                ]
            )
            existing.update(
                {(c.id, p.ref, p.department): rec.id for (c, p), rec in zip(todo, records, strict=True)}
            )
            jobs |= records
            placements += [p for _c, p in todo]
        defs = [library.jobs[p.ref] for p in placements]
        Library = self.env["dealer_org.library"]
        Library._store_zh(jobs, "name", [job.name.zh for job in defs])
        Library._store_zh(
            jobs.browse([rec.id for rec, job in zip(jobs, defs, strict=True) if job.summary]),
            "responsibility_summary",
            [job.summary.text.zh for job in defs if job.summary],
        )
        return jobs, placements

    def _apply_kpis(self, jobs, kpi_lists, library, xmlids, source_cmd):
        """Create the library KPIs ``kpi_lists`` of the ``jobs`` in one batch (a job's KPIs of one
        period weigh 100 % together, so the weight check passes on the batch). Each KPI's
        description says where it comes from, the document's words, and which numbers are the
        library's suggestion."""
        rows = [(job, kpi) for job, kpis in zip(jobs, kpi_lists, strict=True) for kpi in kpis]
        if not rows:
            return self.env["dealer_org.kpi"]
        descriptions = [kpi_description(library, kpi) for _job, kpi in rows]
        records = self._writer("dealer_org.kpi").create(
            [
                {
                    "job_id": job.id,
                    "sequence": 10 * (index + 1),
                    "code": kpi.code,
                    "name": kpi.name.en,
                    "description": descriptions[number].en,
                    "unit": kpi.unit.en if kpi.unit else False,
                    "direction": kpi.direction,
                    "minimum": kpi.minimum,
                    "target": kpi.target,
                    "maximum": kpi.maximum,
                    "weight": kpi.weight,
                    "period": kpi.period,
                    "source": kpi.measure,
                    "library_origin": origin_values(KPI, kpi),
                    **_kpi_origin(kpi, source_cmd),
                }
                for number, (index, (job, kpi)) in enumerate(_indexed(rows))
            ]
        )
        Library = self.env["dealer_org.library"]
        Library._store_zh(records, "name", [kpi.name.zh for _job, kpi in rows])
        Library._store_zh(records, "description", [text.zh for text in descriptions])
        _store_kpi_zh(Library, records, [kpi for _job, kpi in rows])
        if xmlids:
            xmlid_of = dict(zip(jobs.ids, xmlids, strict=True))
            Library._add_xmlids(
                records,
                [f"kpi_{xmlid_of[job.id].removeprefix('job_')}_{kpi.code.lower()}" for job, kpi in rows],
            )
        return records

    def _apply_job_lines(
        self, jobs, definitions, attribute, model, values, source_cmd, xmlids, suffix, start=1
    ):
        """Create the duty or qualification lines of jobs in one batch, with their Chinese."""
        rows = [
            (job, line)
            for job, definition in zip(jobs, definitions, strict=True)
            for line in getattr(definition, attribute)
        ]
        records = (
            self.env[model]
            .sudo()
            .create(
                [
                    {
                        "job_id": job.id,
                        "sequence": seq,
                        "name": line.text.en,
                        "source_ids": source_cmd(line.sources),
                        "library_origin": origin_values(
                            DUTY if model == "dealer_org.job.duty" else QUALIFICATION, line
                        ),
                        **values(line),
                    }
                    for seq, (job, line) in enumerate(rows, start=start)
                ]
            )
        )
        Library = self.env["dealer_org.library"]
        Library._store_zh(records, "name", [line.text.zh for _job, line in rows])
        if model == "dealer_org.job.duty":
            with_event = [
                (rec, line) for rec, (_job, line) in zip(records, rows, strict=True) if line.schedule.event_zh
            ]
            Library._store_zh(
                records.browse([rec.id for rec, _line in with_event]),
                "event",
                [line.schedule.event_zh for _rec, line in with_event],
            )
        if xmlids:
            xmlid_of = dict(zip(jobs.ids, xmlids, strict=True))
            Library._add_xmlids(
                records,
                [f"{xmlid_of[job.id]}_{suffix}_{i:02d}" for job, i in _numbered(j for j, _line in rows)],
            )
        return records


@dataclass(frozen=True)
class _PlacedJob:
    """The lines one placement of a template receives (the KPIs: an adopted job's, those it lacks)."""

    duties: tuple
    qualifications: tuple
    kpis: tuple = ()


def _placed_lines(tpl, library, placement):
    """The duties and qualifications the template gives a job placement (Template.lines_for)."""
    job = library.jobs[placement.ref]
    return _PlacedJob(
        duties=expand_periods(tpl.lines_for(placement, job.duties)),
        qualifications=tpl.lines_for(placement, job.qualifications),
    )


def _kpi_origin(kpi, source_cmd):
    """Where a library KPI or department target comes from: its sources, the document's words, and
    whether figures of it are the library's suggestion."""
    return {
        "quote": kpi.quote.en if kpi.quote else False,
        "source_ids": source_cmd(kpi.sources),
        "is_suggested": bool(kpi.choices & {"thresholds", "weight", "period"}),
    }


def _store_kpi_zh(Library, records, kpis):
    """The Chinese of the optional texts (unit, document's words) of KPIs created in one batch."""
    for field_name, attribute in (("unit", "unit"), ("quote", "quote")):
        pairs = [(rec, getattr(kpi, attribute)) for rec, kpi in zip(records, kpis, strict=True)]
        pairs = [(rec, text) for rec, text in pairs if text]
        Library._store_zh(
            records.browse([rec.id for rec, _t in pairs]), field_name, [t.zh for _r, t in pairs]
        )


def _duty_values(duty):
    """The field values of a job duty a template's duty gives (tools/org_compare.py)."""
    return duty_values(duty)


def _placements_by_depth(tpl, superior_of):
    """The template's job placements grouped by their depth in the reporting lines, superiors
    before their subordinates (check_template refuses cycles)."""
    depth = {}

    def depth_of(key):
        if key not in depth:
            depth[key] = 0  # guards a cycle the checks would have refused
            depth[key] = depth_of(superior_of[key]) + 1 if key in superior_of else 0
        return depth[key]

    levels = {}
    for p in tpl.jobs:
        levels.setdefault(depth_of((p.ref, p.department)), []).append(p)
    return [levels[d] for d in sorted(levels)]


CHOICE_ORDER = ("department", "job", "parent", "placement", "superior", "headcount")


def _outline(tpl, library, zh, labels):
    """HTML outline of a template: departments nested, each with its jobs, reporting line and
    headcount; what the documents do not say is marked as the library's choice."""
    children, jobs_in = {}, {}
    for dep in tpl.departments:
        children.setdefault(dep.parent, []).append(dep)
    for job in tpl.jobs:
        jobs_in.setdefault(job.department, []).append(job)

    def label(text):
        return escape(text.zh if zh else text.en)

    def choices(element):
        if not element.choices:
            return ""
        what = ", ".join(labels[c] for c in CHOICE_ORDER if c in element.choices)
        return f' <i class="text-muted">({escape(labels["legend"])}: {escape(what)})</i>'

    def render_jobs(department):
        items = []
        for j in jobs_in.get(department, []):
            superior = ""
            if j.superior:
                superior = f", {escape(labels['reports_to'])} {label(library.jobs[j.superior].name)}"
            count = f" × {j.headcount}" if j.headcount is not None else ""
            items.append(f"<li>{label(library.jobs[j.ref].name)}{count}{superior}{choices(j)}</li>")
        return f"<ul>{''.join(items)}</ul>" if items else ""

    def render(parent):
        items = [
            f"<li><b>{label(library.departments[dep.ref].name)}</b>{choices(dep)}"
            f"{render_jobs(dep.ref)}{render(dep.ref)}</li>"
            for dep in children.get(parent, [])
        ]
        return f"<ul>{''.join(items)}</ul>" if items else ""

    return render_jobs(None) + render(None)


def _indexed(rows):
    """Yield (index within its job, (job, kpi)) for the KPI rows of the jobs."""
    counts = {}
    for job, kpi in rows:
        counts[job.id] = counts.get(job.id, -1) + 1
        yield counts[job.id], (job, kpi)


def _numbered(records):
    """Yield (record, n) with n counting 1, 2, … within each record."""
    counts = {}
    for record in records:
        counts[record.id] = counts.get(record.id, 0) + 1
        yield record, counts[record.id]

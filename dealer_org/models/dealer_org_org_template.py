import logging
from html import escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.library import load_library, resolve_superiors

_logger = logging.getLogger(__name__)


def _xmlid_part(*codes):
    return "__".join(c for c in codes if c)


class DealerOrgOrgTemplate(models.Model):
    _name = "dealer_org.org.template"
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
    structure = fields.Html(compute="_compute_structure", sanitize=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "An organisation template code must be unique."),
    ]

    def _compute_library_counts(self):
        templates = load_library().templates
        for template in self:
            tpl = templates.get(template.code)
            template.department_count = len(tpl.departments) if tpl else 0
            template.job_count = len(tpl.jobs) if tpl else 0

    @api.depends_context("lang")
    def _compute_structure(self):
        """The template's departments and jobs as an indented outline, in the user's language."""
        library = load_library()
        zh = (self.env.lang or "").startswith("zh")
        for template in self:
            tpl = library.templates.get(template.code)
            template.structure = _outline(tpl, library, zh) if tpl else False

    # ------------------------------------------------------------------
    # Applying a template
    # ------------------------------------------------------------------

    def _apply_to_company(self, company, with_xmlids=False):
        """Create the template's departments, jobs, duties and qualifications in ``company``.

        Departments and jobs the company already has from the library (same library
        code) are kept as they are: applying twice creates nothing new. Work is
        batched: one ``create`` per model and department level.
        """
        self.ensure_one()
        library = load_library()
        tpl = library.templates.get(self.code)
        if not tpl:
            raise UserError(
                self.env._(
                    "The organisation template “%(name)s” is not in the dealer_org library: "
                    "upgrade the module or choose another template.",
                    name=self.display_name,
                )
            )
        Department = (
            self.env["hr.department"]
            .sudo()
            .with_context(active_test=False, mail_create_nosubscribe=True, tracking_disable=True)
        )
        Job = (
            self.env["hr.job"]
            .sudo()
            .with_context(active_test=False, mail_create_nosubscribe=True, tracking_disable=True)
        )
        Library = self.env["dealer_org.library"]
        sources = {s.code: s.id for s in self.env["dealer_org.source"].sudo().search([])}
        library_departments = {
            d.code: d.id
            for d in self.env["dealer_org.library.department"]
            .sudo()
            .search([("code", "in", list(library.departments))])
        }
        library_jobs = {
            j.code: j.id
            for j in self.env["dealer_org.library.job"].sudo().search([("code", "in", list(library.jobs))])
        }

        def source_cmd(codes):
            return [fields.Command.set([sources[c] for c in codes if c in sources])]

        # Departments, level by level so parents exist before their children.
        dep_ids = {
            d.library_code: d.id
            for d in Department.search([("company_id", "=", company.id), ("library_code", "!=", False)])
        }
        for level in tpl.departments_by_depth():
            todo = [d for d in level if d.ref not in dep_ids]
            if not todo:
                continue
            defs = [library.departments[d.ref] for d in todo]
            records = Department.create(
                [
                    {
                        "name": dep.name.en,
                        "company_id": company.id,
                        "parent_id": dep_ids.get(d.parent),
                        "library_department_id": library_departments[dep.code],
                        "org_template_id": self.id,
                        "source_ids": source_cmd(dep.sources),
                    }
                    for d, dep in zip(todo, defs, strict=True)
                ]
            )
            Library._store_zh(records, "name", [dep.name.zh for dep in defs])
            dep_ids.update({dep.code: rec.id for dep, rec in zip(defs, records, strict=True)})
            functions = [(rec, fn) for rec, dep in zip(records, defs, strict=True) for fn in dep.functions]
            function_records = (
                self.env["dealer_org.department.function"]
                .sudo()
                .create(
                    [
                        {
                            "department_id": rec.id,
                            "sequence": seq,
                            "name": fn.text.en,
                            "source_ids": source_cmd(fn.sources),
                        }
                        for seq, (rec, fn) in enumerate(functions, start=1)
                    ]
                )
            )
            Library._store_zh(function_records, "name", [fn.text.zh for _rec, fn in functions])
            if with_xmlids:
                Library._add_xmlids(records, [f"dep_{dep.code}" for dep in defs])
                Library._add_xmlids(
                    function_records,
                    [
                        f"dep_{rec.library_code}_function_{i:02d}"
                        for rec, i in _numbered(r for r, _fn in functions)
                    ],
                )

        # Jobs: one record per placement (job, department).
        existing = {
            (j.library_code, j.department_id.library_code or None): j.id
            for j in Job.search([("company_id", "=", company.id), ("library_code", "!=", False)])
        }
        todo = [p for p in tpl.jobs if (p.ref, p.department) not in existing]
        multi_placed = {p.ref for p in tpl.jobs if sum(1 for q in tpl.jobs if q.ref == p.ref) > 1}
        defs = [library.jobs[p.ref] for p in todo]
        records = Job.create(
            [
                {
                    "name": job.name.en,
                    "company_id": company.id,
                    "department_id": dep_ids.get(p.department),
                    "headcount": p.headcount,
                    "no_of_recruitment": 0,
                    "library_job_id": library_jobs[job.code],
                    "is_inferred": job.inferred,
                    "responsibility_summary": job.summary.text.en if job.summary else False,
                    "org_template_id": self.id,
                    "source_ids": source_cmd(job.sources),
                }
                for p, job in zip(todo, defs, strict=True)
            ]
        )
        Library._store_zh(records, "name", [job.name.zh for job in defs])
        Library._store_zh(
            records.filtered("responsibility_summary"),
            "responsibility_summary",
            [job.summary.text.zh for job in defs if job.summary],
        )
        existing.update({(p.ref, p.department): rec.id for p, rec in zip(todo, records, strict=True)})
        # Superiors: one write per distinct superior.
        by_superior, todo_keys = {}, {(p.ref, p.department) for p in todo}
        for (ref, department), superior in resolve_superiors(tpl).items():
            if (ref, department) in todo_keys:
                by_superior.setdefault(existing[superior], []).append(existing[(ref, department)])
        for superior_id, job_ids in by_superior.items():
            Job.browse(job_ids).write({"parent_id": superior_id})

        duties = [(rec, d) for rec, job in zip(records, defs, strict=True) for d in job.duties]
        duty_records = (
            self.env["dealer_org.job.duty"]
            .sudo()
            .create(
                [
                    {
                        "job_id": rec.id,
                        "sequence": seq,
                        "name": d.text.en,
                        "period": d.schedule.period,
                        "month_day": d.schedule.day if d.schedule.period == "monthly" else False,
                        "weekday": str(d.schedule.day)
                        if d.schedule.period == "weekly" and d.schedule.day is not None
                        else False,
                        "deadline_days": d.schedule.within_days or False,
                        "event": d.schedule.event_en or d.schedule.event_zh or False,
                        "source_ids": source_cmd(d.sources),
                    }
                    for seq, (rec, d) in enumerate(duties, start=1)
                ]
            )
        )
        Library._store_zh(duty_records, "name", [d.text.zh for _rec, d in duties])
        with_event = [
            (rec, d) for rec, (_job, d) in zip(duty_records, duties, strict=True) if d.schedule.event_zh
        ]
        Library._store_zh(
            self.env["dealer_org.job.duty"].browse([rec.id for rec, _d in with_event]),
            "event",
            [d.schedule.event_zh for _rec, d in with_event],
        )
        quals = [(rec, q) for rec, job in zip(records, defs, strict=True) for q in job.qualifications]
        qual_records = (
            self.env["dealer_org.job.qualification"]
            .sudo()
            .create(
                [
                    {
                        "job_id": rec.id,
                        "sequence": seq,
                        "kind": q.kind,
                        "name": q.text.en,
                        "source_ids": source_cmd(q.sources),
                    }
                    for seq, (rec, q) in enumerate(quals, start=1)
                ]
            )
        )
        Library._store_zh(qual_records, "name", [q.text.zh for _rec, q in quals])
        if with_xmlids:
            names = [
                f"job_{_xmlid_part(job.code, p.department if job.code in multi_placed else None)}"
                for p, job in zip(todo, defs, strict=True)
            ]
            Library._add_xmlids(records, names)
            xmlid_of = dict(zip(records.ids, names, strict=True))
            Library._add_xmlids(
                duty_records,
                [f"{xmlid_of[rec.id]}_duty_{i:02d}" for rec, i in _numbered(r for r, _d in duties)],
            )
            Library._add_xmlids(
                qual_records,
                [f"{xmlid_of[rec.id]}_qualification_{i:02d}" for rec, i in _numbered(r for r, _q in quals)],
            )
        _logger.info(
            "dealer_org: template %s applied to %s: %d departments, %d jobs, %d duties",
            self.code,
            company.name,
            len(dep_ids),
            len(records),
            len(duty_records),
        )
        return records


def _outline(tpl, library, zh):
    """HTML outline of a template: departments nested, each with its jobs and headcount."""
    children, jobs_in = {}, {}
    for dep in tpl.departments:
        children.setdefault(dep.parent, []).append(dep.ref)
    for job in tpl.jobs:
        jobs_in.setdefault(job.department, []).append(job)

    def label(text):
        return escape(text.zh if zh else text.en)

    def render(parent):
        items = []
        for ref in children.get(parent, []):
            jobs = "".join(
                f"<li>{label(library.jobs[j.ref].name)} × {j.headcount}</li>" for j in jobs_in.get(ref, [])
            )
            items.append(
                f"<li><b>{label(library.departments[ref].name)}</b>"
                f"{'<ul>' + jobs + '</ul>' if jobs else ''}{render(ref)}</li>"
            )
        return f"<ul>{''.join(items)}</ul>" if items else ""

    return render(None)


def _numbered(records):
    """Yield (record, n) with n counting 1, 2, … within each record."""
    counts = {}
    for record in records:
        counts[record.id] = counts.get(record.id, 0) + 1
        yield record, counts[record.id]

"""Export a company's organisation as one XML document, import such a document as a template.

The document is a library document of ``kind="organisation"`` (``dealer_org_library.xsd``):
the sources the records cite, the departments (functions, targets) and jobs (summary,
duties with their exact settings, qualifications, KPIs) in English and Chinese, and exactly
one template placing them (department parents, job departments, superiors, headcounts).

Codes: a record that came from the library (or from an imported organisation) keeps its
library code; a record HR created gets ``department_<id>`` / ``job_<id>``, stable across
exports. A code used twice in the export (a library job placed in two departments) gets a
suffix (``_2`` …). HR officers export the companies they are allowed in; HR managers import.
"""

import base64
import re

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.library import schema_errors

CODE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
EN, ZH = "en_US", "zh_CN"


def _decimal(value):
    """An xs:decimal of a float (no exponent)."""
    text = f"{value or 0.0:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _slug(name):
    return re.sub(r"[^\w.-]+", "_", name or "company").strip("_") or "company"


class _Texts:
    """Reads a translated field of records in English and Chinese, one query per field for all
    the records, from the stored translations (whether or not the languages are active)."""

    def __init__(self, records):
        self.records = records
        self.values = {}

    def get(self, record, field_name):
        if field_name not in self.values:
            self.values[field_name] = self._read(field_name)
        return self.values[field_name].get(record.id, ("", ""))

    def _read(self, field_name):
        records = self.records
        if not records:
            return {}
        records.flush_recordset([field_name])
        records.env.cr.execute(
            SQL(
                "SELECT id, %(column)s FROM %(table)s WHERE id = ANY(%(ids)s)",
                column=SQL.identifier(field_name),
                table=SQL.identifier(records._table),
                ids=list(records.ids),
            )
        )
        values = {}
        for record_id, translations in records.env.cr.fetchall():
            translations = translations or {}
            en = translations.get(EN) or next(iter(translations.values()), "") or ""
            values[record_id] = (en, translations.get(ZH) or en)
        return values


class DealerOrgOrgExport(models.TransientModel):
    _name = "dealer_org.org.export"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Export an Organisation (XML)"

    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        default=lambda self: self._default_company(),
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    department_ids = fields.Many2many(
        "hr.department",
        "dealer_org_org_export_department_rel",
        "wizard_id",
        "department_id",
        "Departments",
        domain="[('company_id', '=', company_id)]",
        help="Export only these departments and their job positions; empty: the whole organisation.",
    )
    job_ids = fields.Many2many(
        "hr.job",
        "dealer_org_org_export_job_rel",
        "wizard_id",
        "job_id",
        "Job Positions",
        domain="[('company_id', '=', company_id)]",
        help="Export these job positions too (with their departments).",
    )
    structure_only = fields.Boolean(
        "Dealership Structure Only",
        help="Export only the departments and job positions that come from organisation templates (with a "
        "library code): the store's other departments and positions do not travel.",
    )
    template_code = fields.Char(
        help="The code of the template the document becomes when imported (lower-case letters, digits "
        "and _). Empty: one is made from the company and the time.",
    )
    data = fields.Binary("File", readonly=True, attachment=False)
    filename = fields.Char(readonly=True)
    state = fields.Selection([("choose", "Choose"), ("done", "Exported")], default="choose", readonly=True)

    @api.model
    def _default_company(self):
        context = self.env.context
        if context.get("active_model") == "res.company" and context.get("active_id"):
            company = self.env["res.company"].browse(context["active_id"])
            if company in self.env.user.company_ids:
                return company
        return self.env.company

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        ids = context.get("active_ids") or []
        model = context.get("active_model")
        if model in ("hr.department", "hr.job") and ids:
            records = self.env[model].browse(ids).exists()
            if records:
                values["company_id"] = records[0].company_id.id or values.get("company_id")
                key = "department_ids" if model == "hr.department" else "job_ids"
                values[key] = [fields.Command.set(records.ids)]
        return values

    # ------------------------------------------------------------------
    # Rights and selection
    # ------------------------------------------------------------------

    def _check_rights(self, company):
        """HR officers export the companies they are allowed in, whatever the client sends."""
        if self.env.su:
            return
        if not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(self.env._("Only HR officers can export an organisation."))
        if company not in self.env.user.sudo().company_ids:
            raise AccessError(
                self.env._(
                    "You can only export the organisation of a company you are allowed in: choose one of "
                    "your companies."
                )
            )

    def _selection(self, company):
        """(departments, jobs) to export, read as superuser after the rights check: all active ones
        of the company, or the chosen ones (which must be the company's) and the departments of the
        chosen jobs."""
        wizard = self.sudo()
        departments, jobs = wizard.department_ids, wizard.job_ids
        # A department or job of no company is not the company's either (its jobs may be another's).
        if any(record.company_id != company for record in (*departments, *jobs)):
            raise UserError(
                self.env._(
                    "Choose departments and job positions of %(company)s only: the selection has some of "
                    "another company.",
                    company=company.name,
                )
            )
        Department, Job = self.env["hr.department"].sudo(), self.env["hr.job"].sudo()
        if not departments and not jobs:
            departments = Department.search([("company_id", "=", company.id)], order="id")
            jobs = Job.search([("company_id", "=", company.id)], order="id")
        else:
            jobs |= Job.search([("department_id", "in", departments.ids), ("company_id", "=", company.id)])
            departments |= jobs.department_id
        if wizard.structure_only:
            departments = departments.filtered("library_code")
            jobs = jobs.filtered(
                lambda j: j.library_code and (not j.department_id or j.department_id in departments)
            )
        return departments.sorted("id"), jobs.sorted(lambda j: (j.sequence, j.id))

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------

    def action_export(self):
        self.ensure_one()
        company = self.sudo().company_id
        self._check_rights(company)
        code = (self.template_code or "").strip() or (
            f"org_c{company.id}_{fields.Datetime.now().strftime('%Y%m%d_%H%M%S')}"
        )
        if not CODE.match(code):
            raise UserError(
                self.env._(
                    "The template code “%(code)s” is not valid: use lower-case letters, digits and _, "
                    "starting with a letter (at most 63 characters).",
                    code=code,
                )
            )
        departments, jobs = self._selection(company)
        document = self._export_document(company, departments, jobs, code)
        self.write(
            {
                "data": base64.b64encode(document),
                "filename": f"{_slug(company.name)}-organisation.xml",
                "state": "done",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Organisation exported"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _export_document(self, company, departments, jobs, template_code):
        """The organisation document (UTF-8 bytes) of ``departments`` and ``jobs``; lines in the
        order their models give them (``_order``)."""
        root = _Exporter(self.env, departments, jobs).document(company, template_code)
        errors = list(schema_errors(root))
        if errors:  # a record the schema cannot hold (e.g. a KPI code with other characters)
            raise UserError(
                self.env._(
                    "The organisation of %(company)s cannot be exported as it is: %(problem)s",
                    company=company.name,
                    problem=errors[0].reason,
                )
            )
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Exporter:
    """Builds the organisation document of departments and jobs (read as superuser), each
    translated field read once per language for all records."""

    def __init__(self, env, departments, jobs):
        self.departments, self.jobs = departments, jobs
        self.dep_codes, self.job_codes = _codes(departments, "department"), _codes(jobs, "job")
        self.cited = env["dealer_org.source"].sudo()
        # Read the lines of all the records at once (a job's lines alone would be read per job).
        for lines in (
            departments.function_ids,
            departments.target_ids,
            jobs.duty_ids,
            jobs.qualification_ids,
            jobs.kpi_ids,
        ):
            lines.mapped("sequence")  # the columns
            lines.mapped("source_ids.code")
        self.texts = {
            "department": _Texts(departments),
            "function": _Texts(departments.function_ids),
            "target": _Texts(departments.target_ids),
            "job": _Texts(jobs),
            "duty": _Texts(jobs.duty_ids),
            "qualification": _Texts(jobs.qualification_ids),
            "kpi": _Texts(jobs.kpi_ids),
        }

    def codes_of(self, sources):
        self.cited |= sources
        return " ".join(sources.sorted("code").mapped("code"))

    def text(self, parent, tag, kind, record, field_name="name", optional=False):
        en, zh = self.texts[kind].get(record, field_name)
        if optional and not (en and en.strip()):
            return None
        return _text(parent, tag, en, zh)

    def document(self, company, template_code):
        root = etree.Element("library", version="1", kind="organisation")
        sources_el = etree.SubElement(root, "sources")
        departments_el = etree.SubElement(root, "departments")
        jobs_el = etree.SubElement(root, "jobs")
        templates_el = etree.SubElement(root, "templates")
        for dep in self.departments:
            self.department(departments_el, dep)
        for job in self.jobs:
            self.job(jobs_el, job)
        source_texts = _Texts(self.cited)
        for source in self.cited.sorted("code"):
            element = etree.SubElement(sources_el, "source", code=source.code)
            _text(element, "title", *source_texts.get(source, "name"))
        self.template(templates_el, company, template_code)
        return root

    def department(self, parent, dep):
        el = etree.SubElement(parent, "department", code=self.dep_codes[dep.id])
        el.set("sources", self.codes_of(dep.source_ids))
        self.text(el, "name", "department", dep)
        for fn in dep.function_ids.sorted():
            self.text(el, "function", "function", fn).set("sources", self.codes_of(fn.source_ids))
        for number, target in enumerate(dep.target_ids.filtered("active").sorted(), 1):
            self.kpi(el, target, "target", target.code or f"TARGET_{number}", "0")

    def job(self, parent, job):
        el = etree.SubElement(parent, "job", code=self.job_codes[job.id])
        el.set("sources", self.codes_of(job.source_ids))
        if job.is_inferred:
            el.set("inferred", "true")
        self.text(el, "name", "job", job)
        summary = self.text(el, "summary", "job", job, "responsibility_summary", optional=True)
        if summary is not None:
            summary.set("sources", self.codes_of(job.source_ids))
        for duty in job.duty_ids.sorted():
            self.duty(el, duty)
        for qual in job.qualification_ids.sorted():
            qel = self.text(el, "qualification", "qualification", qual)
            qel.set("sources", self.codes_of(qual.source_ids))
            qel.set("kind", qual.kind)
        for kpi in job.kpi_ids.filtered("active").sorted():
            self.kpi(el, kpi, "kpi", kpi.code, _decimal(kpi.weight), measure=kpi.source)

    def duty(self, parent, duty):
        """A duty with its exact settings (the importer does not parse its text)."""
        el = self.text(parent, "duty", "duty", duty)
        self.text(el, "event", "duty", duty, "event", optional=True)
        attributes = {
            "sources": self.codes_of(duty.source_ids),
            "period": duty.period,
            "weekday": duty.weekday or None,
            "month-day": str(duty.month_day) if duty.month_day else None,
            "period-month": str(duty.period_month) if duty.period_month else None,
            "within-days": str(duty.deadline_days or 0),
            "checklist": "true" if duty.checklist_item else "false",
            "adapted": "true" if duty.is_adapted else None,
        }
        for name, value in attributes.items():
            if value is not None:
                el.set(name, value)

    def kpi(self, parent, kpi, kind, code, weight, measure="manual"):
        el = etree.SubElement(parent, "kpi", code=code)
        el.set("sources", self.codes_of(kpi.source_ids))
        el.set("period", kpi.period)
        el.set("direction", kpi.direction)
        el.set("minimum", _decimal(kpi.minimum))
        el.set("target", _decimal(kpi.target))
        el.set("maximum", _decimal(kpi.maximum))
        el.set("weight", weight)
        el.set("measure", measure)
        if kpi.is_suggested:
            el.set("library-choice", "thresholds")
        self.text(el, "name", kind, kpi)
        for tag in ("quote", "description", "unit"):
            self.text(el, tag, kind, kpi, tag, optional=True)
        return el

    def template(self, parent, company, template_code):
        """The one template: departments with their parents, jobs with department, superior and
        headcount."""
        codes = " ".join(self.cited.sorted("code").mapped("code"))
        tpl = etree.SubElement(parent, "template", code=template_code, sources=codes)
        departments, jobs = self.departments, self.jobs
        _text(tpl, "name", f"Organisation of {company.name}", f"{company.name}的组织架构")
        _text(
            tpl,
            "description",
            f"Exported from {company.name}: {len(departments)} departments, {len(jobs)} job positions.",
            f"导出自{company.name}:{len(departments)}个部门,{len(jobs)}个岗位。",
        )
        for dep in departments:
            el = etree.SubElement(tpl, "department", ref=self.dep_codes[dep.id])
            if dep.parent_id.id in self.dep_codes:
                el.set("parent", self.dep_codes[dep.parent_id.id])
        for job in jobs:
            el = etree.SubElement(tpl, "job", ref=self.job_codes[job.id])
            if job.department_id.id in self.dep_codes:
                el.set("department", self.dep_codes[job.department_id.id])
            if job.parent_id.id in self.job_codes:
                el.set("superior", self.job_codes[job.parent_id.id])
            el.set("headcount", str(max(job.headcount, 0)))


def _text(parent, tag, en, zh):
    el = etree.SubElement(parent, tag)
    etree.SubElement(el, "en").text = en
    etree.SubElement(el, "zh").text = zh if zh and zh.strip() else en
    return el


def _codes(records, prefix):
    """{record id: code}: its library code when it has a valid one, else ``<prefix>_<id>``;
    unique within the export (``_2`` … appended to a code used twice)."""
    used, codes = set(), {}
    for record in records.sorted("id"):
        base = record.library_code if record.library_code and CODE.match(record.library_code) else None
        base = base or f"{prefix}_{record.id}"
        code, number = base, 2
        while code in used:
            code = f"{base[:58]}_{number}"
            number += 1
        used.add(code)
        codes[record.id] = code
    return codes


class DealerOrgOrgImport(models.TransientModel):
    _name = "dealer_org.org.import"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Import an Organisation (XML)"

    document = fields.Binary("Organisation Document", required=True, attachment=False)
    filename = fields.Char("File Name")
    template_id = fields.Many2one("dealer_org.org.template", "Imported Template", readonly=True)

    def action_import(self):
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("hr.group_hr_manager"):
            raise AccessError(self.env._("Only HR managers can import an organisation."))
        raw = base64.b64decode(self.with_context(bin_size=False).document or b"")
        template = self.env["dealer_org.org.template"]._import_organisation(raw, self.filename)
        self.template_id = template
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Organisation Template"),
            "res_model": "dealer_org.org.template",
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
        }

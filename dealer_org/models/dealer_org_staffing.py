"""Staffing (编制与在岗): one row per company and job position, read from a PostgreSQL view.

Headcount is the job's own field (``hr.job.headcount``, 编制), never ``no_of_recruitment``
(Recruitment's target). The employees are the active employees holding the job: Odoo's stored
``hr.job.no_of_employee`` (the job form's figure, kept by the ORM as employees join, leave or are
archived), so the view reads the job and company rows only, without aggregating the employees on
every read; vacancies and over-staffing are the difference either way. The pivot's
``read_group`` and the list's ``search_read`` are single SQL statements whatever the number of
stores (benchmarks/staffing.py).

The rows are read-only. HR officers change the headcount of selected rows with the *Edit
Headcount* wizard (it writes the jobs, under the jobs' own rights), and send vacancies to
Recruitment's target when Recruitment (``hr_recruitment``) is installed.
"""

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

RECRUITMENT_BUTTON = "action_send_to_recruitment"


class DealerOrgStaffing(models.Model):
    _name = "dealer_org.staffing"
    _description = "Staffing"
    _auto = False
    _order = "company_id, department_id, job_id"
    _rec_name = "job_id"
    # What the view reads: pending changes there are written before the view is searched.
    _depends = {
        "hr.job": [
            "headcount",
            "headcount_suggested",
            "no_of_employee",
            "company_id",
            "department_id",
            "active",
        ],
        "res.company": ["dealer_org_brand", "dealer_org_region"],
    }

    job_id = fields.Many2one("hr.job", "Job Position", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True)
    brand = fields.Char(readonly=True, help="The store's brand (set on the company).")
    region = fields.Char(readonly=True, help="The store's region (set on the company).")
    headcount = fields.Integer(readonly=True, help="Authorised number of employees in the position (编制).")
    headcount_suggested = fields.Boolean(
        "Suggested Headcount",
        readonly=True,
        help="The headcount is the library's suggestion (the source document gives none): review it.",
    )
    employee_count = fields.Integer("Employees", readonly=True, help="Active employees holding the position.")
    vacancy_count = fields.Integer(
        "Vacancies", readonly=True, help="Headcount not filled: headcount minus employees, when positive."
    )
    overstaffed_count = fields.Integer(
        "Over Headcount", readonly=True, help="Employees beyond the headcount, when there are more."
    )
    gap = fields.Integer(
        "Open Headcount", readonly=True, help="Headcount minus employees; negative when over headcount."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT job.id AS id,
                           job.id AS job_id,
                           job.company_id AS company_id,
                           job.department_id AS department_id,
                           company.dealer_org_brand AS brand,
                           company.dealer_org_region AS region,
                           COALESCE(job.headcount, 0) AS headcount,
                           COALESCE(job.headcount_suggested, FALSE) AS headcount_suggested,
                           COALESCE(job.no_of_employee, 0) AS employee_count,
                           GREATEST(COALESCE(job.headcount, 0) - COALESCE(job.no_of_employee, 0), 0)
                               AS vacancy_count,
                           GREATEST(COALESCE(job.no_of_employee, 0) - COALESCE(job.headcount, 0), 0)
                               AS overstaffed_count,
                           COALESCE(job.headcount, 0) - COALESCE(job.no_of_employee, 0) AS gap
                      FROM hr_job job
                 LEFT JOIN res_company company ON company.id = job.company_id
                     WHERE job.active
                )
                """,
                view=SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------
    # Recruitment (optional module)
    # ------------------------------------------------------------------

    @api.model
    def _recruitment_installed(self):
        """Recruitment (hr_recruitment) is in the registry: its applicants read the job's target.
        ``no_of_recruitment`` itself is defined by hr, so the field alone proves nothing."""
        return "hr.applicant" in self.env

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Without Recruitment, the button sending vacancies to its target is not shown."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if not self._recruitment_installed():
            for node in arch.xpath(f"//button[@name='{RECRUITMENT_BUTTON}']"):
                node.getparent().remove(node)
        return arch, view

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_employees(self):
        """The active employees holding the row's job position."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Employees of %(job)s (%(company)s)",
                job=self.job_id.display_name,
                company=self.company_id.name,
            ),
            "res_model": "hr.employee",
            "view_mode": "list,kanban,form",
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            "domain": [("job_id", "=", self.job_id.id)],
            "context": {
                "default_job_id": self.job_id.id,
                "default_department_id": self.department_id.id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_open_job(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.job",
            "res_id": self.job_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _check_hr_officer(self):
        if not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(
                self.env._("Only HR officers can change the headcount or the recruitment target.")
            )

    def action_edit_headcount(self):
        """The bulk headcount wizard for the selected rows (HR officers)."""
        self._check_hr_officer()
        if not self:
            raise UserError(self.env._("Select the job positions whose headcount you want to change."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Edit Headcount"),
            "res_model": "dealer_org.staffing.headcount",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_job_ids": [fields.Command.set(self.job_id.ids)]},
        }

    def action_send_to_recruitment(self):
        """Set Recruitment's target of each selected job to its vacancies (when Recruitment is
        installed; HR officers, jobs of their companies)."""
        self._check_hr_officer()
        if not self._recruitment_installed():
            raise UserError(
                self.env._(
                    "Recruitment is not installed: install the Recruitment app to send vacancies to "
                    "its targets."
                )
            )
        return self._send_to_recruitment()

    def _send_to_recruitment(self):
        jobs = self.job_id
        jobs.check_access("write")
        _check_jobs_in_user_companies(self.env, jobs)
        _write_by_value(jobs, "no_of_recruitment", {row.job_id.id: row.vacancy_count for row in self})
        self.invalidate_model()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The recruitment target of %(count)s job positions is now their vacancies.",
                    count=len(jobs),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


def _check_jobs_in_user_companies(env, jobs):
    """Refuse jobs of companies the user is not allowed in (record rules read the active
    companies of the context; this holds whatever the client sends)."""
    if env.su:
        return
    foreign = jobs.sudo().filtered(lambda j: j.company_id and j.company_id not in env.user.company_ids)
    if foreign:
        raise AccessError(env._("You can only change the job positions of the companies you are allowed in."))


def _write_by_value(jobs, field_name, values):
    """Write ``values`` ({job id: value}) to ``field_name`` of ``jobs``: one write per distinct value."""
    groups = {}
    for job in jobs:
        groups.setdefault(values[job.id], []).append(job.id)
    for value, ids in groups.items():
        jobs.browse(ids).write({field_name: value})


class DealerOrgStaffingHeadcount(models.TransientModel):
    """Set or change the headcount (编制) of many job positions at once, from the Staffing report."""

    _name = "dealer_org.staffing.headcount"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Edit Headcount"

    job_ids = fields.Many2many(
        "hr.job",
        "dealer_org_staffing_headcount_job_rel",
        "wizard_id",
        "job_id",
        "Job Positions",
        required=True,
    )
    mode = fields.Selection(
        [("set", "Set to"), ("add", "Add")],
        required=True,
        default="set",
        help="Set every selected position's headcount to the number, or add the number (negative: remove).",
    )
    headcount = fields.Integer(required=True, default=0)

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(self.env._("Only HR officers can change the headcount."))
        # Read as superuser: a job the record rules hide must be refused, not silently left out.
        jobs = self.sudo().job_ids.with_env(self.env)
        if not jobs:
            raise UserError(self.env._("Select the job positions whose headcount you want to change."))
        _check_jobs_in_user_companies(self.env, jobs)
        jobs.check_access("write")
        if self.mode == "set":
            if self.headcount < 0:
                raise UserError(self.env._("The headcount cannot be negative: enter 0 or more."))
            jobs.write({"headcount": self.headcount})
        else:
            negative = jobs.filtered(lambda j: j.headcount + self.headcount < 0)
            if negative:
                raise UserError(
                    self.env._(
                        "Removing %(number)s would make the headcount of %(jobs)s negative: remove less.",
                        number=-self.headcount,
                        jobs=", ".join(negative[:5].mapped("display_name")),
                    )
                )
            _write_by_value(jobs, "headcount", {job.id: job.headcount + self.headcount for job in jobs})
        self.env["dealer_org.staffing"].invalidate_model()
        return {"type": "ir.actions.act_window_close"}

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dealer_org_kpi import _DEFER_TOKEN, DEFER_WEIGHT_CHECK


class HrJob(models.Model):
    _name = "hr.job"
    _inherit = ["hr.job", "dealer_org.validation.mixin"]
    # Only the fields this module adds; Odoo's own are Odoo's to validate.
    _dealer_org_validated_fields = {"headcount", "responsibility_summary"}

    department_name = fields.Char(
        related="department_id.name",
        string="Department Name",
        help="The department's own name, without its parent departments: for compact displays such as "
        "the job hierarchy's cards.",
    )
    parent_id = fields.Many2one(
        "hr.job",
        "Superior",
        index=True,
        check_company=True,
        ondelete="set null",
        help="The job position this one reports to (上级).",
    )
    child_ids = fields.One2many(
        "hr.job", "parent_id", "Subordinates", help="The job positions reporting to this one (下级)."
    )
    subordinate_count = fields.Integer("Subordinate Positions", compute="_compute_subordinate_count")
    headcount = fields.Integer(
        default=0,
        tracking=True,
        help="Authorised number of employees in this position (编制). Not the recruitment target.",
    )
    headcount_suggested = fields.Boolean(
        "Suggested Headcount",
        copy=False,
        help="The headcount is the library's suggestion (the source document gives none), until HR "
        "changes it.",
    )
    headcount_gap = fields.Integer(
        "Open Headcount",
        compute="_compute_headcount_gap",
        help="Headcount minus the employees currently in the position; negative when over headcount.",
    )
    responsibility_summary = fields.Text(
        "Responsibility", translate=True, help="The position's purpose in one line."
    )
    duty_ids = fields.One2many("dealer_org.job.duty", "job_id", "Duties", copy=True)
    duty_count = fields.Integer(compute="_compute_duty_count")
    qualification_ids = fields.One2many("dealer_org.job.qualification", "job_id", "Qualifications", copy=True)
    org_template_id = fields.Many2one("dealer_org.org.template", "Organisation Template", index=True)
    library_job_id = fields.Many2one(
        "dealer_org.library.job",
        "Library Job",
        index=True,
        copy=False,
        help="The job of the dealer_org library this position comes from.",
    )
    library_code = fields.Char(
        compute="_compute_library_code",
        store=True,
        readonly=False,
        index=True,
        copy=False,
        help="The code the organisation templates know the position by: its library job's, "
        "or the one an imported organisation gave it.",
    )
    is_inferred = fields.Boolean(
        "Inferred", help="The source document lost this position's title; it was inferred from its duties."
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_hr_job_source_rel"
    )
    kpi_ids = fields.One2many("dealer_org.kpi", "job_id", "KPIs", copy=True)
    kpi_count = fields.Integer("KPI Count", compute="_compute_kpi_count")

    @api.depends("library_job_id")
    def _compute_library_code(self):
        for job in self:
            if job.library_job_id:
                job.library_code = job.library_job_id.code

    @api.depends("child_ids")
    def _compute_subordinate_count(self):
        counts = dict(
            self.env["hr.job"]._read_group([("parent_id", "in", self.ids)], ["parent_id"], ["__count"])
        )
        for job in self:
            job.subordinate_count = counts.get(job, 0)

    @api.depends("headcount", "no_of_employee")
    def _compute_headcount_gap(self):
        for job in self:
            job.headcount_gap = job.headcount - job.no_of_employee

    @api.depends("duty_ids")
    def _compute_duty_count(self):
        counts = dict(
            self.env["dealer_org.job.duty"]._read_group([("job_id", "in", self.ids)], ["job_id"], ["__count"])
        )
        for job in self:
            job.duty_count = counts.get(job, 0)

    @api.depends("kpi_ids")
    def _compute_kpi_count(self):
        counts = dict(
            self.env["dealer_org.kpi"]._read_group([("job_id", "in", self.ids)], ["job_id"], ["__count"])
        )
        for job in self:
            job.kpi_count = counts.get(job, 0)

    @api.constrains("headcount")
    def _check_headcount(self):
        for job in self:
            if job.headcount < 0:
                raise ValidationError(
                    self.env._(
                        "The headcount of %(job)s cannot be negative (%(headcount)s): enter 0 or more.",
                        job=job.display_name,
                        headcount=job.headcount,
                    )
                )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._(
                    "A job position cannot report to itself or to one of its own subordinates "
                    "(the superiors of %(jobs)s would form a loop). Choose another superior.",
                    jobs=", ".join(self.mapped("display_name")),
                )
            )

    kpi_weight_warning = fields.Char(
        "KPI Weight Warning",
        compute="_compute_kpi_weight_warning",
        help="Shown on the form while the weights of a period's KPIs do not add up to 100 %.",
    )

    @api.depends("kpi_ids.weight", "kpi_ids.period", "kpi_ids.active")
    def _compute_kpi_weight_warning(self):
        periods = dict(self.env["dealer_org.kpi"]._fields["period"]._description_selection(self.env))
        for job in self:
            totals = {}
            for kpi in job.kpi_ids.filtered("active"):
                totals[kpi.period] = totals.get(kpi.period, 0.0) + kpi.weight
            wrong = [
                self.env._(
                    "%(period)s: %(total)s %%", period=periods.get(period, period), total=round(total, 2)
                )
                for period, total in sorted(totals.items())
                if abs(total - 100.0) > 0.01
            ]
            job.kpi_weight_warning = (
                self.env._(
                    "The KPI weights of each period must add up to 100 %% (now %(totals)s).",
                    totals="; ".join(wrong),
                )
                if wrong
                else False
            )

    @api.constrains("kpi_ids")
    def _check_kpi_weights(self):
        """The weights of a job's active KPIs of one period add up to 100 %."""
        totals = self.env["dealer_org.kpi"]._read_group(
            [("job_id", "in", self.ids), ("active", "=", True)], ["job_id", "period"], ["weight:sum"]
        )
        periods = dict(self.env["dealer_org.kpi"]._fields["period"]._description_selection(self.env))
        for job, period, total in totals:
            if abs(total - 100.0) > 0.01:
                raise ValidationError(
                    self.env._(
                        "The weights of the active %(period)s KPIs of %(job)s add up to %(total)s %%; "
                        "they must add up to 100 %%. Adjust the weights on the job's KPIs page "
                        "(all at once, then save).",
                        period=periods[period].lower(),
                        job=job.display_name,
                        total=round(total, 2),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super(HrJob, self.with_context(**{DEFER_WEIGHT_CHECK: _DEFER_TOKEN})).create(vals_list)
        return jobs.with_env(self.env)

    def write(self, vals):
        if "headcount" in vals and "headcount_suggested" not in vals:
            vals = dict(vals, headcount_suggested=False)  # HR's own number is no suggestion
        if "kpi_ids" in vals:
            return super(HrJob, self.with_context(**{DEFER_WEIGHT_CHECK: _DEFER_TOKEN})).write(vals)
        return super().write(vals)

    def action_open_employees(self):
        """The employees holding the position."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Employees of %(job)s", job=self.display_name),
            "res_model": "hr.employee",
            "view_mode": "kanban,list,form",
            "domain": [("job_id", "=", self.id)],
            "context": {"default_job_id": self.id, "default_department_id": self.department_id.id},
        }

    def action_open_subordinates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Subordinates of %(job)s", job=self.display_name),
            "res_model": "hr.job",
            "view_mode": "list,form",
            "domain": [("parent_id", "=", self.id)],
            "context": {"default_parent_id": self.id, "default_department_id": self.department_id.id},
        }

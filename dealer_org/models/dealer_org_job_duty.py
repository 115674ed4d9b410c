from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import periods
from ..tools.duty_schedule import parse_schedule

# Built from the one definition of the periods (tools/periods.py).
PERIODS = periods.selection()

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class DealerOrgJobDuty(models.Model):
    _name = "dealer_org.job.duty"
    _inherit = ["dealer_org.validation.mixin"]
    _dealer_org_ranges = {"deadline_days": (0, 366), "month_day": (0, 31), "period_month": (0, 12)}
    _description = "Job Duty"
    _order = "job_id, sequence, id"

    job_id = fields.Many2one("hr.job", "Job Position", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="job_id.department_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Text("Duty", required=True, translate=True)
    period = fields.Selection(
        PERIODS,
        required=True,
        default="none",
        help="How often the duty recurs, read from its text where the text states it (每日, 每月5日 …).",
    )
    weekday = fields.Selection(WEEKDAYS, help="For a weekly duty: the day of the week it falls on.")
    month_day = fields.Integer(
        "Day of Month",
        aggregator=None,
        help="For a monthly duty: the day of the month it is due (每月5日); for a quarterly or "
        "yearly one: the day of its month in the period.",
    )
    period_month = fields.Integer(
        "Month in Period",
        aggregator=None,
        help="For a quarterly duty: the month of the quarter it is due in (1 to 3); for a yearly "
        "one: the month of the year (1 to 12). Empty: the period's first month when a day is "
        "set, else the period's end.",
    )
    deadline_days = fields.Integer(
        "Deadline (days)",
        aggregator=None,
        help="Days allowed to complete the duty: after the event (车辆交接后3日内) "
        "or after the period starts.",
    )
    event = fields.Char(
        translate=True, help="The event the deadline counts from, e.g. after vehicle handover."
    )
    is_recurring = fields.Boolean("Recurring", compute="_compute_is_recurring", store=True)
    checklist_item = fields.Boolean(
        compute="_compute_checklist_item",
        store=True,
        readonly=False,
        index=True,
        help="Put the duty on the employees' checklists of its period (daily, weekly …). "
        "Recurring duties are checklist items unless unticked; general responsibilities are not.",
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_job_duty_source_rel"
    )
    is_adapted = fields.Boolean(
        "Adapted Wording",
        help="The library's brand-neutral wording of a line its source document words for one "
        "carmaker (e.g. a brand's own sales process); not the document's own words.",
    )
    adapted_from_id = fields.Many2one(
        "dealer_org.library.job",
        "Adapted From",
        ondelete="set null",
        help="The library's equivalent job this line was taken from, because the position's source "
        "document gives it none.",
    )

    _sql_constraints = [
        (
            "month_day_range",
            "CHECK(month_day IS NULL OR (month_day >= 0 AND month_day <= 31))",
            "The day of the month must be between 1 and 31.",
        ),
        (
            "period_month_range",
            "CHECK(period_month IS NULL OR (period_month >= 0 AND period_month <= 12))",
            "The month in the period must be between 1 and 12.",
        ),
        (
            "deadline_days_positive",
            "CHECK(deadline_days IS NULL OR deadline_days >= 0)",
            "The deadline cannot be negative.",
        ),
    ]

    def write(self, vals):
        res = super().write(vals)
        if "job_id" in vals and not self.env.su:
            # The record rules checked the duty's company before the write only: moving it
            # to a job of a company the user does not manage is refused (AccessError).
            self.job_id.check_access("write")
        return res

    @api.depends("period")
    def _compute_is_recurring(self):
        for duty in self:
            duty.is_recurring = periods.is_recurring(duty.period)

    @api.depends("is_recurring")
    def _compute_checklist_item(self):
        for duty in self:
            duty.checklist_item = duty.is_recurring

    @api.constrains("period", "month_day", "weekday", "period_month", "checklist_item")
    def _check_schedule(self):
        for duty in self:
            problems = periods.duty_problems(
                duty.period, duty.weekday, duty.month_day, duty.period_month, duty.checklist_item
            )
            if periods.MONTH_DAY in problems:
                raise ValidationError(
                    self.env._(
                        "The duty “%(duty)s” has a day of the month but is not monthly, quarterly "
                        "or yearly: set its period accordingly or clear the day.",
                        duty=duty.name,
                    )
                )
            if periods.PERIOD_MONTH in problems:
                raise ValidationError(
                    self.env._(
                        "The duty “%(duty)s” has month %(month)s in its period: a quarterly duty "
                        "takes a month from 1 to 3, a yearly one from 1 to 12, other periods none.",
                        duty=duty.name,
                        month=duty.period_month,
                    )
                )
            if "checklist" in problems:
                raise ValidationError(
                    self.env._(
                        "The duty “%(duty)s” cannot be a checklist item without a recurring period: "
                        "set it to daily, weekly, monthly, quarterly or yearly, or untick "
                        "“Checklist Item”.",
                        duty=duty.name,
                    )
                )
            if periods.WEEKDAY in problems:
                raise ValidationError(
                    self.env._(
                        "The duty “%(duty)s” has a weekday but is not weekly: "
                        "set its period to Weekly or clear the weekday.",
                        duty=duty.name,
                    )
                )

    def _checklist_schedule_problem(self):
        """Why the duty's stored schedule cannot give checklist deadlines, or None.

        create() and write() refuse such values (the validation mixin and the constraints
        above), but the database may hold them anyway (SQL, an import, an older version):
        the checklist generation reads this to leave such a duty out instead of failing
        for everyone. Not translated: it goes to the server log."""
        self.ensure_one()
        for name, (low, high) in self._dealer_org_ranges.items():
            value = self[name]
            if value and not (low <= value <= high):
                return f"{name} = {value} is outside {low}..{high}"
        if self.weekday and self.weekday not in dict(WEEKDAYS):
            return f"weekday = {self.weekday!r} is not a weekday"
        return None

    @api.onchange("name")
    def _onchange_name(self):
        """Suggest the period a newly typed duty states (每日 …) while it has none."""
        if self.name and self.period == "none" and not self.month_day:
            schedule = parse_schedule(self.name)
            self.period = schedule.period
            day = periods.parsed_day(schedule.period)
            self.month_day = schedule.day if day == periods.MONTH_DAY else 0
            self.weekday = str(schedule.day) if day == periods.WEEKDAY and schedule.day is not None else False
            self.deadline_days = schedule.within_days or 0

from odoo import fields, models

from .dealer_org_job_duty import PERIODS
from .dealer_org_job_qualification import QUALIFICATION_KINDS


class DealerOrgLibraryLine(models.Model):
    _name = "dealer_org.library.line"
    _description = "Library Line"
    _order = "sequence, id"

    job_id = fields.Many2one("dealer_org.library.job", index=True, ondelete="cascade", readonly=True)
    department_id = fields.Many2one(
        "dealer_org.library.department", index=True, ondelete="cascade", readonly=True
    )
    line_type = fields.Selection(
        [
            ("duty", "Duty"),
            ("qualification", "Qualification"),
            ("function", "Department Function"),
            ("kpi", "KPI"),
        ],
        "Type",
        required=True,
        readonly=True,
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Text("Text", required=True, readonly=True, translate=True)
    kind = fields.Selection(QUALIFICATION_KINDS, readonly=True)
    period = fields.Selection(PERIODS, readonly=True)
    month_day = fields.Integer("Day of Month", readonly=True, aggregator=None)
    deadline_days = fields.Integer("Deadline (days)", readonly=True, aggregator=None)
    brand = fields.Char(
        readonly=True, help="The carmaker the line names: only that brand's templates give it to a position."
    )
    is_adapted = fields.Boolean(
        "Adapted",
        readonly=True,
        help="The library's brand-neutral wording of the source line before it, not the document's "
        "own words; templates without a brand give it instead of that line.",
    )
    kpi_code = fields.Char("KPI Code", readonly=True)
    note = fields.Text(
        readonly=True,
        translate=True,
        help="KPI: its source, the document's words and what the library suggested (numbers, period).",
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_library_line_source_rel", readonly=True
    )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_CATCH_UP_PERIODS = 31


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "dealer_org.validation.mixin"]
    _dealer_org_validated_fields = {"checklist_catch_up_periods", "dealer_org_brand", "dealer_org_region"}

    checklist_overdue_activity = fields.Boolean(
        "Overdue Checklist Activities",
        default=True,
        help="When a checklist becomes overdue, give its employee a to-do activity.",
    )
    checklist_notify_manager = fields.Boolean(
        "Notify the Manager",
        help="Give the employee's manager an activity too when a checklist becomes overdue.",
    )
    dealer_org_brand = fields.Char(
        "Brand",
        help="The brand the store sells or services (e.g. Kia, Honda): the Staffing report groups and "
        "filters the stores by it.",
    )
    dealer_org_region = fields.Char(
        "Region",
        help="The region the store belongs to in the dealer group (e.g. East China): the Staffing report "
        "groups and filters the stores by it.",
    )
    checklist_catch_up_periods = fields.Integer(
        "Catch-up Periods",
        default=3,
        help="After downtime, how many missed past periods of each kind (days, weeks …) the "
        "scheduled generation still creates besides the current one.",
    )

    @api.constrains("checklist_catch_up_periods")
    def _check_checklist_catch_up_periods(self):
        for company in self:
            if not 0 <= company.checklist_catch_up_periods <= MAX_CATCH_UP_PERIODS:
                raise ValidationError(
                    self.env._(
                        "The catch-up periods of %(company)s must be between 0 and %(max)s "
                        "(%(value)s given).",
                        company=company.name,
                        max=MAX_CATCH_UP_PERIODS,
                        value=company.checklist_catch_up_periods,
                    )
                )

from odoo import fields, models

# What a payslip pays when no approved (or locked) KPI evaluation covers its period although
# the employee's job has KPIs: the evaluation is still a draft or submitted, or there is none.
KPI_UNAPPROVED_POLICIES = [
    ("neutral", "Pay the neutral coefficient 1.0"),
    ("zero", "Pay no performance pay (coefficient 0)"),
    ("block", "Refuse to compute the payslip"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_org_kpi_unapproved_policy = fields.Selection(
        KPI_UNAPPROVED_POLICIES,
        "Unapproved KPI Evaluation",
        required=True,
        default="neutral",
        help="What a payslip pays when no approved KPI evaluation covers its period although the "
        "employee's job has KPIs (the evaluation is a draft, submitted, or missing): the neutral "
        "pay coefficient 1.0, a coefficient of 0 (no performance pay), or no payslip at all until "
        "the evaluation is approved.",
    )

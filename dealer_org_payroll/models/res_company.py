from odoo import fields, models

# What a payslip pays when no approved (or locked) KPI evaluation covers its period although
# the employee's job has KPIs: the evaluation is still a draft or submitted, or there is none.
# No pay without an approved evaluation unless the company chooses otherwise: a draft graded D,
# a deleted evaluation or one a manager never submits must not pay the neutral 100 %.
KPI_UNAPPROVED_POLICIES = [
    ("block", "Refuse to compute the payslip"),
    ("zero", "Pay no performance pay (coefficient 0)"),
    ("neutral", "Pay the neutral coefficient 1.0"),
]
DEFAULT_KPI_UNAPPROVED_POLICY = "block"


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_org_kpi_unapproved_policy = fields.Selection(
        KPI_UNAPPROVED_POLICIES,
        "Unapproved KPI Evaluation",
        required=True,
        default=DEFAULT_KPI_UNAPPROVED_POLICY,
        help="What a payslip pays when no approved KPI evaluation covers its period although the "
        "employee's job has KPIs (the evaluation is a draft, submitted, or missing): by default no "
        "payslip at all until the evaluation is approved; or a coefficient of 0 (no performance "
        "pay); or the neutral pay coefficient 1.0, which pays a draft, a missing evaluation or one "
        "never submitted as if it were on target.",
    )

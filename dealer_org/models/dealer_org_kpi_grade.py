from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.kpi_scoring import GradeBand


class DealerOrgKpiGrade(models.Model):
    """One band of the grade table: evaluations scoring at least ``min_score`` get this
    grade and pay coefficient. Bands without a company are the table of every company
    that has no band of its own."""

    _name = "dealer_org.kpi.grade"
    _inherit = ["dealer_org.validation.mixin"]
    _dealer_org_ranges = {"min_score": (0, 120), "coefficient": (0, 10)}
    _description = "KPI Grade"
    _order = "company_id, min_score desc, id"

    company_id = fields.Many2one(
        "res.company",
        "Company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty for the default table used by companies without a table of their own.",
    )
    min_score = fields.Float("Minimum Score", required=True, help="Lowest total score of this grade.")
    grade = fields.Char(required=True, help="Short name of the grade, e.g. A, B, C, D.")
    coefficient = fields.Float(
        "Pay Coefficient", required=True, digits=(16, 2), default=1.0, help="Multiplier of performance pay."
    )
    description = fields.Char(translate=True)

    _sql_constraints = [
        ("coefficient_positive", "CHECK(coefficient >= 0)", "A pay coefficient cannot be negative."),
    ]

    @api.constrains("company_id", "min_score", "grade")
    def _check_unique_band(self):
        groups = self._read_group(
            [("company_id", "in", self.company_id.ids + [False])],
            ["company_id", "min_score"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        for company, min_score, _count in groups:
            raise ValidationError(
                self.env._(
                    "The grade table of %(company)s has two grades starting at %(score)s: "
                    "give each grade its own minimum score.",
                    company=company.display_name or self.env._("all companies"),
                    score=min_score,
                )
            )

    @api.model
    def _get_tables(self, companies):
        """{company id: [GradeBand, …]} for ``companies``, falling back to the shared table.

        One query for all companies."""
        bands = self.sudo().search_fetch(
            [("company_id", "in", companies.ids + [False])],
            ["company_id", "min_score", "grade", "coefficient"],
        )
        own, shared = {}, []
        for band in bands:
            row = GradeBand(band.min_score, band.grade, band.coefficient)
            if band.company_id:
                own.setdefault(band.company_id.id, []).append(row)
            else:
                shared.append(row)
        return {company.id: own.get(company.id, shared) for company in companies}

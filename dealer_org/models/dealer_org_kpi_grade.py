from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.kpi_scoring import GradeBand

# Evaluations whose grade follows the grade table: once approved, the grade is frozen.
OPEN_STATES = ("draft", "submitted")


class DealerOrgKpiGrade(models.Model):
    """One band of a grade table: evaluations scoring at least ``min_score`` get this grade
    and pay coefficient.

    Bands without a company are the shared default table, used by every company without a
    table of its own. Rules (docs/security.md):

    * a table that has bands always has one starting at 0, so every score gets a grade;
    * a company's own table starts as a copy of the default table: adding a first band for
      a company copies the default bands into it, then adds the new one;
    * a company's table is changed by the HR managers of that company; the shared default
      table only by HR managers allowed in every company (it pays everyone);
    * every change recomputes the grade and coefficient of the draft and submitted
      evaluations it affects; approved and locked ones keep theirs.
    """

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
        help="Leave empty for the default table used by companies without a table of their own. "
        "A company's first band copies the default table into the company, to be adapted.",
    )
    min_score = fields.Float(
        "Minimum Score", aggregator=None, required=True, help="Lowest total score of this grade."
    )
    grade = fields.Char(required=True, help="Short name of the grade, e.g. A, B, C, D.")
    coefficient = fields.Float(
        "Pay Coefficient",
        aggregator=None,
        required=True,
        digits=(16, 2),
        default=1.0,
        help="Multiplier of performance pay.",
    )
    description = fields.Char(translate=True)

    _sql_constraints = [
        ("coefficient_positive", "CHECK(coefficient >= 0)", "A pay coefficient cannot be negative."),
    ]
    _dealer_org_char_limit = 64

    @api.constrains("company_id", "min_score", "grade")
    def _check_unique_band(self):
        groups = self.sudo()._read_group(
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

    @api.constrains("grade")
    def _check_grade(self):
        for band in self:
            if not (band.grade or "").strip():
                raise ValidationError(self.env._("Give the grade a name, e.g. A."))

    # ------------------------------------------------------------------
    # Who changes which table, and what every change keeps true
    # ------------------------------------------------------------------

    def _check_table_rights(self, companies):
        """``companies``: the company records (empty for the default table) whose table changes."""
        if self.env.su:
            return
        if not self.env.user.has_group("hr.group_hr_manager"):
            raise AccessError(self.env._("Only HR managers change the KPI grade tables."))
        allowed = self.env.user.company_ids
        if False in companies:
            every = self.env["res.company"].sudo().search([])
            if every - allowed:
                raise AccessError(
                    self.env._(
                        "The default grade table pays every company: only an HR manager allowed in "
                        "all companies changes it. Give your company a table of its own instead "
                        "(add a band with your company)."
                    )
                )
        foreign = [c for c in companies if c and c not in allowed]
        if foreign:
            # Named only by id: the caller may not read the company it passed.
            raise AccessError(
                self.env._(
                    "You cannot change the grade table of a company you are not allowed in (company "
                    "id %(company)s): choose one of your companies.",
                    company=foreign[0].id,
                )
            )

    def _check_tables(self, companies, removed=None, new_score=None):
        """Every non-empty table has a band starting at 0: no score is left without a grade.
        Checked before the change: ``removed`` are the bands about to be deleted, or about to
        get ``new_score`` as their minimum. Not while modules load (no client request runs
        then): data files add a table band by band."""
        if not self.env.registry.ready:
            return
        for company in companies:
            bands = self.sudo().search([("company_id", "=", company.id if company else False)])
            scores = {band.min_score for band in bands - (removed or self.browse())}
            if new_score is not None and removed and removed & bands:
                scores.add(float(new_score))
            if scores and 0 not in scores:
                raise ValidationError(
                    self.env._(
                        "The grade table of %(company)s must have a grade starting at score 0, so "
                        "that every score gets a grade and a coefficient. Change the lowest grade "
                        "instead of deleting it, or delete the whole table to use the default one.",
                        company=company.name if company else self.env._("all companies"),
                    )
                )

    @api.model
    def _table_key(self, company_id):
        return self.env["res.company"].sudo().browse(company_id) if company_id else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("company_id", self.env.company.id)
        companies = {self._table_key(vals.get("company_id")) for vals in vals_list}
        self._check_table_rights(companies)
        # A company's first bands: start from a copy of the default table.
        copies = []
        for company in companies - {False}:
            if self.sudo().search_count([("company_id", "=", company.id)]):
                continue
            new_scores = {
                float(v.get("min_score") or 0) for v in vals_list if v.get("company_id") == company.id
            }
            if 0 in new_scores:
                continue  # a whole table, starting at 0: it replaces the default as it is
            copies += [
                {
                    "company_id": company.id,
                    "min_score": band.min_score,
                    "grade": band.grade,
                    "coefficient": band.coefficient,
                    "description": band.description,
                }
                for band in self.sudo().search([("company_id", "=", False)])
                if band.min_score not in new_scores
            ]
        if copies:
            super().create(copies)
        bands = super().create(vals_list)
        self._check_tables(companies)
        self._recompute_open_evaluations(companies)
        return bands

    def write(self, vals):
        if "company_id" in vals and any(band.company_id.id != vals["company_id"] for band in self):
            raise UserError(
                self.env._("A grade stays in its table: delete it and add it to the other company's table.")
            )
        companies = {band.company_id or False for band in self}
        self._check_table_rights(companies)
        if "min_score" in vals:
            self._check_tables(companies, removed=self, new_score=vals["min_score"] or 0)
        res = super().write(vals)
        self._recompute_open_evaluations(companies)
        return res

    def unlink(self):
        companies = {band.company_id or False for band in self}
        self._check_table_rights(companies)
        self._check_tables(companies, removed=self)
        res = super().unlink()
        self._recompute_open_evaluations(companies)
        return res

    def _recompute_open_evaluations(self, companies):
        """Regrade the draft and submitted evaluations whose table changed (set-based)."""
        Evaluation = self.env["dealer_org.kpi.evaluation"].sudo()
        domain = [("state", "in", OPEN_STATES)]
        if False in companies:
            with_own = self.sudo().search([("company_id", "!=", False)]).company_id
            own = [c.id for c in companies if c]
            domain.append("|")
            domain.append(("company_id", "not in", with_own.ids))
            domain.append(("company_id", "in", own))
        else:
            domain.append(("company_id", "in", [c.id for c in companies]))
        evaluations = Evaluation.search(domain)
        if evaluations:
            self.env.flush_all()
            evaluations._store_scores()

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

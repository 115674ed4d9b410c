from odoo import fields, models

QUALIFICATION_KINDS = [
    ("education", "Education"),
    ("major", "Field of Study"),
    ("experience", "Work Experience"),
    ("skill", "Skills"),
    ("training", "Training"),
    ("kpi", "Assessment Criteria"),
    ("other", "Other"),
]


class DealerOrgJobQualification(models.Model):
    _name = "dealer_org.job.qualification"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Job Qualification"
    _order = "job_id, sequence, id"

    job_id = fields.Many2one("hr.job", "Job Position", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        QUALIFICATION_KINDS,
        required=True,
        default="other",
    )
    name = fields.Text("Requirement", required=True, translate=True)
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_job_qualification_source_rel"
    )
    adapted_from_id = fields.Many2one(
        "dealer_org.library.job",
        "Adapted From",
        ondelete="set null",
        help="The library's equivalent job this line was taken from, because the position's source "
        "document gives it none.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "job_id" in vals and not self.env.su:
            # The record rules checked the qualification's company before the write only: moving it
            # to a job of a company the user does not manage is refused (AccessError).
            self.job_id.check_access("write")
        return res

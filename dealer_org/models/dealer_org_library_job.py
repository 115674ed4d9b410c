from odoo import fields, models


class DealerOrgLibraryJob(models.Model):
    _name = "dealer_org.library.job"
    _description = "Library Job"
    _order = "code"

    code = fields.Char(required=True, readonly=True, index=True)
    name = fields.Char(required=True, readonly=True, translate=True)
    responsibility_summary = fields.Text("Responsibility", readonly=True, translate=True)
    is_inferred = fields.Boolean(
        "Inferred",
        readonly=True,
        help="The source document lost this position's title; it was inferred from its duties.",
    )
    inference_note = fields.Text(
        "Why Inferred",
        readonly=True,
        translate=True,
        help="Why the library gives this position its title although the source document does not name it.",
    )
    line_ids = fields.One2many("dealer_org.library.line", "job_id", "Lines", readonly=True)
    duty_ids = fields.One2many(
        "dealer_org.library.line", "job_id", "Duties", domain=[("line_type", "=", "duty")], readonly=True
    )
    qualification_ids = fields.One2many(
        "dealer_org.library.line",
        "job_id",
        "Qualifications",
        domain=[("line_type", "=", "qualification")],
        readonly=True,
    )
    kpi_line_ids = fields.One2many(
        "dealer_org.library.line", "job_id", "KPIs", domain=[("line_type", "=", "kpi")], readonly=True
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_library_job_source_rel", readonly=True
    )
    position_ids = fields.One2many("hr.job", "library_job_id", "Job Positions", readonly=True)
    position_count = fields.Integer("Positions", compute="_compute_position_count")

    _sql_constraints = [
        ("code_unique", "unique(code)", "A library job code must be unique."),
    ]

    def _compute_position_count(self):
        counts = dict(
            self.env["hr.job"]._read_group(
                [("library_job_id", "in", self.ids)], ["library_job_id"], ["__count"]
            )
        )
        for job in self:
            job.position_count = counts.get(job, 0)

from odoo import fields, models

from .dealer_org_kpi import KPI_PERIODS

ROW_OUTCOMES = [("update", "Will Update"), ("unchanged", "Unchanged"), ("error", "Error")]


class DealerOrgKpiActualImportRow(models.Model):
    """One row of an imported file and what the import does with it. Written by the import
    only (set-based, see dealer_org.kpi.actual.import._store_rows); read-only for clients."""

    _name = "dealer_org.kpi.actual.import.row"
    _description = "KPI Actuals Import Row"
    _order = "import_id, row_number, id"

    import_id = fields.Many2one(
        "dealer_org.kpi.actual.import", "Import", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True, help="The employee's company, or the import's."
    )
    row_number = fields.Integer("Row", help="The row's number in the file, as a spreadsheet shows it.")
    employee_ref = fields.Char("Employee in File")
    employee_id = fields.Many2one("hr.employee", "Employee", ondelete="set null")
    period = fields.Char("Period in File")
    period_type = fields.Selection(KPI_PERIODS)
    period_start = fields.Date()
    kpi_code = fields.Char("KPI Code")
    actual_text = fields.Char("Actual in File")
    actual = fields.Float(aggregator=None)
    old_actual = fields.Float("Current Actual", aggregator=None)
    comment = fields.Char()
    evaluation_id = fields.Many2one("dealer_org.kpi.evaluation", "Evaluation", ondelete="set null")
    line_id = fields.Many2one("dealer_org.kpi.evaluation.line", "Evaluation Line", ondelete="set null")
    outcome = fields.Selection(ROW_OUTCOMES, required=True)
    error_kind = fields.Char(help="What went wrong, for programs (e.g. no_evaluation, frozen).")
    message = fields.Char()

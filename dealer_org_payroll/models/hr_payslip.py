from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.payroll.models.base_browsable import BaseBrowsableObject

from .res_company import DEFAULT_KPI_UNAPPROVED_POLICY

KPI_STATUSES = [
    ("approved", "Approved"),
    ("unapproved", "Not Approved"),
    ("missing", "Missing"),
    ("not_applicable", "No KPIs"),
]


class KpiResult(BaseBrowsableObject):
    """``payroll.kpi`` in salary rules. Remembers whether a rule read it, so that the payslip
    line of that rule links to the evaluation and a blocked payslip is refused."""

    def __init__(self, vals_dict, blocked=False):
        super().__init__(vals_dict)
        self.base_fields += ["read_by_rule", "read_by_any", "blocked"]
        self.read_by_rule = False
        self.read_by_any = False
        self.blocked = blocked

    def __getattr__(self, attr):
        self.__dict__["read_by_rule"] = True
        self.__dict__["read_by_any"] = True
        return super().__getattr__(attr)


class HrPayslip(models.Model):
    _inherit = "hr.payslip"

    kpi_status = fields.Selection(
        KPI_STATUSES,
        "KPI Evaluation Status",
        compute="_compute_kpi",
        compute_sudo=True,
        help="Approved: an approved or locked KPI evaluation covers the payslip's period and "
        "payroll.kpi gives its result. Not Approved: the evaluation covering the period is a "
        "draft or submitted. Missing: none covers it although the employee's job has KPIs. "
        "No KPIs: the employee is not evaluated on KPIs.",
    )
    kpi_warning = fields.Char(
        "KPI Warning",
        compute="_compute_kpi",
        compute_sudo=True,
        help="Why the KPI result of the payslip's period is not that of an approved evaluation, "
        "and what the payslip pays instead (Payroll settings › Unapproved KPI Evaluation).",
    )
    kpi_evaluation_ids = fields.Many2many(
        "dealer_org.kpi.evaluation",
        string="KPI Evaluations",
        compute="_compute_kpi",
        compute_sudo=True,
        groups="hr.group_hr_user",
        help="The KPI evaluations covering the payslip's period: the approved one payroll.kpi "
        "reads, or those not approved yet.",
    )

    def _get_kpi_situation(self):
        """{payslip id: (status, approved result or None, evaluations concerned)}: the approved
        (or locked) evaluation payroll pays from (dealer_org's payroll API), else the draft or
        submitted ones covering the payslip's period, in the employee's company."""
        Evaluation = self.env["dealer_org.kpi.evaluation"].sudo()
        situation = {}
        for payslip in self:
            employee = payslip.employee_id.sudo()
            if not employee or not payslip.date_from or not payslip.date_to:
                situation[payslip.id] = ("not_applicable", None, Evaluation)
                continue
            result = employee._get_kpi_result(payslip.date_from, payslip.date_to)
            if result:
                situation[payslip.id] = ("approved", result, Evaluation.browse(result["evaluation_id"]))
                continue
            pending = Evaluation.search(
                [
                    ("employee_id", "=", employee.id),
                    ("company_id", "=", employee.company_id.id),
                    ("state", "in", ("draft", "submitted")),
                    ("period_start", "<=", payslip.date_from),
                    ("period_end", ">=", payslip.date_to),
                ],
                order="period_start desc, period_end, id",
            )
            if pending:
                status = "unapproved"
            elif employee.job_id.kpi_ids:
                status = "missing"
            else:
                status = "not_applicable"
            situation[payslip.id] = (status, None, pending)
        return situation

    def _kpi_policy(self):
        self.ensure_one()
        company = self.company_id or self.employee_id.company_id or self.env.company
        return company.sudo().dealer_org_kpi_unapproved_policy or DEFAULT_KPI_UNAPPROVED_POLICY

    @api.depends("employee_id", "date_from", "date_to", "company_id")
    def _compute_kpi(self):
        situation = self._get_kpi_situation()
        for payslip in self:
            status, _result, evaluations = situation[payslip.id]
            payslip.kpi_status = status
            payslip.kpi_evaluation_ids = evaluations
            payslip.kpi_warning = payslip._kpi_warning(status, evaluations)

    def _kpi_warning(self, status, evaluations):
        if status not in ("unapproved", "missing"):
            return False
        _ = self.env._
        if status == "unapproved":
            states = dict(evaluations._fields["state"]._description_selection(self.env))
            reason = _(
                "The KPI evaluation %(evaluations)s is not approved yet (%(states)s).",
                evaluations=", ".join(evaluations.mapped("display_name")),
                states=", ".join(states[state] for state in dict.fromkeys(evaluations.mapped("state"))),
            )
        else:
            reason = _(
                "No KPI evaluation covers this period although the job of %(employee)s has KPIs.",
                employee=self.employee_id.sudo().name,
            )
        consequence = {
            "neutral": _("Until one is approved, performance pay uses the neutral coefficient 1.0."),
            "zero": _("Until one is approved, no performance pay is paid (coefficient 0)."),
            "block": _("Until one is approved, the payslip cannot be computed."),
        }[self._kpi_policy()]
        return _("%(reason)s %(consequence)s", reason=reason, consequence=consequence)

    def action_open_kpi_evaluations(self):
        """The evaluations the warning is about (or the approved one), for HR officers."""
        self.ensure_one()
        evaluations = self.kpi_evaluation_ids
        evaluations.check_access("read")
        if len(evaluations) == 1:
            return evaluations.action_open_form()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("KPI Evaluations"),
            "res_model": "dealer_org.kpi.evaluation",
            "domain": [("id", "in", evaluations.ids)],
            "views": [(False, "list"), (False, "form")],
            "target": "current",
        }

    def get_payroll_dict(self, contracts):
        """Salary rules read the KPI result of the payslip's period as ``payroll.kpi``: ``found``,
        ``score``, ``grade``, ``coefficient`` and ``evaluation_id`` of the approved (or locked)
        KPI evaluation covering the payslip's dates, and ``status`` (approved, unapproved,
        missing, not_applicable). Without an approved one, ``found`` is false and the company's
        setting decides: "refuse" (the default), a payslip whose rules read ``payroll.kpi`` (in
        their condition or their amount) is not computed; or the coefficient is 0, or the
        neutral 1.0."""
        res = super().get_payroll_dict(contracts)
        status, result, evaluations = self._get_kpi_situation()[self.id]
        policy = self._kpi_policy() if status in ("unapproved", "missing") else "neutral"
        res["kpi"] = KpiResult(
            {
                "found": bool(result),
                "status": status,
                "score": result["score"] if result else 0.0,
                "grade": (result["grade"] or "") if result else "",
                "coefficient": result["coefficient"] if result else (0.0 if policy == "zero" else 1.0),
                "evaluation_id": result["evaluation_id"] if result else False,
            },
            blocked=policy == "block" and (status, evaluations),
        )
        return res

    def _kpi_refusal(self, status, evaluations):
        _ = self.env._
        if status == "unapproved":
            reason = _(
                "its KPI evaluation %(evaluations)s is not approved yet",
                evaluations=", ".join(evaluations.mapped("display_name")),
            )
        else:
            reason = _("no KPI evaluation covers its period")
        return _(
            "The payslip of %(employee)s (%(date_from)s – %(date_to)s) cannot be computed: "
            "%(reason)s. Approve the evaluation first, or change “Unapproved KPI Evaluation” in "
            "the Payroll settings.",
            employee=self.employee_id.sudo().name,
            date_from=self.date_from,
            date_to=self.date_to,
            reason=reason,
        )

    def _check_kpi_not_blocked(self, kpi):
        if isinstance(kpi, KpiResult) and kpi.read_by_any and kpi.blocked:
            raise UserError(self._kpi_refusal(*kpi.blocked))

    def _get_lines_dict(self, rule, localdict, lines_dict, key, values, previous_amount):
        """The line of a rule that read ``payroll.kpi`` links to the approved evaluation it paid
        from; a payslip the company's setting blocks is refused here."""
        localdict, lines_dict = super()._get_lines_dict(
            rule, localdict, lines_dict, key, values, previous_amount
        )
        kpi = localdict["payroll"].dict.get("kpi")
        if isinstance(kpi, KpiResult) and kpi.read_by_rule:
            self._check_kpi_not_blocked(kpi)
            lines_dict[key]["kpi_evaluation_id"] = kpi.dict["evaluation_id"] or False
        return localdict, lines_dict

    def localdict_hook(self, localdict):
        # a rule whose condition read payroll.kpi, though it computed no line, is refused too
        self._check_kpi_not_blocked(localdict["payroll"].dict.get("kpi"))
        return super().localdict_hook(localdict)

    def compute_sheet(self):
        res = super().compute_sheet()
        self._translate_rule_lines()
        return res

    def _translate_rule_lines(self):
        """A line named after its salary rule (no ``result_name``) gets the rule's name in every
        language: 绩效工资 for a Chinese reader, Performance Pay for an English one, whoever
        computed the payslip."""
        # OCA payroll computes rules without the context (English names, whoever computes): the
        # lines whose name is one of their rule's get all its languages at once.
        if not self.ids:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE hr_payslip_line line SET name = rule.name
                  FROM hr_salary_rule rule
                 WHERE rule.id = line.salary_rule_id AND line.slip_id IN %s
                   AND EXISTS (SELECT FROM jsonb_each_text(line.name) AS line_name
                                 JOIN jsonb_each_text(rule.name) AS rule_name
                                   ON rule_name.value = line_name.value)
             RETURNING line.id
                """,
                tuple(self.ids),
            )
        )
        lines = self.env["hr.payslip.line"].browse(row[0] for row in self.env.cr.fetchall())
        lines.invalidate_recordset(["name"])

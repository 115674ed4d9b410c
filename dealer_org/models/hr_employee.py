from odoo import api, fields, models


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "dealer_org.company.check.mixin"]

    checklist_completion_rate = fields.Float(
        "Checklist Completion (%)",
        compute="_compute_checklist_completion",
        groups="hr.group_hr_user",
        help="Checklist lines due in the last 30 days that are done (late or not) or confirmed not "
        "applicable, in percent.",
    )
    checklist_on_time_rate = fields.Float(
        "Checklist On Time (%)",
        compute="_compute_checklist_completion",
        groups="hr.group_hr_user",
        help="Checklist lines due in the last 30 days done by their deadline or confirmed not "
        "applicable, in percent: the rate the KPI “checklist completion” reads.",
    )
    checklist_count = fields.Integer(
        "Checklists", compute="_compute_checklist_completion", groups="hr.group_hr_user"
    )

    @api.depends_context("uid")
    def _compute_checklist_completion(self):
        Checklist = self.env["dealer_org.checklist"]
        today = fields.Date.context_today(self)
        rates = Checklist._get_completion_counts(self, fields.Date.subtract(today, days=30), today)
        counts = dict(Checklist._read_group([("employee_id", "in", self.ids)], ["employee_id"], ["__count"]))
        for employee in self:
            due, completed, on_time = rates.get(employee.id, (0, 0, 0))
            employee.checklist_completion_rate = 100.0 * completed / due if due else 0.0
            employee.checklist_on_time_rate = 100.0 * on_time / due if due else 0.0
            employee.checklist_count = counts.get(employee, 0)

    @api.onchange("job_id")
    def _onchange_job_id_dealer_org(self):
        """Assigning a job fills the department and the manager where they are empty: the
        job's department, and the holder of the superior position (else the department's
        manager)."""
        job = self.job_id
        if not job:
            return
        if not self.department_id and job.department_id:
            self.department_id = job.department_id
        if not self.parent_id:
            superior = job.parent_id and self.search(
                [
                    ("job_id", "=", job.parent_id.id),
                    ("company_id", "=", (self.company_id or job.company_id).id),
                ],
                limit=1,
            )
            manager = superior or self.department_id.manager_id
            if manager and manager != self._origin:
                self.parent_id = manager

    def write(self, vals):
        # Writing an employee's department recomputes the manager (parent_id) from the
        # department's manager even when the department does not change; modules do it on the
        # side (hr_contract on every contract it opens, its demo data included) and replaced the
        # reporting lines HR set, which decide who sees and evaluates whose checklists and KPIs.
        if (
            "department_id" in vals
            and "parent_id" not in vals
            and self
            and all(employee.department_id.id == vals["department_id"] for employee in self)
        ):
            vals = {key: value for key, value in vals.items() if key != "department_id"}
        return super().write(vals)

    def action_open_checklists(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_checklist_action_all")
        action["name"] = self.env._("Checklists of %(employee)s", employee=self.name)
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"search_default_filter_last_30_days": 1}
        return action

    # KPI fields exist only on hr.employee, not on hr.employee.public: HR officers only
    # (employees and managers reach their evaluations through their own menus).
    kpi_evaluation_ids = fields.One2many(
        "dealer_org.kpi.evaluation", "employee_id", "KPI Evaluations", groups="hr.group_hr_user"
    )
    kpi_evaluation_id = fields.Many2one(
        "dealer_org.kpi.evaluation",
        "Current KPI Evaluation",
        compute="_compute_kpi_evaluation_id",
        search="_search_kpi_evaluation_id",
        groups="hr.group_hr_user",
        help="The evaluation of the most recent period.",
    )
    kpi_line_ids = fields.One2many(
        related="kpi_evaluation_id.line_ids", readonly=False, string="Current KPIs", groups="hr.group_hr_user"
    )
    kpi_period_name = fields.Char(related="kpi_evaluation_id.period_name", groups="hr.group_hr_user")
    kpi_state = fields.Selection(related="kpi_evaluation_id.state", groups="hr.group_hr_user")
    kpi_total_score = fields.Float(related="kpi_evaluation_id.total_score", groups="hr.group_hr_user")
    kpi_grade = fields.Char(related="kpi_evaluation_id.grade", groups="hr.group_hr_user")
    kpi_coefficient = fields.Float(related="kpi_evaluation_id.coefficient", groups="hr.group_hr_user")
    kpi_actuals_entered = fields.Boolean(
        related="kpi_evaluation_id.actuals_entered", groups="hr.group_hr_user"
    )
    kpi_reweight_note = fields.Char(related="kpi_evaluation_id.reweight_note", groups="hr.group_hr_user")

    def _compute_kpi_evaluation_id(self):
        """The latest period's evaluation; of two periods starting the same day, the shorter."""
        latest = {}
        evaluations = self.env["dealer_org.kpi.evaluation"].search_fetch(
            [("employee_id", "in", self.ids)],
            ["employee_id", "period_start", "period_end"],
            order="period_start desc, period_end, id",
        )
        for evaluation in evaluations:
            latest.setdefault(evaluation.employee_id.id, evaluation)
        for employee in self:
            employee.kpi_evaluation_id = latest.get(employee.id, False)

    def _search_kpi_evaluation_id(self, operator, value):
        # Employees having the evaluation among theirs: what recomputing the related KPI fields needs.
        return [("kpi_evaluation_ids", operator, value)]

    def _get_kpi_results(self, date_from, date_to):
        """Payroll API: {employee id: result} of the approved or locked KPI evaluations covering
        ``date_from``..``date_to``, where a result is a dict with ``score``, ``grade``,
        ``coefficient``, ``evaluation_id``, ``period_type``, ``period_start`` and ``period_end``.
        Employees without such an evaluation are absent. Draft, submitted and archived evaluations
        never count. Batched: one query for all employees. See docs/kpi.md."""
        return self.env["dealer_org.kpi.evaluation"]._get_results(
            self, fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        )

    def _get_kpi_result(self, date_from, date_to):
        """Payroll API for one employee: the result of _get_kpi_results, or None."""
        self.ensure_one()
        return self._get_kpi_results(date_from, date_to).get(self.id)

    def action_open_kpi_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_kpi_evaluation_action")
        action.update(
            {
                "name": self.env._("KPI History of %(employee)s", employee=self.name),
                "domain": [("employee_id", "=", self.id)],
                "context": {"default_employee_id": self.id, "graph_mode": "line"},
                "views": [
                    (self.env.ref("dealer_org.dealer_org_kpi_evaluation_view_graph_history").id, "graph"),
                    (False, "list"),
                    (False, "form"),
                ],
                "view_mode": "graph,list,form",
            }
        )
        return action

    @api.model
    def _dealer_org_demo_chinese_store(self):
        """Demo data: the demo store is Chinese (job titles in Chinese, China's timezone)."""
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", "dealer_org"), ("model", "=", "hr.employee")])
        )
        employees = self.sudo().browse(data.mapped("res_id")).exists()
        # The Chinese name as stored, whether or not Chinese is active yet in the database.
        self.env.cr.execute(
            "SELECT id, name->>'zh_CN' FROM hr_job WHERE id = ANY(%s)", [employees.job_id.ids]
        )
        chinese = dict(self.env.cr.fetchall())
        for employee in employees:
            if chinese.get(employee.job_id.id):
                employee.job_title = chinese[employee.job_id.id]
        company = self.env.ref("base.main_company", raise_if_not_found=False)
        if company:
            company.partner_id.sudo().tz = "Asia/Shanghai"
        return True

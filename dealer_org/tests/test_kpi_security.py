from lxml import etree

from odoo.exceptions import AccessError, UserError

from .kpi_common import KpiCase

KPI_FIELDS = ["kpi_evaluation_id", "kpi_line_ids", "kpi_total_score", "kpi_grade", "kpi_coefficient"]


class TestKpiAccess(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        evaluations = cls.generate()
        cls.own = evaluations.filtered(lambda e: e.employee_id == cls.employee)
        cls.colleagues = evaluations - cls.own
        other_job = cls.env["hr.job"].create(
            {
                "name": "Other Group Consultant",
                "company_id": cls.other_company.id,
                "kpi_ids": [
                    (0, 0, {"name": "Sales", "code": "SALES", "target": 1, "maximum": 1, "weight": 100})
                ],
            }
        )
        cls.env["hr.employee"].create(
            {"name": "Other Group Employee", "company_id": cls.other_company.id, "job_id": other_job.id}
        )
        cls.foreign = cls.Evaluation._generate("monthly", cls.period, cls.other_company)

    def test_employee_reads_only_their_own_evaluation(self):
        Evaluation = self.Evaluation.with_user(self.employee_user)
        self.assertEqual(Evaluation.search([]), self.own)
        self.assertEqual(self.own.with_user(self.employee_user).total_score, 48)
        self.assertEqual(
            self.env["dealer_org.kpi.evaluation.line"].with_user(self.employee_user).search([]),
            self.own.line_ids,
        )
        with self.assertRaises(AccessError):
            self.colleagues.with_user(self.employee_user).read(["total_score"])
        my_action = self.env.ref("dealer_org.dealer_org_kpi_evaluation_action_my")
        domain = [("employee_id.user_id", "=", self.employee_user.id)]
        self.assertIn("employee_id.user_id", my_action.domain)
        self.assertEqual(Evaluation.search(domain), self.own)

    def test_employee_cannot_score_themselves(self):
        self.assertFalse(self.own.with_user(self.employee_user).can_fill)
        self.assertTrue(self.own.with_user(self.manager_user).can_fill)
        self.assertTrue(self.own.with_user(self.hr_officer).can_fill)
        with self.assertRaises(AccessError):
            self.own.line_ids[0].with_user(self.employee_user).actual = 130
        with self.assertRaises(AccessError):
            self.own.with_user(self.employee_user).action_submit()
        with self.assertRaises(AccessError):
            self.own.with_user(self.employee_user).action_approve()

    def test_manager_fills_in_the_team_actuals(self):
        Evaluation = self.Evaluation.with_user(self.manager_user)
        self.assertEqual(Evaluation.search([]), self.own | self.colleagues)
        line = self.own.line_ids[0].with_user(self.manager_user)
        line.write({"actual": 100, "comment": "Good month"})
        self.assertEqual(self.own.total_score, 108)
        self.own.with_user(self.manager_user).write({"note": "Strong finish"})
        with self.assertRaises(AccessError):
            line.weight = 100
        with self.assertRaises(AccessError):
            self.own.with_user(self.manager_user).write({"period_type": "yearly"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.manager_user).unlink()
        self.own.with_user(self.manager_user).action_submit()
        with self.assertRefused(UserError, "Only draft"):
            line.actual = 90

    def test_hr_officer_sees_all_of_their_companies(self):
        Evaluation = self.Evaluation.with_user(self.hr_officer)
        visible = Evaluation.search([("period_start", "=", self.period)])
        self.assertLessEqual(self.own | self.colleagues, visible)
        self.assertFalse(visible & self.foreign)
        self.own.line_ids[0].with_user(self.hr_officer).write({"actual": 80})

    def test_other_company_officer_sees_none_of_ours(self):
        Evaluation = self.Evaluation.with_user(self.other_officer)
        self.assertEqual(Evaluation.search([]), self.foreign)
        with self.assertRaises(AccessError):
            self.own.with_user(self.other_officer).read(["total_score"])
        KPI = self.env["dealer_org.kpi"].with_user(self.other_officer)
        self.assertFalse(KPI.search([("job_id", "=", self.job.id)]))

    def test_kpi_definitions_are_edited_by_hr_only(self):
        kpi = self.job.kpi_ids[0]
        self.assertTrue(kpi.with_user(self.employee_user).name)
        with self.assertRaises(AccessError):
            kpi.with_user(self.manager_user).write({"target": 90})
        with self.assertRaises(AccessError):
            self.env["dealer_org.kpi.grade"].with_user(self.hr_officer).search([])[0].coefficient = 5


class TestKpiEmployeeForm(KpiCase):
    """The KPI page as each user gets it: get_view, then reading the record as the web client does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation = cls.generate().filtered(lambda e: e.employee_id == cls.employee)
        cls.set_actuals(cls.evaluation, 100, 2)

    def form_as(self, user):
        Employee = self.env["hr.employee"].with_user(user)
        view = Employee.get_views([(False, "form")])
        arch = etree.fromstring(view["views"]["form"]["arch"])
        return Employee, view, arch

    def test_hr_officer_sees_the_kpi_page(self):
        Employee, _view, arch = self.form_as(self.hr_officer)
        pages = [page.get("name") for page in arch.iter("page")]
        self.assertEqual(pages[pages.index("public") + 1], "dealer_org_kpi")
        data = Employee.browse(self.employee.id).web_read(
            {
                "kpi_evaluation_id": {"fields": {"display_name": {}}},
                "kpi_total_score": {},
                "kpi_grade": {},
                "kpi_coefficient": {},
                "kpi_line_ids": {"fields": {"name": {}, "actual": {}, "score": {}}},
                "kpi_evaluation_ids": {"fields": {"period_name": {}, "total_score": {}}},
            }
        )[0]
        self.assertEqual(data["kpi_evaluation_id"]["id"], self.evaluation.id)
        self.assertEqual(
            (data["kpi_total_score"], data["kpi_grade"], data["kpi_coefficient"]), (100, "A", 1.2)
        )
        self.assertEqual([line["score"] for line in data["kpi_line_ids"]], [100, 100])
        self.assertEqual([e["period_name"] for e in data["kpi_evaluation_ids"]], ["2021-03"])

    def test_history_chart_opens_the_employee_scores(self):
        action = self.employee.with_user(self.hr_officer).action_open_kpi_history()
        self.assertEqual(action["views"][0][1], "graph")
        self.assertEqual(self.Evaluation.with_user(self.hr_officer).search(action["domain"]), self.evaluation)

    def test_hr_officer_enters_an_actual_on_the_employee(self):
        employee = self.employee.with_user(self.hr_officer)
        line = self.evaluation.line_ids[0]
        employee.write({"kpi_line_ids": [(1, line.id, {"actual": 80})]})
        self.assertEqual((employee.kpi_total_score, employee.kpi_grade), (70, "C"))

    def test_employee_and_manager_get_the_public_form_without_kpis(self):
        for user in (self.employee_user, self.manager_user):
            with self.subTest(user=user.login):
                Employee, view, arch = self.form_as(user)
                # hr serves hr.employee.public's form to users who are not HR officers.
                self.assertEqual(
                    view["views"]["form"]["id"], self.env.ref("hr.hr_employee_public_view_form").id
                )
                self.assertFalse([p for p in arch.iter("page") if p.get("name") == "dealer_org_kpi"])
                self.assertFalse(set(KPI_FIELDS) & set(Employee.fields_get()))
                self.assertFalse(set(KPI_FIELDS) & set(view["models"]["hr.employee"]["fields"]))
                # The web client reads that form from hr.employee.public: nothing is refused.
                Public = self.env["hr.employee.public"].with_user(user)
                form_fields = {
                    name: {} for name in set(arch.xpath("//field/@name")) if name in Public._fields
                }
                record = Public.browse(self.employee.id).web_read(form_fields)[0]
                self.assertEqual(record["id"], self.employee.id)
                self.assertFalse(set(KPI_FIELDS) & set(record))
                # Nor do the private KPI fields leak through hr.employee.
                self.assertEqual(Employee.browse(self.employee.id).read(["name"])[0]["name"], "KPI Employee")
                with self.assertRaises(AccessError):
                    Employee.browse(self.employee.id).read(["kpi_total_score"])

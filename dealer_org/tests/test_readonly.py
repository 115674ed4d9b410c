"""The module's screens and reports read without writing, so that a read replica
(``db_replica_host``) can serve them: Odoo 18 runs the web client's read calls
(``web_search_read``, ``web_read``, ``read_group``, … marked ``@api.readonly``) on a
read-only cursor of the replica, where any write raises ``ReadOnlySqlTransaction``.

Each list, kanban, calendar, pivot, graph and form of the actions the module adds (My
Checklists, My Team's Checklists, all checklists, the completion report, the evaluations,
My Evaluations, the KPI report, jobs) is read as the user who opens it (record rules
applied), every field of the view included (non-stored computed fields must not write on
read), and the job description (岗位说明书) and evaluation sheet (考核表) reports are
rendered to HTML, each on a fresh read-only cursor (``registry.cursor(readonly=True)``,
which the test registry makes ``SET TRANSACTION READ ONLY``)."""

from lxml import etree

from odoo import api

from .checklist_common import PAST_MONDAY, ChecklistCase
from .kpi_common import KpiCase


class ReadOnlyMixin:
    @classmethod
    def enter_readonly_test_mode(cls):
        """``registry.cursor(readonly=True)`` then gives a cursor on the test transaction
        set read-only, as the replica's would be (HttpCase does this for its requests)."""
        cls.registry.enter_test_mode(cls.cr, True)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def readonly_env(self, cr, user):
        return api.Environment(cr, user.id, {"lang": "en_US"})

    @staticmethod
    def view_spec(Model, arch):
        """The web client's specification of the fields of ``arch`` (subviews' fields of
        x2many fields included, one level)."""
        spec = {}
        for node in arch.iter("field"):
            if any(parent.tag == "field" for parent in node.iterancestors()):
                continue
            field = Model._fields.get(node.get("name"))
            if field is None:
                continue
            if field.type == "many2one":
                spec[field.name] = {"fields": {"display_name": {}}}
            elif field.type in ("one2many", "many2many"):
                comodel = Model.env[field.comodel_name]
                sub = {}
                for child in node.iter("field"):
                    if child is not node and child.get("name") in comodel._fields:
                        subfield = comodel._fields[child.get("name")]
                        sub[subfield.name] = (
                            {"fields": {"display_name": {}}} if subfield.type == "many2one" else {}
                        )
                spec[field.name] = {"fields": sub or {"display_name": {}}}
            else:
                spec[field.name] = {}
        return spec

    def read_action(self, xmlid, user, domain, expect=True):
        """Read every view of the action ``xmlid`` as ``user`` on a read-only cursor, with
        the action's ``domain`` (as the web client evaluates it); return the number of
        records its list (or first view) showed."""
        action = self.env.ref(xmlid)
        model = action.res_model
        modes = [view.view_mode for view in action.view_ids] or action.view_mode.split(",")
        views = [(view.view_id.id, view.view_mode) for view in action.view_ids]
        views += [(False, mode) for mode in action.view_mode.split(",") if mode not in dict(views).values()]
        shown = None
        with self.registry.cursor(readonly=True) as cr:
            env = self.readonly_env(cr, user)
            Model = env[model]
            described = Model.get_views(views + [(False, "search")])
            records = Model.search(domain, limit=80)
            for mode in modes:
                if mode not in described["views"]:
                    continue
                arch = etree.fromstring(described["views"][mode]["arch"])
                spec = self.view_spec(Model, arch)
                if mode in ("list", "kanban", "calendar", "hierarchy"):
                    result = Model.web_search_read(domain, spec, limit=80)
                    shown = result["length"] if shown is None else shown
                elif mode == "form":
                    Model.browse(records[:3].ids).web_read(spec)
                elif mode in ("pivot", "graph"):
                    groupby = [
                        node.get("name") + (f":{node.get('interval')}" if node.get("interval") else "")
                        for node in arch.iter("field")
                        if node.get("type") in ("row", "col") or (mode == "graph" and not node.get("type"))
                    ]
                    measures = [
                        f"{node.get('name')}:{Model._fields[node.get('name')].aggregator or 'sum'}"
                        for node in arch.iter("field")
                        if node.get("type") == "measure"
                    ]
                    Model.read_group(domain, measures or ["__count"], groupby[:2], lazy=False)
        if expect:
            self.assertTrue(shown, f"{xmlid} shows {user.login} something (else the test proves little)")
        return shown

    def assert_readonly_cursor(self, user):
        """The cursor the test reads on does refuse writes (the test would prove nothing)."""
        from psycopg2.errors import ReadOnlySqlTransaction

        with self.assertRaises(ReadOnlySqlTransaction), self.registry.cursor(readonly=True) as cr:
            cr.execute("UPDATE res_users SET write_date = now() WHERE id = %s", [user.id])


class TestReadOnlyChecklists(ReadOnlyMixin, ChecklistCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        checklists = cls.Checklist._generate_checklists(employees=cls.staff, on_date=PAST_MONDAY)
        checklists.line_ids[:3].write({"result": "done"})
        cls.Checklist._update_overdue()
        cls.env.flush_all()
        cls.enter_readonly_test_mode()

    def test_the_cursor_refuses_writes(self):
        self.assert_readonly_cursor(self.consultant_user)

    def test_checklists_read_without_writing(self):
        self.read_action(
            "dealer_org.dealer_org_checklist_action_my",
            self.consultant_user,
            [("employee_id.user_id", "=", self.consultant_user.id)],
        )
        with self.registry.cursor(readonly=True) as cr:
            env = self.readonly_env(cr, self.supervisor_user)
            team_domain = env["dealer_org.checklist"]._action_team_checklists()["domain"]
        self.read_action("dealer_org.dealer_org_checklist_action_all", self.supervisor_user, team_domain)
        self.read_action("dealer_org.dealer_org_checklist_action_all", self.hr_officer, [])
        self.read_action("dealer_org.dealer_org_checklist_line_action_report", self.hr_officer, [])
        with self.registry.cursor(readonly=True) as cr:
            env = self.readonly_env(cr, self.consultant_user)
            rates = env["dealer_org.checklist"]._get_completion_rates(
                env.user.employee_ids, PAST_MONDAY, PAST_MONDAY.replace(month=12, day=31)
            )
            self.assertTrue(rates)


class TestReadOnlyKpi(ReadOnlyMixin, KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluations = cls.generate()
        cls.env.flush_all()
        cls.enter_readonly_test_mode()

    def test_evaluations_jobs_and_reports_read_without_writing(self):
        self.read_action(
            "dealer_org.dealer_org_kpi_evaluation_action_my",
            self.employee_user,
            [("employee_id.user_id", "=", self.employee_user.id)],
        )
        self.read_action("dealer_org.dealer_org_kpi_evaluation_action", self.manager_user, [])
        self.read_action("dealer_org.dealer_org_kpi_evaluation_action", self.hr_officer, [])
        self.read_action("dealer_org.dealer_org_kpi_evaluation_action_report", self.hr_officer, [])
        self.read_action("dealer_org.hr_job_action", self.hr_officer, [("id", "=", self.job.id)])
        with self.registry.cursor(readonly=True) as cr:
            env = self.readonly_env(cr, self.hr_officer)
            # The employee form's KPI tab (HR officers).
            employee = env["hr.employee"].browse(self.employee.id)
            form = etree.fromstring(employee.get_views([(False, "form")])["views"]["form"]["arch"])
            employee.web_read(self.view_spec(employee, form))
            Report = env["ir.actions.report"]
            job_html, _type = Report._render_qweb_html("dealer_org.action_report_hr_job", [self.job.id])
            self.assertIn(self.job.name, job_html.decode())
            sheet, _type = Report._render_qweb_html(
                "dealer_org.action_report_kpi_evaluation", self.evaluations.ids
            )
            self.assertIn(self.employee.name, sheet.decode())

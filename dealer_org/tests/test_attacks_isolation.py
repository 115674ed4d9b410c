"""Records of one company reached from another, through JSON-RPC as real users (issue 16).

Guards: a wizard's record (export, import, template application) is its creator's only, in
their companies; the summary of a template application is the server's sanitised HTML,
written by no client; an imported organisation template belongs to the company that
imported it, the shipped ones are shared and changed only by an HR manager allowed in every
company, and no template's code, company or default mark changes after creation; the
company of a duty, KPI, qualification, department function or department target follows its
job or department and no client sets it; a text with a control character (NUL …) is refused
with a message naming the field, not a database error; KPI and target codes are unique per
job / department whatever their case. Each attack is refused and changes nothing.
"""

from odoo import fields

from .attack_common import ACCESS, USER, VALIDATION
from .isolation_common import APPLY, EXPORT, IMPORT, TEMPLATE, IsolationCase

DUTY = "dealer_org.job.duty"
KPI = "dealer_org.kpi"
TARGET = "dealer_org.department.kpi"
PAYLOAD = '<img src="x" onerror="window.dealerOrgXss = 1"/>'


class TestAttacksWizardRecords(IsolationCase):
    def test_hr_officer_of_a_reads_the_exported_file_of_b(self):
        self.assertTrue(self.export_b.data)
        self.attack(
            self.hr_officer, EXPORT, "read", [self.export_b.ids, ["data", "filename"]], errors=(ACCESS,)
        )

    def test_hr_officer_of_a_searches_the_exports(self):
        """Listing the wizard's records finds none of another user's."""
        self.login(self.hr_officer)
        found = self.call(EXPORT, "search_read", [[]], {"fields": ["data"]})["result"]
        self.assertNotIn(self.export_b.id, [row["id"] for row in found])

    def test_hr_officer_of_a_rewrites_the_export_of_b(self):
        self.attack(
            self.hr_officer,
            EXPORT,
            "write",
            [self.export_b.ids, {"template_code": "stolen"}],
            errors=(ACCESS,),
        )

    def test_hr_manager_of_a_reads_the_uploaded_document_of_b(self):
        self.attack(
            self.hr_manager, IMPORT, "read", [self.import_b.ids, ["document", "filename"]], errors=(ACCESS,)
        )

    def test_hr_manager_of_a_reads_the_apply_wizard_of_b(self):
        self.attack(
            self.hr_manager, APPLY, "read", [self.apply_b.ids, ["preview", "summary"]], errors=(ACCESS,)
        )

    def test_hr_manager_of_every_company_reads_the_apply_wizard_of_b(self):
        """Allowed in B too, but the wizard is manager_b's."""
        self.attack(self.hr_manager_all, APPLY, "read", [self.apply_b.ids, ["summary"]], errors=(ACCESS,))

    def test_hr_manager_of_a_applies_the_wizard_of_b(self):
        self.attack(self.hr_manager, APPLY, "action_apply", [self.apply_b.ids], errors=(ACCESS,))

    def test_officer_of_the_same_company_reads_an_export(self):
        """Creator only, within one company too: the approver (A and B) exported A."""
        as_approver = self.env(user=self.approver)[EXPORT]
        export = as_approver.create({"company_id": self.company_a.id})
        export.action_export()
        self.env.flush_all()
        self.attack(self.hr_officer, EXPORT, "read", [export.ids, ["data"]], errors=(ACCESS,))


class TestAttacksHtml(IsolationCase):
    def test_manager_b_stores_a_script_in_the_summary(self):
        before = self.apply_b.summary
        self.attack(
            self.manager_b, APPLY, "write", [self.apply_b.ids, {"summary": PAYLOAD}], errors=(ACCESS,)
        )
        self.apply_b.invalidate_recordset()
        self.assertEqual(self.apply_b.summary, before)

    def test_manager_b_creates_an_apply_wizard_with_a_script(self):
        vals = {"company_ids": [[6, 0, self.company_b.ids]], "summary": PAYLOAD}
        self.attack(self.manager_b, APPLY, "create", [vals], errors=(ACCESS,))

    def test_manager_b_writes_the_preview(self):
        self.attack(
            self.manager_b, APPLY, "write", [self.apply_b.ids, {"preview": PAYLOAD}], errors=(ACCESS,)
        )

    def test_stored_summary_is_sanitised(self):
        """Whatever writes the summary (the server, as superuser), it is stored sanitised."""
        self.apply_b.sudo().write({"summary": f"<p>Applied</p>{PAYLOAD}<script>window.x = 1</script>"})
        self.apply_b.invalidate_recordset()
        self.assertNotIn("onerror", self.apply_b.summary)
        self.assertNotIn("<script", self.apply_b.summary)
        self.assertIn("Applied", self.apply_b.summary)


class TestAttacksTemplates(IsolationCase):
    def default_template(self):
        return self.env[TEMPLATE].search([("is_default", "=", True)])

    def test_hr_officer_of_a_reads_the_imported_template_of_b(self):
        self.attack(
            self.hr_officer, TEMPLATE, "read", [self.template_b.ids, ["name", "document"]], errors=(ACCESS,)
        )

    def test_hr_officer_of_a_downloads_the_document_of_b(self):
        self.login(self.hr_officer)
        response = self.url_open(f"/web/content/{TEMPLATE}/{self.template_b.id}/document?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"<library", response.content)

    def test_hr_officer_of_a_downloads_through_the_action(self):
        self.attack(
            self.hr_officer, TEMPLATE, "action_download_document", [self.template_b.ids], errors=(ACCESS,)
        )

    def test_hr_manager_of_a_renames_the_template_of_b(self):
        self.attack(
            self.hr_manager, TEMPLATE, "write", [self.template_b.ids, {"name": "Mine"}], errors=(ACCESS,)
        )

    def test_hr_manager_of_a_renames_the_shared_template(self):
        template = self.default_template()
        self.attack(self.hr_manager, TEMPLATE, "write", [template.ids, {"name": "Mine"}], errors=(ACCESS,))

    def test_hr_manager_of_a_archives_the_shared_template(self):
        template = self.default_template()
        self.attack(self.hr_manager, TEMPLATE, "write", [template.ids, {"active": False}], errors=(ACCESS,))
        self.assertTrue(template.active)

    def test_hr_manager_of_a_recodes_the_shared_template(self):
        template = self.default_template()
        self.attack(
            self.hr_manager, TEMPLATE, "write", [template.ids, {"code": "broken"}], errors=(ACCESS, USER)
        )

    def test_hr_manager_of_every_company_recodes_the_default_template(self):
        """Re-coding the default template broke Apply for every company: nobody may."""
        template = self.default_template()
        code = template.code
        self.attack(
            self.hr_manager_all, TEMPLATE, "write", [template.ids, {"code": "broken"}], errors=(USER,)
        )
        template.invalidate_recordset()
        self.assertEqual(template.code, code)

    def test_manager_b_recodes_the_imported_template_of_b(self):
        self.attack(
            self.manager_b, TEMPLATE, "write", [self.template_b.ids, {"code": "other_code"}], errors=(USER,)
        )

    def test_manager_b_moves_the_template_to_company_a(self):
        vals = {"company_id": self.company_a.id}
        self.attack(self.manager_b, TEMPLATE, "write", [self.template_b.ids, vals], errors=(ACCESS,))

    def test_manager_b_shares_the_template_with_every_company(self):
        vals = {"company_id": False}
        self.attack(self.manager_b, TEMPLATE, "write", [self.template_b.ids, vals], errors=(ACCESS,))

    def test_manager_b_makes_the_template_the_default(self):
        vals = {"is_default": True}
        self.attack(self.manager_b, TEMPLATE, "write", [self.template_b.ids, vals], errors=(ACCESS,))

    def test_hr_manager_of_a_applies_the_template_of_b(self):
        vals = {"template_id": self.template_b.id, "company_ids": [[6, 0, self.company_a.ids]]}
        self.attack(
            self.hr_manager,
            APPLY,
            "action_apply",
            lambda wizard_id: [[wizard_id]],
            steps=[(APPLY, "create", [vals], None, None)],
            errors=(ACCESS,),
        )

    def test_legitimate_changes(self):
        """B's HR manager renames B's template; an HR manager of every company renames the
        shared one; B's template is B's."""
        self.assertEqual(self.template_b.company_id, self.company_b)
        self.assertFalse(self.default_template().company_id)
        self.call_ok(self.manager_b, TEMPLATE, "write", [self.template_b.ids, {"name": "B's own"}])
        template = self.default_template()
        self.call_ok(self.hr_manager_all, TEMPLATE, "write", [template.ids, {"name": "Standard 4S"}])
        self.call_ok(self.hr_manager_all, TEMPLATE, "write", [template.ids, {"code": template.code}])
        self.env.invalidate_all()
        self.assertEqual(self.template_b.name, "B's own")
        self.assertEqual(template.name, "Standard 4S")


class TestAttacksRelatedCompany(IsolationCase):
    def move_to_a(self, record):
        vals = {"company_id": self.company_a.id}
        self.attack(self.officer_b, record._name, "write", [record.ids, vals], errors=(VALIDATION, ACCESS))
        record.invalidate_recordset()
        self.assertEqual(record.company_id, self.company_b)

    def test_officer_b_moves_a_duty_of_b_to_company_a(self):
        self.move_to_a(self.duty_b)

    def test_officer_b_moves_a_kpi_of_b_to_company_a(self):
        self.move_to_a(self.kpi_b)

    def test_officer_b_moves_a_qualification_of_b_to_company_a(self):
        self.move_to_a(self.qualification_b)

    def test_officer_b_moves_a_function_of_b_to_company_a(self):
        self.move_to_a(self.function_b)

    def test_officer_b_moves_a_target_of_b_to_company_a(self):
        self.move_to_a(self.target_b)

    def test_officer_b_creates_a_duty_of_company_a_on_a_job_of_b(self):
        vals = {"job_id": self.job_b.id, "name": "Hidden", "company_id": self.company_a.id}
        self.attack(self.officer_b, DUTY, "create", [vals], errors=(VALIDATION, ACCESS))

    def test_hr_officer_of_a_edits_a_kpi_that_drives_evaluations_of_b(self):
        """What the moved KPIs allowed: A's HR editing B's KPIs. B's KPI stays out of reach."""
        self.attack(self.hr_officer, KPI, "write", [self.kpi_b.ids, {"target": 1}], errors=(ACCESS,))

    def test_writing_the_company_the_job_gives_is_accepted(self):
        self.call_ok(self.officer_b, DUTY, "write", [self.duty_b.ids, {"company_id": self.company_b.id}])


class TestAttacksControlCharacters(IsolationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["res.users"])
        checklists = cls.env["dealer_org.checklist"]._generate_checklists(
            employees=cls.employee, on_date=today, period_types=["daily"]
        )
        cls.today_line = checklists.line_ids[:1]
        assert cls.today_line, "the employee has no checklist line today"

    def test_employee_writes_a_nul_in_a_checklist_note(self):
        args = [self.today_line.ids, {"note": "done\x00"}]
        self.attack(
            self.employee_user,
            "dealer_org.checklist.line",
            "write",
            args,
            errors=(VALIDATION,),
            message="Note",
        )

    def test_hr_officer_writes_a_nul_in_a_duty(self):
        duty = self.job.duty_ids[0]
        args = [duty.ids, {"name": "Open\x00 the showroom"}]
        self.attack(self.hr_officer, DUTY, "write", args, errors=(VALIDATION,), message="Duty")

    def test_hr_officer_creates_a_duty_with_an_escape_character(self):
        vals = {"job_id": self.job.id, "name": "Ring the bell\x1b[31m", "period": "daily"}
        self.attack(self.hr_officer, DUTY, "create", [vals], errors=(VALIDATION,), message="Duty")

    def test_hr_officer_pastes_a_nul(self):
        vals = {"job_id": self.job.id, "text": "1、每日检查展厅\x00\n2、每周例会"}
        self.attack(
            self.hr_officer,
            "dealer_org.duty.paste",
            "create",
            [vals],
            errors=(VALIDATION,),
            message="Pasted Duties",
        )

    def test_hr_officer_writes_a_nul_in_a_kpi_name_translation(self):
        kpi = self.job.kpi_ids[0]
        args = [kpi.ids, {"name": "Sales\x00"}]
        self.attack(
            self.hr_officer,
            KPI,
            "write",
            args,
            errors=(VALIDATION,),
            message="KPI",
            context={"lang": "zh_CN"},
        )

    def test_tabs_and_line_breaks_are_accepted(self):
        duty = self.job.duty_ids[0]
        self.call_ok(self.hr_officer, DUTY, "write", [duty.ids, {"name": "Open\tthe showroom\r\nat 8"}])


class TestAttacksCodeCase(IsolationCase):
    def test_hr_officer_adds_a_kpi_code_differing_by_case(self):
        vals = {
            "job_id": self.job.id,
            "name": "Sales again",
            "code": "sales",
            "weight": 0,
            "target": 1,
            "maximum": 2,
        }
        self.attack(self.hr_officer, KPI, "create", [vals], errors=(VALIDATION,), message="SALES")

    def test_hr_officer_renames_a_kpi_code_to_another_in_another_case(self):
        kpi = self.job.kpi_ids.filtered(lambda k: k.code == "COMPLAINTS")
        self.attack(self.hr_officer, KPI, "write", [kpi.ids, {"code": "Sales"}], errors=(VALIDATION,))

    def test_hr_officer_adds_a_target_code_differing_by_case(self):
        base = {"department_id": self.department.id, "minimum": 0, "target": 10, "maximum": 20}
        self.call_ok(
            self.hr_officer, TARGET, "create", [dict(base, name="Marketing plan", code="MARKETING_PLAN")]
        )
        vals = dict(base, name="Marketing plan 2", code="marketing_plan")
        self.attack(self.hr_officer, TARGET, "create", [vals], errors=(VALIDATION,), message="MARKETING_PLAN")

    def test_same_code_on_another_job_is_accepted(self):
        vals = {
            "job_id": self.empty_job.id,
            "name": "Sales",
            "code": "sales",
            "weight": 100,
            "target": 1,
            "maximum": 2,
        }
        self.call_ok(self.hr_officer, KPI, "create", [vals])

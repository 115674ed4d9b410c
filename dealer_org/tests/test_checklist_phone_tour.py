from odoo import fields
from odoo.tests import HttpCase, tagged

from ..tools.checklist_periods import local_today


@tagged("post_install", "-at_install")
class TestChecklistPhoneTour(HttpCase):
    """In a real browser at phone size (375 × 667, touch): the demo sales consultant logs
    in, lands on My Checklists and ticks today's daily checklist on its line cards, done
    and not applicable (asked for its reason in a dialog), static/tests/tours/checklist_phone_tour.js."""

    browser_size = "375x667"
    touch_enabled = True

    def test_consultant_ticks_todays_checklist_on_a_phone(self):
        user = self.env.ref("dealer_org.user_consultant_1", raise_if_not_found=False)
        if not user:
            self.skipTest("the demo data (the consultant chenjing) is not installed")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        user.lang = "zh_CN"
        employee = user.employee_ids
        Checklist = self.env["dealer_org.checklist"]
        # Today on her own day ("current periods" is decided on the server in her timezone).
        today = local_today(fields.Datetime.now(), employee.tz)
        Checklist._generate_checklists(employees=employee, on_date=today, period_types=["daily"])
        daily = Checklist.search(
            [("employee_id", "=", employee.id), ("period_type", "=", "daily"), ("period_start", "=", today)]
        )
        # Only today's daily checklist to tick, its lines all to do.
        (Checklist.search([("employee_id", "=", employee.id)]) - daily).unlink()
        daily.line_ids.sudo().write({"result": "open"})
        self.assertGreaterEqual(len(daily.line_ids), 2)
        self.assertEqual(user.action_id.id, self.env.ref("dealer_org.dealer_org_checklist_action_my").id)
        first, second = daily.line_ids.sorted()[:2]

        self.start_tour("/odoo", "dealer_org_checklist_phone_tour", login="chenjing")

        self.assertEqual((first.result, second.result), ("done", "na_requested"))
        self.assertEqual(second.na_reason, "今天没有交车")
        self.assertEqual(first.done_by_id, user)

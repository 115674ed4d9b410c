"""Checklists that are fair: a checklist generated after its deadline (a weekly duty added
on a Wednesday, a missed period caught up) is not born overdue and raises no overdue
activity on the day it appears; it becomes overdue the next day if still not ticked. The
overdue activities are written in the language of the user who receives them."""

from datetime import date, timedelta

from odoo import fields

from .checklist_common import ChecklistCase


class TestChecklistFair(ChecklistCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        cls.consultant_user.lang = "zh_CN"
        cls.supervisor_user.lang = "en_US"
        cls.main_company.checklist_overdue_activity = True
        cls.main_company.checklist_notify_manager = True
        cls.activity_type = cls.env.ref("dealer_org.mail_activity_type_checklist_overdue")

    def late_weekly(self):
        """The consultant's weekly checklist of last week, generated today: its Friday
        deadline passed days ago, as when a weekly duty is added mid-week."""
        last_week = fields.Date.today() - timedelta(days=7)
        checklists = self.generate(self.consultant, on_date=last_week, period_types=["weekly"])
        weekly = self.checklist(checklists, self.consultant, "weekly")
        self.assertLess(weekly.deadline, date.today() - timedelta(days=1))
        return weekly

    def activities(self, checklist):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "dealer_org.checklist"),
                ("res_id", "=", checklist.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def age(self, checklist, days):
        """Pretend the checklist was created ``days`` days ago."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dealer_org_checklist SET create_date = create_date - %s WHERE id = %s",
            [timedelta(days=days), checklist.id],
        )
        checklist.invalidate_recordset(["create_date"])

    def test_generated_after_its_deadline_is_not_born_overdue(self):
        weekly = self.late_weekly()
        self.assertEqual(weekly.state, "open")
        notified = self.Checklist._update_overdue(employees=self.consultant)
        self.assertFalse(notified)
        self.assertEqual(weekly.state, "open")
        self.assertFalse(weekly.overdue_notified)
        self.assertFalse(self.activities(weekly))

    def test_overdue_the_day_after_it_appeared(self):
        weekly = self.late_weekly()
        self.age(weekly, 1)
        notified = self.Checklist._update_overdue(employees=self.consultant)
        self.assertEqual(notified, weekly)
        self.assertEqual(weekly.state, "overdue")
        self.assertTrue(self.activities(weekly))

    def test_a_line_ticked_is_not_overdue(self):
        weekly = self.late_weekly()
        self.age(weekly, 1)
        weekly.line_ids.with_user(self.consultant_user).action_mark_done()
        self.assertEqual(weekly.state, "done")
        self.assertFalse(self.Checklist._update_overdue(employees=self.consultant))

    def test_created_before_its_deadline_keeps_it(self):
        """The grace is only for deadlines already past at creation: a checklist created in
        time is overdue the day after its deadline, as before."""
        weekly = self.late_weekly()
        self.age(weekly, 30)
        self.Checklist._update_overdue(employees=self.consultant)
        self.assertEqual(weekly.state, "overdue")

    def test_overdue_activities_speak_their_readers_language(self):
        weekly = self.late_weekly()
        self.age(weekly, 1)
        self.Checklist._update_overdue(employees=self.consultant)
        activities = self.activities(weekly)
        self.assertEqual(activities.user_id, self.consultant_user | self.supervisor_user)
        mine = activities.filtered(lambda a: a.user_id == self.consultant_user)
        theirs = activities.filtered(lambda a: a.user_id == self.supervisor_user)
        self.assertTrue(mine.summary.startswith("逾期清单"), mine.summary)
        self.assertIn("每周", mine.summary)
        self.assertTrue(theirs.summary.startswith("Overdue checklist: "), theirs.summary)
        self.assertIn("Weekly", theirs.summary)
        self.assertIn(f"0 of {weekly.line_count} lines", theirs.note)

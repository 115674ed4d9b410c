"""The checklist completion that payroll pays from (docs/kpi.md, "Checklist completion").

Guards: a line is on time when its tick's day in the employee's timezone is not after its
deadline; ticking twice keeps the first tick; "current period" is the employee's own day,
decided on the server; the rates are read in one query; the upgrade stores the on-time
flags and sends the unconfirmed "not applicable" lines to confirmation.
"""

from datetime import datetime, timedelta

from odoo.tests.common import freeze_time

from .checklist_common import FUTURE_MONDAY, PAST_MONDAY, ChecklistCase


class TestChecklistOnTime(ChecklistCase):
    def daily(self, employee, day=FUTURE_MONDAY):
        return self.checklist(
            self.generate(employees=employee, on_date=day, period_types=["daily"]), employee, "daily"
        )

    def test_on_time_is_the_employee_day(self):
        first, second = self.daily(self.consultant).line_ids  # Beijing time, due 2099-05-04
        as_consultant = self.consultant_user
        with freeze_time(datetime(2099, 5, 4, 15, 30)):  # 23:30 in Beijing: the deadline's day
            first.with_user(as_consultant).action_mark_done()
        with freeze_time(datetime(2099, 5, 4, 16, 30)):  # 00:30 the next day in Beijing: late
            second.with_user(as_consultant).action_mark_done()
        self.assertEqual((first.on_time, second.on_time), (True, False))
        checklist = first.checklist_id
        self.assertEqual((checklist.completion_rate, checklist.on_time_rate), (100.0, 50.0))
        rates = self.Checklist._get_completion_rates(self.consultant, FUTURE_MONDAY, FUTURE_MONDAY)
        self.assertEqual(rates, {self.consultant.id: 50.0}, "the KPI reads the on-time rate")
        # HR moving the deadline decides again from the tick's day.
        second.with_user(self.hr_officer).deadline = FUTURE_MONDAY + timedelta(days=1)
        self.assertTrue(second.on_time)

    def test_ticking_twice_keeps_the_first_tick(self):
        line = self.daily(self.consultant).line_ids[0].with_user(self.consultant_user)
        with freeze_time(datetime(2099, 5, 4, 1, 0)):
            line.action_mark_done()
        first = line.done_on
        with freeze_time(datetime(2099, 5, 4, 20, 0)):  # after the deadline, from a stale page
            result = line.action_mark_done()
        self.assertEqual((line.done_on, line.done_by_id, line.on_time), (first, self.consultant_user, True))
        shown = result["params"]["results"][line.id]
        self.assertEqual((shown["result"], shown["done_on"]), ("done", "2099-05-04 01:00:00"))

    def test_current_period_is_the_employee_day(self):
        """At 20:00 UTC on Sunday it is Monday in Beijing: the Beijing consultant's current
        daily checklist is Monday's, the UTC one's Sunday's, whatever the browser's date."""
        sunday = FUTURE_MONDAY - timedelta(days=1)
        employees = self.consultant | self.utc_consultant
        checklists = self.generate(employees=employees, on_date=sunday, period_types=["daily"])
        checklists |= self.generate(employees=employees, on_date=FUTURE_MONDAY, period_types=["daily"])
        with freeze_time(datetime(2099, 5, 3, 20, 0)):
            current = self.Checklist.search([("id", "in", checklists.ids), ("is_current", "=", True)])
            self.assertEqual(
                {(c.employee_id, c.period_start) for c in current},
                {(self.consultant, FUTURE_MONDAY), (self.utc_consultant, sunday)},
            )
            self.assertEqual(current.mapped("is_current"), [True, True])
            others = self.Checklist.search([("id", "in", checklists.ids), ("is_current", "=", False)])
            self.assertEqual(others, checklists - current)
            mine = self.Checklist.with_user(self.consultant_user).search([("is_current", "=", True)])
            self.assertEqual(mine.period_start, FUTURE_MONDAY)
        search = self.env.ref("dealer_org.dealer_org_checklist_view_search").arch
        self.assertIn("('is_current', '=', True)", search)
        self.assertNotIn("context_today", search.split('name="filter_current"')[1].split("/>")[0])

    def test_rates_are_one_query(self):
        self.generate(on_date=PAST_MONDAY, period_types=["daily"])
        self.env.flush_all()
        with self.assertQueryCount(1):
            counts = self.Checklist._get_completion_counts(self.staff, PAST_MONDAY, PAST_MONDAY)
        self.assertEqual(set(counts), set(self.staff.ids))

    def test_upgrade_sends_unconfirmed_not_applicable_to_confirmation(self):
        checklist = self.daily(self.consultant, PAST_MONDAY)
        first, second = checklist.line_ids
        self.env.flush_all()
        # As 18.0.1.1.0 left them: a late tick without on-time flag, a N/A nobody confirmed.
        self.env.cr.execute(
            """UPDATE dealer_org_checklist_line SET result = 'done', on_time = NULL,
                      done_on = '2024-05-07 01:00:00' WHERE id = %s""",
            [first.id],
        )
        self.env.cr.execute(
            """UPDATE dealer_org_checklist_line SET result = 'not_applicable', completion = 100,
                      note = 'Closed', on_time = NULL WHERE id = %s""",
            [second.id],
        )
        self.env["dealer_org.checklist.line"]._upgrade_completion_rules()
        self.env.invalidate_all()
        self.assertEqual((first.result, first.on_time), ("done", False), "ticked the next day in Beijing")
        self.assertEqual(
            (second.result, second.na_reason, second.completion), ("na_requested", "Closed", 0.0)
        )
        self.assertEqual((checklist.completed_count, checklist.state), (1, "open"))
        Completion = self.env["dealer_org.checklist.completion"]
        row = Completion.search(
            [("employee_id", "=", self.consultant.id), ("month", "=", PAST_MONDAY.replace(day=1))]
        )
        self.assertEqual((row.completed_lines, row.on_time_lines), (1, 0))

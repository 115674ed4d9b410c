from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from .checklist_common import FUTURE_MONDAY, PAST_MONDAY, ChecklistCase


class TestChecklistGeneration(ChecklistCase):
    def test_every_period_type_with_its_deadline(self):
        checklists = self.generate(employees=self.consultant, on_date=PAST_MONDAY)
        self.assertEqual(
            sorted(checklists.mapped("period_type")), ["daily", "monthly", "quarterly", "weekly", "yearly"]
        )
        daily = self.checklist(checklists, self.consultant, "daily")
        self.assertEqual((daily.period_start, daily.period_end, daily.deadline), (PAST_MONDAY,) * 3)
        self.assertEqual(daily.line_ids.duty_id, self.duty_daily | self.duty_daily_2)
        weekly = self.checklist(checklists, self.consultant, "weekly")
        self.assertEqual((weekly.period_start, weekly.period_end), (PAST_MONDAY, date(2024, 5, 12)))
        self.assertEqual(weekly.line_ids.deadline, date(2024, 5, 10))  # the Friday
        monthly = self.checklist(checklists, self.consultant, "monthly")
        self.assertEqual((monthly.period_start, monthly.period_end), (date(2024, 5, 1), date(2024, 5, 31)))
        self.assertEqual(monthly.line_ids.deadline, date(2024, 5, 5))  # 每月5日
        self.assertEqual(monthly.deadline, date(2024, 5, 5))
        quarterly = self.checklist(checklists, self.consultant, "quarterly")
        self.assertEqual(
            (quarterly.period_start, quarterly.line_ids.deadline), (date(2024, 4, 1), date(2024, 5, 10))
        )
        yearly = self.checklist(checklists, self.consultant, "yearly")
        self.assertEqual(yearly.line_ids.deadline, date(2024, 12, 31))
        self.assertEqual(
            (daily.job_id, daily.department_id, daily.company_id),
            (self.job, self.department, self.consultant.company_id),
        )

    def test_general_and_event_duties_are_not_checklist_items(self):
        self.assertFalse(self.duty_general.checklist_item)
        self.assertFalse(self.duty_event.checklist_item)
        self.assertTrue(self.duty_daily.checklist_item)
        checklists = self.generate(employees=self.consultant, on_date=PAST_MONDAY)
        self.assertFalse(checklists.line_ids.duty_id & (self.duty_general | self.duty_event))

    def test_unticked_recurring_duty_is_left_out(self):
        self.duty_daily_2.checklist_item = False
        daily = self.checklist(
            self.generate(employees=self.consultant, on_date=PAST_MONDAY), self.consultant, "daily"
        )
        self.assertEqual(daily.line_ids.duty_id, self.duty_daily)

    def test_lines_keep_the_duty_text_in_every_language(self):
        daily = self.checklist(
            self.generate(employees=self.consultant, on_date=PAST_MONDAY), self.consultant, "daily"
        )
        line = daily.line_ids.filtered(lambda line: line.duty_id == self.duty_daily)
        self.assertEqual(self.zh(line).name, "参加晨会、夕会")
        self.assertEqual(self.en(line).name, "Attend the morning meeting")
        self.duty_daily.name = "Edited later by HR"
        line.invalidate_recordset()
        self.assertEqual(self.en(line).name, "Attend the morning meeting")

    def test_running_twice_creates_nothing_new(self):
        first = self.generate(on_date=PAST_MONDAY)
        self.assertEqual(len(first), 4 * 5)
        count = self.Checklist.search_count([("employee_id", "in", self.staff.ids)])
        self.assertFalse(self.generate(on_date=PAST_MONDAY))
        now = datetime(2024, 5, 6, 3, 0)
        self.assertFalse(self.generate(now=now))
        self.assertEqual(self.Checklist.search_count([("employee_id", "in", self.staff.ids)]), count)
        self.assertEqual(
            self.env["dealer_org.checklist.line"].search_count([("employee_id", "in", self.staff.ids)]),
            4 * 6,
        )

    def test_concurrent_generation_skips_what_another_run_created(self):
        existing = self.generate(employees=self.consultant, on_date=PAST_MONDAY, period_types=["daily"])
        vals = {
            "employee_id": self.consultant.id,
            "company_id": self.consultant.company_id.id,
            "period_type": "daily",
            "period_end": PAST_MONDAY,
            "deadline": PAST_MONDAY,
        }
        # As if another transaction had committed the first one meanwhile.
        created = self.Checklist.sudo()._create_missing(
            [dict(vals, period_start=PAST_MONDAY), dict(vals, period_start=PAST_MONDAY, period_type="weekly")]
        )
        self.assertEqual(created.period_type, "weekly")
        self.assertEqual(
            self.Checklist.search([("employee_id", "=", self.consultant.id), ("period_type", "=", "daily")]),
            existing,
        )

    def test_day_is_the_employees_day(self):
        # 16:30 UTC on Sunday 5 May 2024: already Monday 6 May in China
        checklists = self.generate(now=datetime(2024, 5, 5, 16, 30), period_types=["daily"])
        self.assertEqual(self.checklist(checklists, self.consultant, "daily").period_start, PAST_MONDAY)
        self.assertEqual(
            self.checklist(checklists, self.utc_consultant, "daily").period_start, date(2024, 5, 5)
        )

    def test_first_run_creates_the_current_periods_only(self):
        checklists = self.generate(employees=self.consultant, now=datetime(2024, 5, 8, 2, 0))
        self.assertEqual(
            sorted((c.period_type, c.period_start) for c in checklists),
            [
                ("daily", date(2024, 5, 8)),
                ("monthly", date(2024, 5, 1)),
                ("quarterly", date(2024, 4, 1)),
                ("weekly", PAST_MONDAY),
                ("yearly", date(2024, 1, 1)),
            ],
        )

    def test_catch_up_after_downtime_is_bounded(self):
        self.consultant.company_id.checklist_catch_up_periods = 2
        self.generate(employees=self.consultant, on_date=date(2024, 3, 4))
        # down for two months: back on Wednesday 8 May
        checklists = self.generate(employees=self.consultant, now=datetime(2024, 5, 8, 2, 0))
        by_type = {}
        for checklist in checklists:
            by_type.setdefault(checklist.period_type, []).append(checklist.period_start)
        self.assertEqual(by_type["daily"], [date(2024, 5, 6), date(2024, 5, 7), date(2024, 5, 8)])
        self.assertEqual(by_type["weekly"], [date(2024, 4, 22), date(2024, 4, 29), PAST_MONDAY])
        self.assertEqual(by_type["monthly"], [date(2024, 4, 1), date(2024, 5, 1)])
        self.assertEqual(by_type["quarterly"], [date(2024, 4, 1)])
        self.assertNotIn("yearly", by_type)

    def test_catch_up_bound_is_validated(self):
        with self.assertRaises(ValidationError):
            self.consultant.company_id.checklist_catch_up_periods = -1

    def test_skips_archived_jobless_and_duty_less_employees(self):
        archived = self.env["hr.employee"].create({"name": "Gone", "job_id": self.job.id, "active": False})
        jobless = self.env["hr.employee"].create({"name": "No Job"})
        cleaner = self.env["hr.employee"].create({"name": "Cleaner", "job_id": self.plain_job.id})
        checklists = self.generate(
            employees=archived | jobless | cleaner | self.consultant, on_date=PAST_MONDAY
        )
        self.assertEqual(checklists.employee_id, self.consultant)

    def test_generation_of_one_period_type(self):
        checklists = self.generate(on_date=PAST_MONDAY, period_types=["monthly"])
        self.assertEqual(set(checklists.mapped("period_type")), {"monthly"})
        self.assertEqual(checklists.employee_id, self.staff)


class TestChecklistDutySettings(ChecklistCase):
    def test_checklist_item_needs_a_recurring_period(self):
        with self.assertRaises(ValidationError):
            self.duty_general.checklist_item = True

    def test_month_in_period_fits_the_period(self):
        with self.assertRaises(ValidationError):
            self.duty_quarterly.period_month = 4
        with self.assertRaises(ValidationError):
            self.duty_monthly.period_month = 1
        self.duty_yearly.write({"period_month": 12, "month_day": 20})
        yearly = self.checklist(
            self.generate(employees=self.consultant, on_date=PAST_MONDAY, period_types=["yearly"]),
            self.consultant,
            "yearly",
        )
        self.assertEqual(yearly.deadline, date(2024, 12, 20))

    def test_checklists_speak_chinese(self):
        self.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        self.assertEqual(self.zh(self.env.ref("dealer_org.dealer_org_checklist_menu_my")).name, "我的清单")
        field = self.env["ir.model.fields"]._get("dealer_org.job.duty", "checklist_item")
        self.assertEqual(field.with_context(lang="zh_CN").field_description, "清单项")
        daily = self.checklist(
            self.generate(employees=self.consultant, on_date=PAST_MONDAY, period_types=["daily"]),
            self.consultant,
            "daily",
        )
        self.assertEqual(self.zh(daily).display_name, "Consultant One – 每日 2024-05-06")
        view = self.env["dealer_org.checklist"].with_context(lang="zh_CN").get_view(view_type="form")
        self.assertIn("标记为已审阅", view["arch"])

    def test_a_duty_leaving_its_period_leaves_the_checklists(self):
        self.duty_daily_2.period = "none"
        self.assertFalse(self.duty_daily_2.checklist_item)


class TestChecklistCompletion(ChecklistCase):
    def test_completion_maths_and_states(self):
        daily = self.checklist(
            self.generate(employees=self.consultant, on_date=FUTURE_MONDAY, period_types=["daily"]),
            self.consultant,
            "daily",
        )
        self.assertEqual((daily.state, daily.completion_rate), ("open", 0.0))
        first, second = daily.line_ids
        first.with_user(self.consultant_user).action_mark_done()
        self.assertEqual((daily.state, daily.completed_count, daily.completion_rate), ("open", 1, 50.0))
        self.assertEqual(first.done_by_id, self.consultant_user)
        self.assertTrue(first.done_on)
        second.with_user(self.consultant_user).write(
            {"result": "not_applicable", "na_reason": "Car at the paint shop"}
        )
        # A request counts as not completed until the manager confirms it.
        self.assertEqual((second.result, daily.state, daily.completion_rate), ("na_requested", "open", 50.0))
        second.with_user(self.supervisor_user).action_confirm_not_applicable()
        self.assertEqual((second.result, second.na_confirmed_by_id), ("not_applicable", self.supervisor_user))
        self.assertEqual((daily.state, daily.completion_rate, daily.on_time_rate), ("done", 100.0, 100.0))

    def test_completion_rates_per_employee_over_a_range(self):
        self.generate(on_date=PAST_MONDAY, period_types=["daily"])
        self.generate(on_date=PAST_MONDAY + timedelta(days=1), period_types=["daily"])
        lines = self.env["dealer_org.checklist.line"].search([("employee_id", "=", self.consultant.id)])
        self.assertEqual(len(lines), 4)
        lines[:1].result = "done"  # ticked today, long after its deadline: late
        lines[1:2].result = "not_applicable"  # confirmed (superuser): on time
        rates = self.Checklist._get_completion_rates(
            self.staff, PAST_MONDAY, PAST_MONDAY + timedelta(days=1), rate="completion"
        )
        self.assertEqual(rates[self.consultant.id], 50.0)
        on_time = self.Checklist._get_completion_rates(
            self.staff, PAST_MONDAY, PAST_MONDAY + timedelta(days=1)
        )
        self.assertEqual(on_time[self.consultant.id], 25.0, "the KPI reads the on-time rate")
        self.assertEqual(rates[self.consultant2.id], 0.0)
        self.assertEqual(set(rates), set(self.staff.ids))
        # a range without due lines leaves the employees out
        self.assertEqual(
            self.Checklist._get_completion_rates(self.staff, date(2023, 1, 1), date(2023, 1, 31)), {}
        )
        # the same count through the employee form's button, for HR
        self.assertEqual(self.consultant.checklist_count, 2)

    def test_overdue_when_a_line_is_past_its_deadline(self):
        checklists = self.generate(employees=self.consultant, on_date=PAST_MONDAY)
        # not on the day they are generated (test_checklist_fair), but from the next day on
        self.assertEqual(set(checklists.mapped("state")), {"open"})
        self.age(checklists)
        self.Checklist._update_overdue(employees=self.consultant)
        self.assertEqual(set(checklists.mapped("state")), {"overdue"})
        daily = self.checklist(checklists, self.consultant, "daily")
        daily.line_ids.write({"result": "done"})
        self.assertEqual(daily.state, "done")

    def test_done_checklist_is_locked_except_for_hr(self):
        daily = self.checklist(
            self.generate(employees=self.consultant, on_date=FUTURE_MONDAY, period_types=["daily"]),
            self.consultant,
            "daily",
        )
        lines = daily.line_ids.with_user(self.consultant_user)
        lines.action_mark_done()
        self.assertEqual(daily.state, "done")
        self.assertTrue(daily.with_user(self.consultant_user).is_locked)
        with self.assertRaises(UserError):
            lines[0].action_reset()
        with self.assertRaises(UserError):
            lines[0].write({"note": "late note"})
        self.assertEqual(daily.line_ids[0].result, "done")
        hr_line = daily.line_ids[0].with_user(self.hr_officer)
        self.assertFalse(daily.with_user(self.hr_officer).is_locked)
        hr_line.action_reset()
        self.assertEqual((daily.state, hr_line.done_by_id.id), ("open", False))

    def test_employee_changes_only_result_and_note(self):
        daily = self.checklist(
            self.generate(employees=self.consultant, on_date=FUTURE_MONDAY, period_types=["daily"]),
            self.consultant,
            "daily",
        )
        line = daily.line_ids[0].with_user(self.consultant_user)
        with self.assertRaises(AccessError):
            line.write({"deadline": FUTURE_MONDAY + timedelta(days=30)})
        with self.assertRaises(AccessError):
            daily.with_user(self.consultant_user).write({"deadline": FUTURE_MONDAY + timedelta(days=30)})
        # ticking through the form: the checklist's lines are written through it
        daily.with_user(self.consultant_user).write(
            {"line_ids": [Command.update(line.id, {"result": "done", "note": "Done before nine"})]}
        )
        self.assertEqual((line.result, line.note), ("done", "Done before nine"))


class TestChecklistOverdueActivity(ChecklistCase):
    def activities(self, checklists):
        return self.env["mail.activity"].search(
            [("res_model", "=", "dealer_org.checklist"), ("res_id", "in", checklists.ids)]
        )

    def test_overdue_checklist_raises_an_activity_once(self):
        self.consultant.company_id.write(
            {"checklist_overdue_activity": True, "checklist_notify_manager": False}
        )
        checklists = self.generate(employees=self.consultant, on_date=PAST_MONDAY, period_types=["daily"])
        self.age(checklists)
        notified = self.Checklist._update_overdue()
        self.assertIn(checklists, notified)
        activity = self.activities(checklists)
        self.assertEqual(activity.user_id, self.consultant_user)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("dealer_org.mail_activity_type_checklist_overdue")
        )
        self.Checklist._update_overdue()
        self.assertEqual(self.activities(checklists), activity)
        # completing the checklist closes the activity
        checklists.line_ids.with_user(self.consultant_user).action_mark_done()
        self.assertFalse(self.activities(checklists))

    def test_manager_is_notified_when_configured(self):
        self.consultant.company_id.write(
            {"checklist_overdue_activity": True, "checklist_notify_manager": True}
        )
        checklists = self.generate(employees=self.consultant, on_date=PAST_MONDAY, period_types=["daily"])
        self.age(checklists)
        self.Checklist._update_overdue()
        self.assertEqual(self.activities(checklists).user_id, self.consultant_user | self.supervisor_user)

    def test_no_activity_when_disabled(self):
        self.consultant.company_id.checklist_overdue_activity = False
        checklists = self.generate(employees=self.consultant, on_date=PAST_MONDAY, period_types=["daily"])
        self.Checklist._update_overdue()
        self.assertFalse(self.activities(checklists))

    def test_open_checklist_turns_overdue_when_its_deadline_passes(self):
        daily = self.checklist(
            self.generate(employees=self.consultant, on_date=FUTURE_MONDAY, period_types=["daily"]),
            self.consultant,
            "daily",
        )
        self.assertEqual(daily.state, "open")
        # the days pass: the deadline is behind us, nothing was written
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dealer_org_checklist_line SET deadline = %s WHERE checklist_id = %s",
            [PAST_MONDAY, daily.id],
        )
        self.age(daily)
        self.env.invalidate_all()
        self.assertEqual(daily.state, "open")
        notified = self.Checklist._update_overdue()
        self.assertEqual(daily.state, "overdue")
        self.assertIn(daily, notified)
        self.assertEqual(self.activities(daily).user_id, self.consultant_user)


class TestChecklistWizard(ChecklistCase):
    def run_wizard(self, **vals):
        wizard = self.env["dealer_org.checklist.generate"].with_user(self.hr_officer).create(vals)
        return wizard.action_generate()["params"]

    def test_job_without_recurring_duties_is_a_clear_no_op(self):
        params = self.run_wizard(job_ids=[Command.set(self.plain_job.ids)], date=PAST_MONDAY)
        self.assertEqual(params["type"], "warning")
        self.assertIn("no job with recurring duties", params["message"])

    def test_generates_then_says_nothing_more_to_do(self):
        params = self.run_wizard(employee_ids=[Command.set(self.consultant.ids)], date=PAST_MONDAY)
        self.assertEqual(params["type"], "success")
        self.assertEqual(self.Checklist.search_count([("employee_id", "=", self.consultant.id)]), 5)
        params = self.run_wizard(employee_ids=[Command.set(self.consultant.ids)], date=PAST_MONDAY)
        self.assertEqual(params["type"], "info")

    def test_defaults_from_selected_employees(self):
        wizard = (
            self.env["dealer_org.checklist.generate"]
            .with_user(self.hr_officer)
            .with_context(active_model="hr.employee", active_ids=self.consultant.ids)
            .create({"period_type": "daily", "date": PAST_MONDAY})
        )
        self.assertEqual(wizard.employee_ids, self.consultant)
        wizard.action_generate()
        self.assertEqual(
            self.Checklist.search([("employee_id", "=", self.consultant.id)]).mapped("period_type"), ["daily"]
        )

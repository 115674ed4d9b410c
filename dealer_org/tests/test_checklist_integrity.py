"""Checklist completion cannot be forged: it feeds the KPI "checklist completion" that payroll
pays from. Who may write what on checklists and their lines (an employee ticks the result and
note of lines of their own open checklists, nothing else; HR manages the rest, but nobody
writes the progress, the review or the lines' employee and company by hand, nor moves a line
to another checklist), every duty schedule and checklist value is validated where it is
stored, and a duty the database holds with an impossible schedule is left out of the
generation instead of stopping it for everyone."""

import math
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.dealer_org.tools.duty_schedule import parse_schedule

from .checklist_common import FUTURE_MONDAY, ChecklistCase


class ChecklistIntegrityCase(ChecklistCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checklists = cls.Checklist._generate_checklists(
            employees=cls.staff, on_date=FUTURE_MONDAY, period_types=["daily", "weekly"]
        )

    def of(self, employee, period_type="daily"):
        return self.checklists.filtered(lambda c: c.employee_id == employee and c.period_type == period_type)

    def snapshot(self, records, names):
        records.invalidate_recordset()
        return records.read(names)

    def assert_refused(self, records, vals, error=AccessError):
        """``records.write(vals)`` is refused and changes nothing."""
        names = [name for name in vals if name in records._fields and name != "line_ids"] or ["write_date"]
        before = self.snapshot(records.sudo(), names)
        with self.assertRaises(error), self.env.cr.savepoint():
            records.write(vals)
        self.assertEqual(self.snapshot(records.sudo(), names), before, f"{vals} changed something")


class TestChecklistFieldsOfEmployees(ChecklistIntegrityCase):
    def test_employee_ticks_result_and_note_of_own_lines_only(self):
        line = self.of(self.consultant).line_ids[0].with_user(self.consultant_user)
        line.write({"result": "done", "note": "Before nine"})
        self.assertEqual(
            (line.result, line.note, line.done_by_id), ("done", "Before nine", self.consultant_user)
        )
        for vals in (
            {"deadline": FUTURE_MONDAY + timedelta(days=30)},
            {"name": "Something easier"},
            {"duty_id": self.duty_daily_2.id},
            {"sequence": 99},
            {"employee_id": self.consultant2.id},
            {"company_id": self.main_company.id},
            {"job_id": self.plain_job.id},
            {"department_id": False},
            {"period_start": FUTURE_MONDAY + timedelta(days=1)},
            {"completion": 100.0},
            {"done_by_id": self.supervisor_user.id},
            {"done_on": "2099-01-01 00:00:00"},
        ):
            self.assert_refused(line, vals)

    def test_employee_cannot_touch_the_checklist_itself(self):
        checklist = self.of(self.consultant).with_user(self.consultant_user)
        for vals in (
            {"completion_rate": 100.0},
            {"state": "done"},
            {"line_count": 0},
            {"completed_count": 2},
            {"reviewed_by_id": self.supervisor_user.id},
            {"overdue_notified": True},
            {"deadline": FUTURE_MONDAY + timedelta(days=30)},
            {"employee_id": self.consultant2.id},
        ):
            self.assert_refused(checklist, vals)

    def test_someone_elses_lines_even_through_ones_own_checklist(self):
        own = self.of(self.consultant).with_user(self.consultant_user)
        foreign = self.of(self.consultant2).line_ids[0]
        self.assert_refused(foreign.with_user(self.consultant_user), {"result": "done"})
        self.assert_refused(own, {"line_ids": [Command.update(foreign.id, {"result": "done"})]})
        self.assertEqual(foreign.result, "open")
        # nor add or remove lines
        self.assert_refused(
            own, {"line_ids": [Command.create({"name": "Easy one", "deadline": FUTURE_MONDAY})]}
        )
        self.assert_refused(own, {"line_ids": [Command.delete(own.line_ids[0].id)]})
        self.assert_refused(own, {"line_ids": [Command.link(foreign.id)]})
        self.assertEqual(len(own.line_ids), 2)
        self.assertEqual(foreign.checklist_id, self.of(self.consultant2))

    def test_manager_reads_but_does_not_tick_the_team(self):
        team_line = self.of(self.consultant).line_ids[0].with_user(self.supervisor_user)
        self.assert_refused(team_line, {"result": "done"})
        self.assert_refused(
            team_line.checklist_id, {"line_ids": [Command.update(team_line.id, {"note": "x"})]}
        )

    def test_done_checklist_is_locked_for_the_employee(self):
        checklist = self.of(self.consultant)
        checklist.line_ids.with_user(self.consultant_user).action_mark_done()
        self.assertEqual((checklist.state, checklist.completion_rate), ("done", 100.0))
        lines = checklist.line_ids.with_user(self.consultant_user)
        self.assert_refused(lines[0], {"result": "open"}, UserError)
        self.assert_refused(lines[0], {"note": "late note"}, UserError)
        self.assert_refused(
            checklist.with_user(self.consultant_user),
            {"line_ids": [Command.update(lines[0].id, {"result": "open"})]},
            UserError,
        )

    def test_bad_values_are_refused(self):
        line = self.of(self.consultant).line_ids[0].with_user(self.consultant_user)
        self.assert_refused(line, {"result": "forged"}, ValidationError)
        self.assert_refused(line, {"note": "x" * 20001}, ValidationError)
        self.assert_refused(line, {"note": 12}, ValidationError)

    def test_plain_employees_cannot_create_or_delete(self):
        with self.assertRaises(AccessError):
            self.env["dealer_org.checklist.line"].with_user(self.consultant_user).create(
                {"checklist_id": self.of(self.consultant).id, "name": "Mine", "deadline": FUTURE_MONDAY}
            )
        with self.assertRaises(AccessError):
            self.of(self.consultant).line_ids[0].with_user(self.consultant_user).unlink()


class TestChecklistFieldsOfHr(ChecklistIntegrityCase):
    def test_hr_cannot_fake_the_progress_or_the_review(self):
        checklist = self.of(self.consultant).with_user(self.hr_officer)
        for vals in (
            {"completion_rate": 100.0},
            {"completion_rate": math.nan},
            {"state": "done"},
            {"line_count": 0},
            {"completed_count": 2},
            {"reviewed_by_id": self.hr_officer.id},
            {"reviewed_on": "2099-05-04 10:00:00"},
            {"overdue_notified": True},
        ):
            self.assert_refused(checklist, vals)
        self.assertEqual((checklist.state, checklist.completion_rate), ("open", 0.0))

    def test_hr_cannot_move_a_checklist_to_another_employee_or_period(self):
        checklist = self.of(self.consultant).with_user(self.hr_officer)
        for vals in (
            {"employee_id": self.consultant2.id},
            {"company_id": self.main_company.id},
            {"period_type": "monthly"},
            {"period_start": FUTURE_MONDAY + timedelta(days=7)},
            {"period_end": FUTURE_MONDAY + timedelta(days=7)},
        ):
            self.assert_refused(checklist, vals)

    def test_hr_manages_deadlines_texts_and_results(self):
        checklist = self.of(self.consultant).with_user(self.hr_officer)
        checklist.deadline = FUTURE_MONDAY + timedelta(days=1)
        line = checklist.line_ids[0]
        line.write({"name": "Attend the meeting at nine", "deadline": FUTURE_MONDAY + timedelta(days=1)})
        line.write({"result": "not_applicable", "na_reason": "Closed for the holiday"})
        self.assertEqual((line.done_by_id, checklist.completion_rate), (self.hr_officer, 50.0))
        self.assert_refused(checklist, {"deadline": date(1, 1, 1)}, ValidationError)
        self.assert_refused(line, {"deadline": "2201-01-01"}, ValidationError)

    def test_hr_cannot_write_what_the_line_derives(self):
        line = self.of(self.consultant).line_ids[0].with_user(self.hr_officer)
        for vals in (
            {"completion": 100.0},
            {"employee_id": self.consultant2.id},
            {"company_id": False},
            {"job_id": self.plain_job.id},
            {"department_id": False},
            {"period_type": "weekly"},
            {"period_start": FUTURE_MONDAY + timedelta(days=1)},
            {"done_by_id": self.consultant_user.id},
            {"done_on": "2099-05-04 10:00:00"},
        ):
            self.assert_refused(line, vals)
        rates = self.Checklist._get_completion_rates(self.consultant2, FUTURE_MONDAY, FUTURE_MONDAY)
        self.assertEqual(rates, {self.consultant2.id: 0.0})

    def test_nobody_moves_a_line_to_another_checklist(self):
        line = self.of(self.consultant).line_ids[0]
        other = self.of(self.consultant2)
        own_weekly = self.of(self.consultant, "weekly")
        line.with_user(self.consultant_user).action_mark_done()
        for user, target in (
            (self.hr_officer, other),
            (self.hr_officer, own_weekly),
            (self.consultant_user, own_weekly),
        ):
            self.assert_refused(line.with_user(user), {"checklist_id": target.id}, UserError)
            self.assert_refused(target.with_user(user), {"line_ids": [Command.link(line.id)]}, UserError)
            self.assert_refused(target.with_user(user), {"line_ids": [Command.set(line.ids)]}, UserError)
        self.assertEqual(line.checklist_id, self.of(self.consultant))
        self.assertEqual(other.completion_rate, 0.0)
        # writing the checklist it is on changes nothing and is accepted
        line.with_user(self.hr_officer).write({"checklist_id": line.checklist_id.id, "note": "ok"})
        self.assertEqual(line.note, "ok")

    def test_hr_cannot_create_checklists_or_lines_with_forged_progress(self):
        Checklist = self.Checklist.with_user(self.hr_officer)
        base = {
            "employee_id": self.consultant.id,
            "period_type": "monthly",
            "period_start": date(2099, 5, 1),
            "period_end": date(2099, 5, 31),
            "deadline": date(2099, 5, 31),
        }
        for forged in (
            {"state": "done"},
            {"completion_rate": 100.0},
            {"line_count": 3},
            {"reviewed_by_id": 1},
        ):
            with self.assertRaises(AccessError):
                Checklist.create(dict(base, **forged))
        Line = self.env["dealer_org.checklist.line"].with_user(self.hr_officer)
        line = {"checklist_id": self.of(self.consultant).id, "name": "Extra", "deadline": FUTURE_MONDAY}
        for forged in (
            {"completion": 100.0},
            {"employee_id": self.consultant2.id},
            {"done_by_id": self.consultant_user.id},
        ):
            with self.assertRaises(AccessError):
                Line.create(dict(line, **forged))
        self.assertEqual(len(self.of(self.consultant).line_ids), 2)
        # without forged values, created with their true progress
        created = Checklist.create(
            dict(
                base,
                line_ids=[Command.create({"name": "Extra", "deadline": base["deadline"], "result": "done"})],
            )
        )
        self.assertEqual((created.state, created.completion_rate, created.line_count), ("done", 100.0, 1))
        self.assertEqual(created.line_ids.done_by_id, self.hr_officer)

    def test_hr_of_another_group_cannot_touch_nor_link_across(self):
        other_company = self.env["res.company"].create({"name": "Checklist Integrity Other"})
        other_officer = new_test_user(
            self.env,
            "cl_integrity_other_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        line = self.of(self.consultant).line_ids[0]
        self.assert_refused(line.with_user(other_officer), {"result": "done"})
        self.assert_refused(self.of(self.consultant).with_user(other_officer), {"deadline": FUTURE_MONDAY})
        other_job = self.env["hr.job"].create(
            {
                "name": "Integrity Other Job",
                "company_id": other_company.id,
                "duty_ids": [Command.create({"name": "Other duty", "period": "daily"})],
            }
        )
        # a duty of another company on a line of this one
        self.assert_refused(line.with_user(self.hr_officer), {"duty_id": other_job.duty_ids.id}, UserError)
        self.assert_refused(
            self.of(self.consultant).with_user(self.hr_officer), {"job_id": other_job.id}, UserError
        )


class TestChecklistDutyValidation(ChecklistCase):
    def test_schedule_values_out_of_range_are_refused(self):
        for vals in (
            {"deadline_days": 3_000_000},
            {"deadline_days": 367},
            {"deadline_days": -1},
            {"month_day": 32},
            {"period_month": 13},
            {"weekday": "9"},
            {"period": "hourly"},
            {"deadline_days": math.inf},
            {"deadline_days": 2**40},
        ):
            with self.assertRaises(ValidationError, msg=str(vals)), self.env.cr.savepoint():
                self.duty_weekly.write(vals)
        self.assertEqual((self.duty_weekly.deadline_days, self.duty_weekly.weekday), (0, "4"))

    def test_schedule_must_fit_the_period(self):
        for duty, vals in (
            (self.duty_daily, {"weekday": "1"}),
            (self.duty_daily, {"month_day": 5}),
            (self.duty_monthly, {"period_month": 2}),
            (self.duty_quarterly, {"period_month": 4}),
            (self.duty_general, {"checklist_item": True}),
        ):
            with self.assertRaises(ValidationError, msg=str(vals)), self.env.cr.savepoint():
                duty.write(vals)

    def test_a_year_of_deadline_is_accepted(self):
        self.duty_yearly.deadline_days = 366
        yearly = self.checklist(
            self.generate(employees=self.consultant, on_date=FUTURE_MONDAY, period_types=["yearly"]),
            self.consultant,
            "yearly",
        )
        self.assertEqual(yearly.deadline, date(2100, 1, 2))

    def test_a_stated_absurd_deadline_is_not_read_from_the_text(self):
        self.assertEqual(parse_schedule("每日巡检，3000000日内完成").within_days, None)
        self.assertEqual(parse_schedule("每日巡检，3日内完成").within_days, 3)
        duty = self.env["dealer_org.job.duty"].new(
            {"job_id": self.job.id, "name": "车辆交接后3000000日内回访"}
        )
        duty._onchange_name()
        self.assertFalse(duty.deadline_days)


class TestChecklistGenerationWithBadDuties(ChecklistCase):
    """Whatever the database holds (SQL, imports, an older version), one bad duty does not
    stop the generation for everyone: it is left out with a warning naming it."""

    def corrupt(self, duty, column, value):
        self.env.flush_all()
        self.env.cr.execute(f"UPDATE dealer_org_job_duty SET {column} = %s WHERE id = %s", [value, duty.id])
        self.env.invalidate_all()

    def test_bad_duties_are_left_out_and_the_rest_generated(self):
        self.corrupt(self.duty_daily_2, "deadline_days", 3_000_000)
        self.corrupt(self.duty_weekly, "weekday", "x")
        self.corrupt(self.duty_monthly, "deadline_days", 2**31 - 1)
        with self.assertLogs("odoo.addons.dealer_org.models.dealer_org_checklist", "WARNING") as logs:
            checklists = self.generate(on_date=FUTURE_MONDAY)
        warnings = "\n".join(logs.output)
        for duty in (self.duty_daily_2, self.duty_weekly, self.duty_monthly):
            self.assertIn(f"duty {duty.id} of job {self.job.id}", warnings)
        self.assertEqual(checklists.employee_id, self.staff)
        daily = self.checklist(checklists, self.consultant, "daily")
        self.assertEqual(daily.line_ids.duty_id, self.duty_daily)
        self.assertEqual((daily.line_count, daily.deadline), (1, FUTURE_MONDAY))
        # the job's weekly and monthly checklists had only the bad duty: none is made
        self.assertEqual(sorted(set(checklists.mapped("period_type"))), ["daily", "quarterly", "yearly"])

    def test_bad_duty_of_one_company_does_not_stop_another(self):
        other_company = self.env["res.company"].create({"name": "Checklist Bad Duty Group"})
        other_job = self.env["hr.job"].create(
            {
                "name": "Bad Duty Job",
                "company_id": other_company.id,
                "duty_ids": [Command.create({"name": "Bad duty", "period": "daily"})],
            }
        )
        other = self.env["hr.employee"].create(
            {"name": "Bad Duty Holder", "company_id": other_company.id, "job_id": other_job.id}
        )
        self.corrupt(other_job.duty_ids, "deadline_days", 3_000_000)
        with self.assertLogs("odoo.addons.dealer_org.models.dealer_org_checklist", "WARNING"):
            checklists = self.generate(
                employees=self.staff | other, on_date=FUTURE_MONDAY, period_types=["daily"]
            )
        self.assertEqual(checklists.employee_id, self.staff)

    def test_cron_survives_a_bad_duty(self):
        self.corrupt(self.duty_daily, "weekday", "9")
        with self.assertLogs("odoo.addons.dealer_org.models.dealer_org_checklist", "WARNING"):
            self.Checklist._cron_generate(employees=self.staff)
        self.assertEqual(
            set(self.Checklist.search([("employee_id", "=", self.consultant.id)]).mapped("period_type")),
            {"daily", "weekly", "monthly", "quarterly", "yearly"},
        )

    def test_a_deadline_beyond_storable_dates_leaves_the_duty_out(self):
        self.duty_yearly.deadline_days = 366
        with self.assertLogs("odoo.addons.dealer_org.models.dealer_org_checklist", "WARNING") as logs:
            checklists = self.generate(employees=self.consultant, on_date=date(2200, 12, 30))
        self.assertIn(f"duty {self.duty_yearly.id}", "\n".join(logs.output))
        self.assertNotIn("yearly", checklists.mapped("period_type"))
        self.assertIn("daily", checklists.mapped("period_type"))


class TestJobDetailsStayInTheirCompany(ChecklistCase):
    """Duties, qualifications and department functions belong to their job's or department's
    company: HR of one company cannot move them to (or create them on) another's."""

    def test_cannot_move_or_create_across_companies(self):
        other_company = self.env["res.company"].create({"name": "Checklist Details Other"})
        other_job = self.env["hr.job"].create({"name": "Details Other Job", "company_id": other_company.id})
        other_department = self.env["hr.department"].create(
            {"name": "Details Other Department", "company_id": other_company.id}
        )
        qualification = self.env["dealer_org.job.qualification"].create(
            {"job_id": self.job.id, "name": "Licence"}
        )
        function = self.env["dealer_org.department.function"].create(
            {"department_id": self.department.id, "name": "Sell cars"}
        )
        for record, field, target in (
            (self.duty_daily, "job_id", other_job),
            (qualification, "job_id", other_job),
            (function, "department_id", other_department),
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                record.with_user(self.hr_officer).write({field: target.id})
            self.assertNotEqual(record[field], target)
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                record.with_user(self.hr_officer).copy({field: target.id})
        # within the user's companies it works
        self.duty_daily.with_user(self.hr_officer).write({"job_id": self.plain_job.id})
        self.assertEqual(self.duty_daily.job_id, self.plain_job)

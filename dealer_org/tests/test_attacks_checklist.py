"""Attacks on the duty checklists (whose completion rate feeds a KPI), through JSON-RPC.

Guards: employees tick and annotate only the lines of their own open checklists; the
checklist's progress fields, state, deadlines, reviewer and lines' authorship are HR's or
the ORM's; a done checklist is locked for everyone but HR; managers review but never tick
their team's lines; nobody reads another team's or company's checklists; only HR
officers generate. Each attack must be refused and change nothing.
"""

from datetime import date, datetime

from odoo import Command

from .attack_common import ACCESS, USER, VALIDATION, AttackCase

CHECKLIST = "dealer_org.checklist"
LINE = "dealer_org.checklist.line"
EVALUATION = "dealer_org.kpi.evaluation"
NOVEMBER = date(2021, 11, 1)


class TestAttacksChecklist(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def of(checklists, employee):
            return checklists.filtered(lambda c: c.employee_id == employee)

        cls.own_open = of(cls.checklists_open, cls.employee)
        cls.peer_open = of(cls.checklists_open, cls.peer)
        cls.own_done = of(cls.checklists_done, cls.employee)
        assert cls.own_open and cls.peer_open and cls.own_done

    def test_employee_ticks_a_colleague_line(self):
        line = self.peer_open.line_ids[0]
        self.attack(self.employee_user, LINE, "action_mark_done", [line.ids], errors=(ACCESS,))

    def test_employee_writes_a_colleague_result(self):
        line = self.peer_open.line_ids[0]
        self.attack(self.employee_user, LINE, "write", [line.ids, {"result": "done"}], errors=(ACCESS,))

    def test_manager_ticks_a_team_member_line(self):
        line = self.own_open.line_ids[0]
        self.attack(self.manager_user, LINE, "write", [line.ids, {"result": "done"}], errors=(ACCESS,))

    def test_employee_writes_own_completion_rate(self):
        vals = {"completion_rate": 100, "completed_count": 2}
        self.attack(self.employee_user, CHECKLIST, "write", [self.own_open.ids, vals], errors=(ACCESS,))

    def test_employee_writes_own_checklist_state(self):
        vals = {"state": "done"}
        self.attack(self.employee_user, CHECKLIST, "write", [self.own_open.ids, vals], errors=(ACCESS,))

    def test_employee_moves_a_deadline(self):
        vals = {"deadline": "2099-01-01"}
        self.attack(self.employee_user, CHECKLIST, "write", [self.own_open.ids, vals], errors=(ACCESS,))

    def test_employee_moves_own_line_to_a_colleague_checklist(self):
        line = self.own_open.line_ids[0]
        vals = {"checklist_id": self.peer_open.id}
        self.attack(self.employee_user, LINE, "write", [line.ids, vals], errors=(ACCESS,))

    def test_employee_moves_a_done_line_into_own_open_checklist(self):
        line = self.own_done.line_ids[0]
        vals = {"checklist_id": self.own_open.id}
        self.attack(self.employee_user, LINE, "write", [line.ids, vals])

    def test_employee_forges_who_ticked(self):
        line = self.own_open.line_ids[0]
        vals = {"result": "done", "done_by_id": self.manager_user.id}
        self.attack(self.employee_user, LINE, "write", [line.ids, vals], errors=(ACCESS,))

    def test_employee_resets_a_line_of_a_done_checklist(self):
        line = self.own_done.line_ids[0]
        self.attack(self.employee_user, LINE, "action_reset", [line.ids], errors=(USER,))

    def test_employee_edits_a_note_of_a_done_checklist(self):
        line = self.own_done.line_ids[0]
        self.attack(self.employee_user, LINE, "write", [line.ids, {"note": "changed later"}], errors=(USER,))

    def test_employee_resets_a_done_line_through_the_checklist(self):
        line = self.own_done.line_ids[0]
        vals = {"line_ids": [[1, line.id, {"result": "open"}]]}
        self.attack(self.employee_user, CHECKLIST, "write", [self.own_done.ids, vals], errors=(USER,))

    def test_employee_adds_a_line_to_own_checklist(self):
        vals = {"line_ids": [[0, 0, {"name": "Easy task", "deadline": "2021-03-03", "result": "done"}]]}
        self.attack(self.employee_user, CHECKLIST, "write", [self.own_open.ids, vals], errors=(ACCESS,))

    def test_employee_deletes_a_line_of_own_checklist(self):
        vals = {"line_ids": [[2, self.own_open.line_ids[0].id]]}
        self.attack(self.employee_user, CHECKLIST, "write", [self.own_open.ids, vals], errors=(ACCESS,))

    def test_employee_deletes_own_checklist(self):
        self.attack(self.employee_user, CHECKLIST, "unlink", [self.own_open.ids], errors=(ACCESS,))

    def test_employee_reviews_own_checklist(self):
        self.attack(self.employee_user, CHECKLIST, "action_review", [self.own_open.ids], errors=(USER,))

    def test_peer_reviews_a_colleague_checklist(self):
        self.attack(self.peer_user, CHECKLIST, "action_review", [self.own_open.ids])

    def test_manager_writes_the_reviewer(self):
        vals = {"reviewed_by_id": self.manager_user.id}
        self.attack(self.manager_user, CHECKLIST, "write", [self.own_open.ids, vals], errors=(ACCESS,))

    def test_peer_reads_a_colleague_checklist(self):
        args = [self.own_open.ids, ["completion_rate"]]
        self.attack(self.peer_user, CHECKLIST, "read", args, errors=(ACCESS,))

    def test_officer_b_reads_a_checklist_of_company_a(self):
        args = [self.own_open.ids, ["completion_rate"]]
        self.attack(self.officer_b, CHECKLIST, "read", args, errors=(ACCESS,))

    def test_employee_opens_the_generation_wizard(self):
        vals = {"date": "2021-03-09", "employee_ids": [[6, 0, self.employee.ids]]}
        self.attack(self.employee_user, "dealer_org.checklist.generate", "create", [vals], errors=(ACCESS,))

    def test_employee_writes_an_unknown_result(self):
        line = self.own_open.line_ids[0]
        vals = {"result": "perfect"}
        self.attack(
            self.employee_user, LINE, "write", [line.ids, vals], errors=(VALIDATION,), message="Result"
        )

    def test_employee_writes_an_overlong_note(self):
        line = self.own_open.line_ids[0]
        vals = {"note": "x" * 100_000}
        self.attack(self.employee_user, LINE, "write", [line.ids, vals], errors=(VALIDATION,), message="Note")


class TestChecklistLegitimatePaths(AttackCase):
    """Control: an employee ticks their own open line over JSON-RPC."""

    def test_employee_ticks_own_line(self):
        checklist = self.checklists_open.filtered(lambda c: c.employee_id == self.employee)
        line = checklist.line_ids[0]
        self.call_ok(self.employee_user, LINE, "action_mark_done", [line.ids])
        line.invalidate_recordset()
        self.assertEqual((line.result, line.done_by_id), ("done", self.employee_user))
        first = line.done_on
        # Ticking again (a stale page on a lagging replica) keeps the first tick and says so.
        result = self.call_ok(self.employee_user, LINE, "action_mark_done", [line.ids])
        line.invalidate_recordset()
        self.assertEqual((line.done_on, line.done_by_id), (first, self.employee_user))
        self.assertEqual(result["params"]["results"][str(line.id)]["done_on"], str(first))


class TestAttacksChecklistCompletion(AttackCase):
    """The checklist completion that payroll pays from (issue 16): nobody games it.

    The job gets a KPI "checklist completion"; the employee, her peer and the HR officer
    (whose own job has checklists) have the daily checklists of November 2021, all past
    their deadlines, and a draft November evaluation each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        sales, complaints = cls.job.kpi_ids.sorted("sequence")
        cls.job.write(
            {
                "kpi_ids": [
                    Command.update(sales.id, {"weight": 40}),
                    Command.create(
                        {
                            "name": "Checklists",
                            "code": "CHECKLISTS",
                            "source": "checklist_completion",
                            "minimum": 0,
                            "target": 100,
                            "maximum": 100,
                            "weight": 20,
                            "sequence": 3,
                        }
                    ),
                ]
            }
        )
        Checklist = env["dealer_org.checklist"]
        cls.november = Checklist.browse()
        staff = cls.employee | cls.peer | cls.hr_officer_employee
        for day in range(1, 31):
            cls.november |= Checklist._generate_checklists(
                employees=staff, on_date=NOVEMBER.replace(day=day), period_types=["daily"]
            )
        cls.evaluations = env["dealer_org.kpi.evaluation"]._generate(
            "monthly", NOVEMBER, cls.company_a, cls.department
        )
        cls.former = env["hr.employee"].create(
            {
                "name": "Attack Former Consultant",
                "company_id": cls.company_a.id,
                "department_id": cls.department.id,
                "job_id": cls.job.id,
                "active": False,
            }
        )
        env.flush_all()

    def lines_of(self, employee):
        return self.november.filtered(lambda c: c.employee_id == employee).line_ids

    def rates(self, employee, rate="on_time"):
        Checklist = self.env["dealer_org.checklist"]
        return Checklist._get_completion_rates(employee, NOVEMBER, NOVEMBER.replace(day=30), rate=rate)

    def checklist_actual(self, employee):
        evaluation = self.of(self.evaluations, employee)
        evaluation.invalidate_recordset()
        line = evaluation.line_ids.filtered(lambda line: line.code == "CHECKLISTS")
        line.invalidate_recordset()
        return line.actual, line.not_applicable

    def test_employee_marks_a_month_not_applicable_without_reason(self):
        """She marks every open line of last month 不适用 in one write, after every
        deadline: refused (a reason is required), nothing changed."""
        lines = self.lines_of(self.employee)
        self.assertEqual(len(lines), 60)
        self.attack(
            self.employee_user,
            LINE,
            "write",
            [lines.ids, {"result": "not_applicable"}],
            errors=(USER,),
            message="reason",
        )
        self.assertEqual(self.rates(self.employee), {self.employee.id: 0.0})

    def test_a_not_applicable_request_counts_only_once_confirmed(self):
        """With a reason the lines become requests: still not completed, so the manager's
        Update Computed Actuals puts 0, not 100; confirmed by the manager they count."""
        lines = self.lines_of(self.employee)
        self.call_ok(
            self.employee_user,
            LINE,
            "write",
            [lines.ids, {"result": "not_applicable", "na_reason": "On leave"}],
        )
        lines.invalidate_recordset()
        self.assertEqual(set(lines.mapped("result")), {"na_requested"})
        evaluation = self.of(self.evaluations, self.employee)
        self.call_ok(self.manager_user, EVALUATION, "action_refresh_computed_actuals", [evaluation.ids])
        self.assertEqual(self.checklist_actual(self.employee), (0.0, False))
        # Nobody confirms their own request; a peer does not either.
        self.attack(
            self.employee_user, LINE, "action_confirm_not_applicable", [lines[:1].ids], errors=(ACCESS,)
        )
        self.attack(self.peer_user, LINE, "action_confirm_not_applicable", [lines[:1].ids], errors=(ACCESS,))
        self.call_ok(self.manager_user, LINE, "action_confirm_not_applicable", [lines.ids])
        self.call_ok(self.manager_user, EVALUATION, "action_refresh_computed_actuals", [evaluation.ids])
        self.assertEqual(self.checklist_actual(self.employee), (100.0, False))
        self.assertEqual(set(lines.mapped("na_confirmed_by_id")), {self.manager_user})

    def test_a_refused_request_is_to_do_again(self):
        line = self.lines_of(self.employee)[:1]
        self.call_ok(
            self.employee_user, LINE, "write", [line.ids, {"result": "not_applicable", "na_reason": "x"}]
        )
        self.call_ok(self.manager_user, LINE, "action_refuse_not_applicable", [line.ids])
        line.invalidate_recordset()
        self.assertEqual((line.result, line.na_reason, line.done_by_id.id), ("open", False, False))

    def test_lines_ticked_after_their_deadline_count_late(self):
        """Doing nothing all month and ticking everything afterwards: completion 100 %, on
        time 0 %, and the KPI reads the on-time rate."""
        lines = self.lines_of(self.employee)
        self.call_ok(self.employee_user, LINE, "write", [lines.ids, {"result": "done"}])
        self.assertEqual(self.rates(self.employee, "completion"), {self.employee.id: 100.0})
        self.assertEqual(self.rates(self.employee), {self.employee.id: 0.0})
        evaluation = self.of(self.evaluations, self.employee)
        self.call_ok(self.manager_user, EVALUATION, "action_refresh_computed_actuals", [evaluation.ids])
        self.assertEqual(self.checklist_actual(self.employee), (0.0, False))

    def test_employee_changes_lines_after_the_review(self):
        checklist = self.november.filtered(lambda c: c.employee_id == self.employee)[:1]
        self.call_ok(self.manager_user, CHECKLIST, "action_review", [checklist.ids])
        line = checklist.line_ids[:1]
        for vals in ({"result": "done"}, {"note": "done after all"}):
            self.attack(
                self.employee_user,
                LINE,
                "write",
                [line.ids, vals],
                errors=(USER,),
                message="Ask your manager",
            )
        vals = {"line_ids": [[1, line.id, {"result": "done"}]]}
        self.attack(self.employee_user, CHECKLIST, "write", [checklist.ids, vals], errors=(USER,))
        self.assertEqual(checklist.reviewed_by_id, self.manager_user)

    def test_hr_changing_a_reviewed_line_clears_the_review(self):
        checklist = self.november.filtered(lambda c: c.employee_id == self.employee)[:1]
        self.call_ok(self.manager_user, CHECKLIST, "action_review", [checklist.ids])
        line = checklist.line_ids[:1]
        self.call_ok(self.hr_officer, LINE, "write", [line.ids, {"result": "done"}])
        checklist.invalidate_recordset()
        self.assertFalse(checklist.reviewed_by_id)
        message = checklist.message_ids[:1]
        self.assertIn(f"after the review by {self.manager_user.name}", message.body)
        self.assertIn(self.hr_officer.name, message.body)

    def test_hr_officer_games_own_checklists(self):
        """0 % → 100 % on their own checklists: moving deadlines, deleting and adding lines,
        confirming their own 不适用 and un-ticking after the deadline are all refused, HR or
        not, whatever context is sent."""
        own = self.lines_of(self.hr_officer_employee)
        forged = {"dealer_org_kpi_state_change": True, "install_mode": True, "dealer_org_unfreeze": True}
        self.attack(
            self.hr_officer,
            LINE,
            "write",
            [own[:20].ids, {"deadline": "2022-12-31"}],
            context=forged,
            errors=(ACCESS,),
        )
        checklist = own[:1].checklist_id
        self.attack(
            self.hr_officer, CHECKLIST, "write", [checklist.ids, {"deadline": "2022-12-31"}], errors=(ACCESS,)
        )
        self.attack(self.hr_officer, LINE, "unlink", [own[20:25].ids], errors=(ACCESS,))
        self.attack(self.hr_officer, CHECKLIST, "unlink", [checklist.ids], errors=(ACCESS,))
        vals = {"checklist_id": checklist.id, "name": "Easy", "deadline": "2021-11-01", "result": "done"}
        self.attack(self.hr_officer, LINE, "create", [vals], errors=(ACCESS,))
        vals = {"line_ids": [[0, 0, {"name": "Easy", "deadline": "2021-11-01", "result": "done"}]]}
        self.attack(self.hr_officer, CHECKLIST, "write", [checklist.ids, vals], errors=(ACCESS,))
        self.attack(
            self.hr_officer,
            LINE,
            "write",
            [own.ids, {"result": "not_applicable"}],
            errors=(USER,),
            message="reason",
        )
        self.call_ok(
            self.hr_officer, LINE, "write", [own[:1].ids, {"result": "not_applicable", "na_reason": "x"}]
        )
        self.attack(self.hr_officer, LINE, "action_confirm_not_applicable", [own[:1].ids], errors=(ACCESS,))
        # Ticking stays possible (late), un-ticking after the deadline does not.
        self.call_ok(self.hr_officer, LINE, "write", [own[1:].ids, {"result": "done"}])
        self.attack(self.hr_officer, LINE, "write", [own[1:2].ids, {"result": "open"}], errors=(USER,))
        self.assertEqual(self.rates(self.hr_officer_employee), {self.hr_officer_employee.id: 0.0})

    def test_a_submitted_evaluation_freezes_its_lines(self):
        """Once the November evaluation is submitted nobody changes, adds or deletes its
        lines, HR included; reset to draft, they can again."""
        evaluation = self.of(self.evaluations, self.employee)
        evaluation.with_user(self.approver).action_submit()
        line = self.lines_of(self.employee)[:1]
        checklist = line.checklist_id
        for vals in ({"result": "done"}, {"note": "late note"}, {"deadline": "2021-12-31"}):
            self.attack(self.hr_officer, LINE, "write", [line.ids, vals], errors=(USER,), message="frozen")
        self.attack(
            self.employee_user,
            LINE,
            "write",
            [line.ids, {"result": "done"}],
            errors=(USER,),
            message="frozen",
        )
        self.attack(self.hr_officer, LINE, "unlink", [line.ids], errors=(USER,), message="frozen")
        self.attack(self.hr_officer, CHECKLIST, "unlink", [checklist.ids], errors=(USER,), message="frozen")
        vals = {"checklist_id": checklist.id, "name": "Extra", "deadline": str(line.deadline)}
        self.attack(self.hr_officer, LINE, "create", [vals], errors=(USER,), message="frozen")
        # A line of December moved into the frozen month: refused as well.
        self.attack(
            self.hr_manager_all, LINE, "write", [line.ids, {"deadline": "2021-11-02"}], errors=(USER,)
        )
        evaluation.with_user(self.approver).action_reset_to_draft()
        self.call_ok(self.hr_officer, LINE, "write", [line.ids, {"note": "late note"}])

    def test_no_generation_adds_lines_to_a_frozen_period(self):
        """Neither the wizard's date nor the daily cron's catch-up adds a checklist to a
        period a submitted evaluation reads: new lines would change the rate it was
        submitted with."""
        Checklist = self.env["dealer_org.checklist"]
        last_day = NOVEMBER.replace(day=30)
        self.november.filtered(
            lambda c: c.employee_id == self.employee and c.period_start == last_day
        ).unlink()
        self.of(self.evaluations, self.employee).with_user(self.approver).action_submit()
        cron = Checklist._generate_checklists(
            employees=self.employee, period_types=["daily"], now=datetime(2021, 11, 30, 4, 0)
        )
        wizard = Checklist._generate_checklists(
            employees=self.employee, on_date=last_day, period_types=["daily"]
        )
        self.assertFalse(cron | wizard, "the frozen November got a checklist")
        self.assertFalse(
            Checklist.search([("employee_id", "=", self.employee.id), ("period_start", "=", last_day)])
        )

    def test_generation_of_only_archived_employees_generates_nothing(self):
        vals = {"date": "2021-05-10", "employee_ids": [[6, 0, self.former.ids]]}
        params = self.attack(
            self.hr_officer,
            "dealer_org.checklist.generate",
            "action_generate",
            lambda wizard_id: [[wizard_id]],
            steps=[("dealer_org.checklist.generate", "create", [vals], None, None)],
            notification_ok=True,
        )
        self.assertIn("archived", params["message"])

"""Attacks on the KPI evaluations that payroll pays from, through JSON-RPC as real users.

Guards: the state of an evaluation changes only through its buttons, which check the caller
(no context key unlocks anything); nobody fills in or approves their own evaluation, HR
included; only HR officers approve and lock, only HR managers reopen, with a reason;
approved and locked evaluations and their lines refuse every change but the chatter,
however it is attempted (write, line commands, moving lines, computed pay fields, copies,
related fields on the employee); the pay fields (score, grade, coefficient) are never
written by a client. Each attack must be refused with a user error and change nothing.
"""

from .attack_common import ACCESS, DRAFT_PERIOD, USER, VALIDATION, AttackCase

EVAL = "dealer_org.kpi.evaluation"
LINE = "dealer_org.kpi.evaluation.line"
REOPEN = "dealer_org.kpi.evaluation.reopen"
STATE_CHANGE = {"dealer_org_kpi_state_change": True}


class TestAttacksKpiState(AttackCase):
    """Forged state changes and separation of duties."""

    def test_manager_writes_state_approved(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.manager_user, EVAL, "write", [evaluation.ids, {"state": "approved"}])

    def test_manager_forges_the_state_change_context(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(
            self.manager_user, EVAL, "write", [evaluation.ids, {"state": "approved"}], context=STATE_CHANGE
        )

    def test_manager_forges_a_locked_evaluation_with_pay_fields(self):
        """The issue's example: score 40, grade A, coefficient 2.5, locked, by a manager."""
        evaluation = self.of(self.draft, self.employee)
        vals = {"state": "locked", "total_score": 40, "grade": "A", "coefficient": 2.5}
        self.attack(self.manager_user, EVAL, "write", [evaluation.ids, vals], context=STATE_CHANGE)

    def test_manager_approves(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.manager_user, EVAL, "action_approve", [evaluation.ids], errors=(ACCESS,))

    def test_manager_approves_with_forged_context(self):
        evaluation = self.of(self.draft, self.peer)
        self.attack(self.manager_user, EVAL, "action_approve", [evaluation.ids], context=STATE_CHANGE)

    def test_manager_locks(self):
        evaluation = self.of(self.approved, self.employee)
        self.attack(self.manager_user, EVAL, "action_lock", [evaluation.ids], errors=(ACCESS,))

    def test_department_manager_approves_with_forged_context(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.dept_manager_user, EVAL, "action_approve", [evaluation.ids], context=STATE_CHANGE)

    def test_department_manager_fills_in_own_evaluation(self):
        line = self.line(self.of(self.draft, self.dept_manager))
        self.attack(self.dept_manager_user, LINE, "write", [line.ids, {"actual": 130}])

    def test_employee_approves_own_evaluation_with_forged_context(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(
            self.employee_user, EVAL, "write", [evaluation.ids, {"state": "approved"}], context=STATE_CHANGE
        )

    def test_employee_fills_in_own_actual(self):
        line = self.line(self.of(self.draft, self.employee))
        self.attack(self.employee_user, LINE, "write", [line.ids, {"actual": 130}])

    def test_employee_fills_in_own_actual_through_line_commands(self):
        evaluation = self.of(self.draft, self.employee)
        line = self.line(evaluation)
        self.attack(
            self.employee_user, EVAL, "write", [evaluation.ids, {"line_ids": [[1, line.id, {"actual": 130}]]}]
        )

    def test_employee_submits_own_evaluation(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.employee_user, EVAL, "action_submit", [evaluation.ids])

    def test_hr_officer_fills_in_own_actual(self):
        line = self.line(self.of(self.draft, self.hr_officer_employee))
        self.attack(self.hr_officer, LINE, "write", [line.ids, {"actual": 130}])

    def test_hr_officer_fills_in_own_actual_on_the_employee_form(self):
        """hr.employee.kpi_line_ids is a writable related field: the same line, another door."""
        employee = self.hr_officer_employee
        line = self.line(self.of(self.draft, employee))
        vals = {"kpi_line_ids": [[1, line.id, {"actual": 130}]]}
        self.attack(self.hr_officer, "hr.employee", "write", [employee.ids, vals])

    def test_hr_manager_fills_in_own_actual_through_line_commands(self):
        evaluation = self.of(self.draft, self.hr_manager_employee)
        line = self.line(evaluation, "COMPLAINTS")
        vals = {"line_ids": [[1, line.id, {"actual": 0}]]}
        self.attack(self.hr_manager, EVAL, "write", [evaluation.ids, vals])

    def test_hr_officer_approves_own_evaluation(self):
        evaluation = self.of(self.draft, self.hr_officer_employee)
        self.attack(self.hr_officer, EVAL, "action_approve", [evaluation.ids])

    def test_hr_manager_approves_own_evaluation(self):
        evaluation = self.of(self.draft, self.hr_manager_employee)
        self.attack(self.hr_manager, EVAL, "action_approve", [evaluation.ids])

    def test_hr_officer_locks_own_evaluation(self):
        evaluation = self.of(self.approved, self.hr_officer_employee)
        self.attack(self.hr_officer, EVAL, "action_lock", [evaluation.ids])

    def test_hr_manager_approves_own_among_others(self):
        """Approving a batch that hides one's own evaluation among the team's."""
        evaluations = self.of(self.draft, self.peer) | self.of(self.draft, self.hr_manager_employee)
        self.attack(self.hr_manager, EVAL, "action_approve", [evaluations.ids])

    def test_hr_officer_submits_own_evaluation(self):
        evaluation = self.of(self.draft, self.hr_officer_employee)
        self.attack(self.hr_officer, EVAL, "action_submit", [evaluation.ids])

    def test_hr_officer_deletes_own_draft_evaluation(self):
        """Deleting one's own poor evaluation to have a better one made."""
        evaluation = self.of(self.draft, self.hr_officer_employee)
        self.attack(self.hr_officer, EVAL, "unlink", [evaluation.ids])

    def test_hr_officer_creates_own_evaluation(self):
        vals = {
            "employee_id": self.hr_officer_employee.id,
            "company_id": self.company_a.id,
            "period_type": "quarterly",
            "period_start": "2021-04-01",
        }
        self.attack(self.hr_officer, EVAL, "create", [vals])

    def test_hr_officer_comments_own_evaluation(self):
        evaluation = self.of(self.draft, self.hr_officer_employee)
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, {"note": "Outstanding year"}])

    def test_employee_comments_own_evaluation(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.employee_user, EVAL, "write", [evaluation.ids, {"note": "Outstanding year"}])

    def test_hr_manager_reopens_own_locked_evaluation(self):
        evaluation = self.of(self.locked, self.hr_manager_employee)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "I deserve more"}
        self.attack(
            self.hr_manager,
            REOPEN,
            "action_reopen",
            lambda wizard_id: [[wizard_id]],
            steps=[(REOPEN, "create", [vals], None, None)],
        )

    def test_hr_officer_reopens_with_the_wizard(self):
        evaluation = self.of(self.approved, self.peer)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "I want to"}
        self.attack(self.hr_officer, REOPEN, "create", [vals], errors=(ACCESS,))

    def test_hr_officer_opens_the_reopen_wizard(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(self.hr_officer, EVAL, "action_open_reopen_wizard", [evaluation.ids], errors=(ACCESS,))

    def test_hr_officer_calls_the_private_reopen(self):
        evaluation = self.of(self.approved, self.peer)
        self.attack(self.hr_officer, EVAL, "_reopen", [evaluation.ids, "because"], errors=(ACCESS,))

    def test_hr_officer_reopens_by_forging_the_state(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(
            self.hr_officer, EVAL, "write", [evaluation.ids, {"state": "draft"}], context=STATE_CHANGE
        )

    def test_hr_manager_reopens_without_a_reason(self):
        evaluation = self.of(self.approved, self.peer)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "   "}
        self.attack(
            self.hr_manager,
            REOPEN,
            "action_reopen",
            lambda wizard_id: [[wizard_id]],
            steps=[(REOPEN, "create", [vals], None, None)],
            errors=(USER, VALIDATION),
        )

    def test_hr_manager_reopens_evaluations_they_cannot_read(self):
        """The HR manager of company A reopens company B's evaluation: refused, not a silent no-op."""
        vals = {"evaluation_ids": [[6, 0, self.eval_b.ids]], "reason": "Wrong period"}
        self.attack(
            self.hr_manager,
            REOPEN,
            "action_reopen",
            lambda wizard_id: [[wizard_id]],
            steps=[(REOPEN, "create", [vals], None, None)],
            errors=(ACCESS,),
        )

    def test_peer_opens_the_reopen_wizard(self):
        evaluation = self.of(self.approved, self.employee)
        self.attack(self.peer_user, EVAL, "action_open_reopen_wizard", [evaluation.ids])

    def test_hr_officer_creates_an_approved_evaluation_with_a_forged_coefficient(self):
        vals = {
            "employee_id": self.peer.id,
            "company_id": self.company_a.id,
            "job_id": self.job.id,
            "period_type": "monthly",
            "period_start": "2021-05-01",
            "state": "approved",
            "total_score": 120,
            "grade": "A",
            "coefficient": 2.5,
        }
        self.attack(self.hr_officer, EVAL, "create", [vals])

    def test_hr_officer_copies_an_evaluation_into_an_approved_one(self):
        evaluation = self.of(self.draft, self.peer)
        default = {"period_start": "2021-06-01", "state": "approved", "coefficient": 2.5}
        self.attack(self.hr_officer, EVAL, "copy", [evaluation.ids, default])

    def test_hr_officer_writes_the_coefficient_of_a_draft_then_approves(self):
        evaluation = self.of(self.draft, self.peer)
        self.attack(
            self.hr_officer,
            EVAL,
            "action_approve",
            [evaluation.ids],
            steps=[(EVAL, "write", [evaluation.ids, {"coefficient": 3.0}], None, None)],
        )

    def test_hr_manager_writes_score_and_grade_of_a_draft(self):
        evaluation = self.of(self.draft, self.peer)
        self.attack(self.hr_manager, EVAL, "write", [evaluation.ids, {"total_score": 99, "grade": "A"}])

    def test_hr_officer_relinks_a_line_to_another_kpi(self):
        line = self.line(self.of(self.draft, self.peer))
        other = self.job_b.kpi_ids[:1]
        self.attack(self.hr_officer, LINE, "write", [line.ids, {"kpi_id": other.id}])

    def test_hr_officer_steals_a_line_by_link_command(self):
        """A colleague's line linked (command 4) into another draft: it would move."""
        target = self.of(self.draft, self.employee)
        line = self.line(self.of(self.draft, self.peer))
        self.attack(self.hr_officer, EVAL, "write", [target.ids, {"line_ids": [[4, line.id]]}])

    def test_hr_officer_copies_a_line_into_a_locked_evaluation(self):
        line = self.line(self.of(self.draft, self.peer))
        locked = self.of(self.locked, self.peer)
        self.attack(self.hr_officer, LINE, "copy", [line.ids, {"evaluation_id": locked.id, "actual": 130}])

    def test_hr_officer_approves_through_the_employee_form(self):
        """hr.employee.kpi_evaluation_ids commands reach the evaluation's write."""
        evaluation = self.of(self.draft, self.peer)
        vals = {"kpi_evaluation_ids": [[1, evaluation.id, {"state": "approved", "coefficient": 2.5}]]}
        self.attack(self.hr_officer, "hr.employee", "write", [self.peer.ids, vals])

    def test_hr_officer_deletes_a_locked_evaluation_through_the_employee_form(self):
        evaluation = self.of(self.locked, self.peer)
        vals = {"kpi_evaluation_ids": [[2, evaluation.id]]}
        self.attack(self.hr_officer, "hr.employee", "write", [self.peer.ids, vals])

    def test_hr_officer_writes_a_line_score(self):
        line = self.line(self.of(self.draft, self.peer))
        self.attack(self.hr_officer, LINE, "write", [line.ids, {"score": 120}])


class TestAttacksKpiFrozen(AttackCase):
    """Approved and locked evaluations and their lines refuse every change."""

    def test_hr_officer_writes_the_coefficient_of_an_approved_evaluation(self):
        evaluation = self.of(self.approved, self.peer)
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, {"coefficient": 3.0}])

    def test_hr_manager_writes_score_and_grade_of_a_locked_evaluation(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(self.hr_manager, EVAL, "write", [evaluation.ids, {"total_score": 40, "grade": "A"}])

    def test_hr_officer_writes_the_period_end_of_a_locked_evaluation(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, {"period_end": "2021-12-31"}])

    def test_hr_manager_writes_the_period_start_of_an_approved_evaluation(self):
        evaluation = self.of(self.approved, self.peer)
        self.attack(self.hr_manager, EVAL, "write", [evaluation.ids, {"period_start": "2020-01-01"}])

    def test_hr_officer_writes_the_note_of_a_locked_evaluation(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, {"note": "Actually excellent"}])

    def test_hr_manager_writes_the_employee_of_a_locked_evaluation(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(self.hr_manager, EVAL, "write", [evaluation.ids, {"employee_id": self.outsider.id}])

    def test_hr_officer_writes_an_actual_of_an_approved_evaluation(self):
        line = self.line(self.of(self.approved, self.peer))
        self.attack(self.hr_officer, LINE, "write", [line.ids, {"actual": 130}])

    def test_hr_manager_writes_a_weight_of_a_locked_evaluation(self):
        line = self.line(self.of(self.locked, self.peer))
        self.attack(self.hr_manager, LINE, "write", [line.ids, {"weight": 100}])

    def test_hr_officer_writes_thresholds_of_an_approved_evaluation(self):
        line = self.line(self.of(self.approved, self.peer))
        vals = {"minimum": 0, "target": 1, "maximum": 2}
        self.attack(self.hr_officer, LINE, "write", [line.ids, vals])

    def test_hr_officer_unlinks_a_line_of_a_locked_evaluation(self):
        line = self.line(self.of(self.locked, self.peer), "COMPLAINTS")
        self.attack(self.hr_officer, LINE, "unlink", [line.ids])

    def test_hr_officer_creates_a_line_in_a_locked_evaluation(self):
        evaluation = self.of(self.locked, self.peer)
        vals = {
            "evaluation_id": evaluation.id,
            "name": "Bonus",
            "code": "BONUS",
            "minimum": 0,
            "target": 1,
            "maximum": 2,
            "weight": 50,
            "actual": 2,
        }
        self.attack(self.hr_officer, LINE, "create", [vals])

    def test_hr_officer_moves_a_draft_line_into_a_locked_evaluation(self):
        line = self.line(self.of(self.draft, self.peer))
        locked = self.of(self.locked, self.peer)
        self.attack(self.hr_officer, LINE, "write", [line.ids, {"evaluation_id": locked.id}])

    def test_hr_manager_moves_a_locked_line_into_a_draft(self):
        line = self.line(self.of(self.locked, self.peer))
        draft = self.of(self.draft, self.peer)
        self.attack(self.hr_manager, LINE, "write", [line.ids, {"evaluation_id": draft.id}])

    def test_hr_manager_updates_lines_of_a_locked_evaluation_by_command(self):
        evaluation = self.of(self.locked, self.peer)
        line = self.line(evaluation)
        vals = {"line_ids": [[1, line.id, {"actual": 130}]]}
        self.attack(self.hr_manager, EVAL, "write", [evaluation.ids, vals])

    def test_hr_officer_deletes_lines_of_an_approved_evaluation_by_command(self):
        evaluation = self.of(self.approved, self.peer)
        line = self.line(evaluation, "COMPLAINTS")
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, {"line_ids": [[2, line.id]]}])

    def test_hr_officer_adds_a_line_to_a_locked_evaluation_by_command(self):
        evaluation = self.of(self.locked, self.peer)
        vals = {"name": "Bonus", "code": "BONUS", "target": 1, "maximum": 1, "weight": 100, "actual": 1}
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, {"line_ids": [[0, 0, vals]]}])

    def test_hr_manager_clears_the_lines_of_a_locked_evaluation(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(self.hr_manager, EVAL, "write", [evaluation.ids, {"line_ids": [[5, 0, 0]]}])

    def test_hr_officer_unlinks_an_approved_evaluation(self):
        evaluation = self.of(self.approved, self.peer)
        self.attack(self.hr_officer, EVAL, "unlink", [evaluation.ids])

    def test_hr_officer_resets_an_approved_evaluation_to_draft(self):
        evaluation = self.of(self.approved, self.peer)
        self.attack(self.hr_officer, EVAL, "action_reset_to_draft", [evaluation.ids])

    def test_hr_manager_writes_the_company_of_a_locked_evaluation(self):
        evaluation = self.of(self.locked, self.peer)
        self.attack(self.hr_manager_all, EVAL, "write", [evaluation.ids, {"company_id": self.company_b.id}])


class TestKpiLegitimatePaths(AttackCase):
    """Controls: the roles the attacks rely on do work where they should (so the refusals
    above are not a blanket refusal), and reopening works for an HR manager without e-mail."""

    def test_manager_fills_in_and_hr_approves(self):
        evaluation = self.of(self.draft, self.employee)
        line = self.line(evaluation)
        self.call_ok(self.manager_user, LINE, "write", [line.ids, {"actual": 100}])
        self.call_ok(self.manager_user, EVAL, "action_submit", [evaluation.ids])
        self.call_ok(self.hr_officer, EVAL, "action_approve", [evaluation.ids])
        self.call_ok(self.hr_officer, EVAL, "action_lock", [evaluation.ids])
        evaluation.invalidate_recordset()
        self.assertEqual(evaluation.state, "locked")
        self.assertEqual(line.actual, 100)

    def test_hr_manager_without_email_reopens_with_a_reason(self):
        self.assertFalse(self.hr_manager.email)
        evaluation = self.of(self.locked, self.peer)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "Complaint withdrawn"}
        wizard_id = self.call_ok(self.hr_manager, REOPEN, "create", [vals])
        self.call_ok(self.hr_manager, REOPEN, "action_reopen", [[wizard_id]])
        evaluation.invalidate_recordset()
        self.assertEqual(evaluation.state, "draft")
        self.assertIn("Complaint withdrawn", "\n".join(evaluation.message_ids.mapped("body")))

    def test_reopen_reason_is_text_not_html(self):
        """The reason goes into the chatter: markup in it is shown, never run."""
        evaluation = self.of(self.approved, self.peer)
        reason = '<img src=x onerror="alert(1)">Typo'
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": reason}
        wizard_id = self.call_ok(self.hr_manager, REOPEN, "create", [vals])
        self.call_ok(self.hr_manager, REOPEN, "action_reopen", [[wizard_id]])
        evaluation.invalidate_recordset()
        bodies = "\n".join(evaluation.message_ids.mapped("body"))
        self.assertIn("Typo", bodies)
        self.assertNotIn("<img", bodies)


ARCHIVE = "dealer_org.kpi.evaluation.archive"


class TestAttacksKpiArchive(AttackCase):
    """Issue 16: an HR officer deleted a weak draft and payroll paid neutral. Evaluations whose
    period has started are archived with a reason (HR officers, never their own), not deleted;
    a plain employee cannot write a colleague's line (issue 20)."""

    def test_hr_officer_deletes_a_started_draft(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.hr_officer, EVAL, "unlink", [evaluation.ids], message="archived, not deleted")

    def test_hr_officer_deletes_a_started_draft_through_the_employee_form(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(
            self.hr_officer,
            "hr.employee",
            "write",
            [self.employee.ids, {"kpi_evaluation_ids": [[2, evaluation.id]]}],
            message="archived, not deleted",
        )

    def test_employee_archives_own_evaluation(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.employee_user, EVAL, "action_archive", [evaluation.ids], errors=(ACCESS,))

    def test_employee_archives_own_evaluation_by_write(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.employee_user, EVAL, "write", [evaluation.ids, {"active": False}])

    def test_employee_archives_own_evaluation_with_the_wizard(self):
        evaluation = self.of(self.draft, self.employee)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "not my month"}
        self.attack(self.employee_user, ARCHIVE, "create", [vals], errors=(ACCESS,))

    def test_employee_calls_the_private_archive(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.employee_user, EVAL, "_archive", [evaluation.ids, "not my month"], errors=(ACCESS,))

    def test_hr_officer_archives_own_evaluation_with_the_wizard(self):
        evaluation = self.of(self.draft, self.hr_officer_employee)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "a bad month"}
        self.attack(
            self.hr_officer,
            ARCHIVE,
            "action_archive_evaluations",
            lambda wizard_id: [[wizard_id]],
            steps=[(ARCHIVE, "create", [vals], None, None)],
            errors=(ACCESS,),
        )

    def test_hr_officer_archives_own_evaluation(self):
        evaluation = self.of(self.draft, self.hr_officer_employee)
        self.attack(self.hr_officer, EVAL, "action_archive", [evaluation.ids], errors=(ACCESS,))

    def test_hr_officer_archives_by_writing_active(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, {"active": False}], message="Archive")

    def test_hr_officer_archives_without_a_reason(self):
        evaluation = self.of(self.draft, self.employee)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "   "}
        self.attack(
            self.hr_officer,
            ARCHIVE,
            "action_archive_evaluations",
            lambda wizard_id: [[wizard_id]],
            steps=[(ARCHIVE, "create", [vals], None, None)],
            message="reason",
        )

    def test_hr_officer_archives_a_locked_evaluation(self):
        """A paid evaluation is reopened by an HR manager, with a reason, before anything."""
        evaluation = self.of(self.locked, self.employee)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "weak"}
        self.attack(
            self.hr_officer,
            ARCHIVE,
            "action_archive_evaluations",
            lambda wizard_id: [[wizard_id]],
            steps=[(ARCHIVE, "create", [vals], None, None)],
            message="reopens it",
        )

    def test_officer_b_archives_a_company_a_evaluation(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.officer_b, EVAL, "action_archive", [evaluation.ids], errors=(ACCESS,))

    def test_employee_writes_a_colleague_line_comment(self):
        """The line rule AND the evaluation's write rule (checked by the line) each refuse it;
        test_kpi_sheet checks each layer on its own."""
        line = self.line(self.of(self.draft, self.peer))
        self.attack(self.employee_user, LINE, "write", [line.ids, {"comment": "lazy"}], errors=(ACCESS,))

    def test_employee_writes_a_colleague_line_actual(self):
        line = self.line(self.of(self.draft, self.peer))
        self.attack(self.employee_user, LINE, "write", [line.ids, {"actual": 10}], errors=(ACCESS,))

    def test_hr_officer_archives_with_a_reason_and_payroll_sees_none(self):
        """The control: archiving works for an HR officer, leaves the trace, stays readable."""
        evaluation = self.of(self.draft, self.employee)
        vals = {"evaluation_ids": [[6, 0, evaluation.ids]], "reason": "Transferred on the 2nd"}
        wizard_id = self.call_ok(self.hr_officer, ARCHIVE, "create", [vals])
        self.call_ok(self.hr_officer, ARCHIVE, "action_archive_evaluations", [[wizard_id]])
        evaluation.invalidate_recordset()
        self.assertFalse(evaluation.active)
        self.assertIn("Transferred on the 2nd", "\n".join(evaluation.message_ids.mapped("body")))
        found = self.call_ok(
            self.hr_officer,
            EVAL,
            "search_read",
            [[("id", "=", evaluation.id), ("active", "=", False)], ["archive_reason", "total_score"]],
        )
        self.assertEqual(found[0]["archive_reason"], "Transferred on the 2nd")
        self.assertNotIn(self.employee.id, self.employee._get_kpi_results(DRAFT_PERIOD, DRAFT_PERIOD))

"""Attacks on the duty checklists (whose completion rate feeds a KPI), through JSON-RPC.

Guards: employees tick and annotate only the lines of their own open checklists; the
checklist's progress fields, state, deadlines, reviewer and lines' authorship are HR's or
the ORM's; a done checklist is locked for everyone but HR; managers review but never tick
their team's lines; nobody reads another team's or company's checklists; only HR
officers generate. Each attack must be refused and change nothing.
"""

from .attack_common import ACCESS, USER, VALIDATION, AttackCase

CHECKLIST = "dealer_org.checklist"
LINE = "dealer_org.checklist.line"


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

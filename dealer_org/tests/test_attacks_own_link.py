"""Nobody unlinks their own user from their employee record (issue 16, found in review): "their
own" evaluations and checklists are found through that link, so an HR officer who unlinked it for
a moment could fill in, approve or re-date their own, then link it back."""

from .attack_common import ACCESS, AttackCase


class TestAttacksOwnEmployeeLink(AttackCase):
    def test_hr_officer_cannot_unlink_their_own_user(self):
        own = self.hr_officer_employee
        for user_id in (False, self.employee_user.id):
            self.attack(
                self.hr_officer,
                "hr.employee",
                "write",
                [own.ids, {"user_id": user_id}],
                errors=(ACCESS,),
                message="own employee record",
            )
        self.assertEqual(own.user_id, self.hr_officer)

    def test_another_hr_officer_may(self):
        """HR sets up the link of someone else (the legitimate path)."""
        colleague = self.employee
        self.call_ok(self.hr_officer, "hr.employee", "write", [colleague.ids, {"user_id": False}])
        self.assertFalse(colleague.user_id)

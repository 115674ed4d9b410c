"""Attacks on the Staffing report and its headcount wizard, through JSON-RPC as real users.

Guards: the report (dealer_org.staffing) is read by HR officers only, of their selected
companies (forged companies refused, another store's rows unreadable); nobody writes, creates or
deletes its rows; the bulk headcount wizard changes only the jobs of the companies the officer is
allowed in, and only for HR officers; vacancies go to Recruitment's target only when Recruitment
is installed, and the internal writer is not callable. Each attack must be refused and change
nothing (hr_job is a guarded table: headcount and recruitment target included).
"""

from .attack_common import ACCESS, USER, AttackCase

STAFFING = "dealer_org.staffing"
WIZARD = "dealer_org.staffing.headcount"


class TestAttacksStaffing(AttackCase):
    def test_officer_b_sees_only_company_b(self):
        rows = self.call_ok(self.officer_b, STAFFING, "search_read", [[]], {"fields": ["job_id"]})
        job_ids = {row["job_id"][0] for row in rows}
        self.assertIn(self.job_b.id, job_ids)
        self.assertNotIn(self.job.id, job_ids)

    def test_officer_b_reads_a_row_of_company_a(self):
        self.attack(self.officer_b, STAFFING, "read", [[self.job.id], ["headcount"]], errors=(ACCESS,))

    def test_officer_b_forges_allowed_companies(self):
        context = {"allowed_company_ids": [self.company_b.id, self.company_a.id]}
        self.attack(
            self.officer_b,
            STAFFING,
            "search_read",
            [[]],
            {"fields": ["headcount"]},
            context,
            errors=(ACCESS,),
        )

    def test_employee_reads_the_staffing(self):
        self.attack(
            self.employee_user, STAFFING, "search_read", [[]], {"fields": ["headcount"]}, errors=(ACCESS,)
        )

    def test_hr_officer_writes_a_row(self):
        self.attack(self.hr_officer, STAFFING, "write", [[self.job.id], {"headcount": 40}], errors=(ACCESS,))

    def test_hr_manager_creates_and_deletes_rows(self):
        self.attack(self.hr_manager, STAFFING, "create", [{"headcount": 40}], errors=(ACCESS,))
        self.attack(self.hr_manager, STAFFING, "unlink", [[self.job.id]], errors=(ACCESS,))

    def test_employee_opens_the_headcount_wizard(self):
        self.attack(self.employee_user, STAFFING, "action_edit_headcount", [[self.job.id]], errors=(ACCESS,))

    def test_employee_changes_headcount_through_the_wizard(self):
        vals = {"job_ids": [[6, 0, [self.job.id]]], "headcount": 40}
        self.attack(self.employee_user, WIZARD, "create", [vals], errors=(ACCESS,))

    def test_officer_b_changes_company_a_headcount_through_the_wizard(self):
        vals = {"job_ids": [[6, 0, [self.job.id, self.job_b.id]]], "headcount": 40}
        self.attack(
            self.officer_b,
            WIZARD,
            "action_apply",
            lambda wizard_id: [[wizard_id]],
            steps=[(WIZARD, "create", [vals], None, None)],
            errors=(ACCESS,),
        )

    def test_officer_of_a_and_b_working_in_a_changes_b(self):
        """Allowed in both but B not selected: B's job is out of reach (job write rule)."""
        vals = {"job_ids": [[6, 0, [self.job_b.id]]], "headcount": 40}
        context = {"allowed_company_ids": [self.company_a.id]}
        self.attack(
            self.approver,
            WIZARD,
            "action_apply",
            lambda wizard_id: [[wizard_id]],
            context=context,
            steps=[(WIZARD, "create", [vals], None, context)],
            errors=(ACCESS,),
        )

    def test_sending_vacancies_without_recruitment(self):
        self.attack(
            self.hr_officer,
            STAFFING,
            "action_send_to_recruitment",
            [[self.job.id]],
            errors=(USER,),
            message="Recruitment is not installed",
        )

    def test_the_recruitment_writer_is_private(self):
        self.attack(self.hr_officer, STAFFING, "_send_to_recruitment", [[self.job.id]], errors=(ACCESS,))

    def test_employee_sends_vacancies(self):
        self.attack(
            self.employee_user, STAFFING, "action_send_to_recruitment", [[self.job.id]], errors=(ACCESS,)
        )

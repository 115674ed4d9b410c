from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestStaffingTour(HttpCase):
    """In a real browser: an HR officer of two stores opens Employees › Reporting › Staffing,
    filters the positions with vacancies, reads the pivot per store and drills down from a row to
    the employees holding the position (static/tests/tours/staffing_tour.js)."""

    def test_staffing_report_to_the_employees_of_a_vacancy(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        north = env["res.company"].create({"name": "Tour Store North", "dealer_org_region": "North"})
        south = env["res.company"].create({"name": "Tour Store South", "dealer_org_region": "South"})
        officer = new_test_user(
            env,
            "staffing_tour_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=north.id,
            company_ids=[Command.set((north | south).ids)],
        )
        for store, prefix in ((north, "Tour North"), (south, "Tour South")):
            mechanic, cashier = env["hr.job"].create(
                [
                    {"name": "Tour Mechanic", "company_id": store.id, "headcount": 3},
                    {"name": "Tour Cashier", "company_id": store.id, "headcount": 1},
                ]
            )
            env["hr.employee"].create(
                [
                    {"name": f"{prefix} Mechanic 1", "company_id": store.id, "job_id": mechanic.id},
                    {"name": f"{prefix} Cashier 1", "company_id": store.id, "job_id": cashier.id},
                ]
            )
        self.start_tour(f"/odoo?cids={north.id}-{south.id}", "dealer_org_staffing_tour", login=officer.login)

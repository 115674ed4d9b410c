"""The payroll-day cockpit: its numbers, the lists they open, and whose stores it shows."""

from odoo.exceptions import AccessError

from .calibration_common import PERIOD, CalibrationCase


class TestCockpit(CalibrationCase):
    def data(self, user, companies=None):
        companies = companies or user.company_ids
        Cockpit = (
            self.env["dealer_org.cockpit"].with_user(user).with_context(allowed_company_ids=companies.ids)
        )
        return Cockpit.get_data(period=PERIOD, months=3)

    def stores(self, data):
        return {row["id"]: row for row in data["stores"]}

    def test_numbers(self):
        data = self.data(self.hr_all)
        stores = self.stores(data)
        a, b, c = stores[self.store_a.id], stores[self.store_b.id], stores[self.quick.id]
        self.assertEqual((a["draft"], a["submitted"], a["missing"], a["overdue"]), (0, 15, 0, 2))
        self.assertEqual((b["draft"], b["submitted"], b["missing"], b["overdue"]), (0, 0, 1, 0))
        self.assertEqual((c["draft"], c["submitted"], c["missing"], c["overdue"]), (1, 5, 0, 0))
        self.assertEqual(
            data["totals"], {"draft": 1, "submitted": 20, "pending": 21, "missing": 1, "overdue": 2}
        )
        self.assertEqual(a["name"], "Calib 4S North")
        # Average score of the month (submitted, approved, locked): B = (2×95 + 7×80 + 65) / 10.
        self.assertAlmostEqual(b["score"], 81.5)
        self.assertEqual([m["month"] for m in data["months"]], ["2021-01-01", "2021-02-01", "2021-03-01"])
        managers = {row["name"]: row for row in data["managers"]}
        self.assertEqual(
            (managers["Calib Manager North"]["pending"], managers["Calib Manager North"]["overdue"]), (10, 2)
        )
        # Stores with the most open work first.
        self.assertEqual(data["stores"][0]["id"], self.store_a.id)

    def test_each_number_opens_its_list(self):
        """The domains the client combines with a store or a manager give the counted records."""
        data = self.data(self.hr_all)
        domains = data["domains"]
        env = self.env(user=self.hr_all, context={"allowed_company_ids": self.hr_all.company_ids.ids})
        models = {
            "draft": "dealer_org.kpi.evaluation",
            "submitted": "dealer_org.kpi.evaluation",
            "pending": "dealer_org.kpi.evaluation",
            "missing": "hr.employee",
            "overdue": "dealer_org.checklist",
        }
        for row in data["stores"]:
            for kind, model in models.items():
                count = env[model].search_count([*domains[kind], ("company_id", "=", row["id"])])
                self.assertEqual(count, row[kind], f"{kind} of {row['name']}")
        self.assertEqual(env["hr.employee"].search([*domains["missing"]]), self.missing_b)
        for row in data["managers"]:
            manager = [("employee_id.parent_id", "=", row["id"])]
            self.assertEqual(
                env["dealer_org.kpi.evaluation"].search_count([*domains["pending"], *manager]), row["pending"]
            )
            self.assertEqual(
                env["dealer_org.checklist"].search_count([*domains["overdue"], *manager]), row["overdue"]
            )

    def test_an_officer_of_one_store_sees_only_that_store(self):
        data = self.data(self.hr_a)
        self.assertEqual([row["id"] for row in data["stores"]], [self.store_a.id])
        self.assertEqual(data["totals"]["pending"], 15)
        self.assertEqual(data["company_count"], 1)

    def test_only_the_selected_companies(self):
        data = self.data(self.hr_all, companies=self.quick)
        self.assertEqual([row["id"] for row in data["stores"]], [self.quick.id])

    def test_other_companies_cannot_be_forged(self):
        with self.assertRaises(AccessError):
            self.data(self.hr_a, companies=self.store_a | self.store_b)

    def test_hr_officers_only(self):
        with self.assertRaises(AccessError):
            self.data(self.manager_user)

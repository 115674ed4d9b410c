"""The comparison of an organisation template with a company's departments and jobs
(tools/org_compare.py), without the ORM: a record is *present* by library code, *adopted* by name
(English or Chinese, whitespace, width and case aside; a job within the matching department, or
the company's only job of that name), *new* otherwise or when HR declined the adoption; each
existing record is adopted once; the lines an adopted record lacks."""

from unittest import TestCase

from odoo.addons.dealer_org.tools.library import Line, Text, load_library
from odoo.addons.dealer_org.tools.org_compare import (
    ADOPT,
    DEPARTMENT,
    JOB,
    NEW,
    PRESENT,
    Match,
    Record,
    compare,
    missing_kpis,
    missing_lines,
    normalise,
)


class TestOrgCompare(TestCase):
    def setUp(self):
        super().setUp()
        self.library = load_library()
        self.tpl = self.library.default_template

    def compare(self, departments=(), jobs=(), **kwargs):
        return compare(self.tpl, self.library, departments, jobs, **kwargs)

    def test_normalise(self):
        self.assertEqual(normalise(" 销售 部\u3000"), "销售部")
        self.assertEqual(normalise("Sales  CONSULTANT"), normalise("sales consultant"))
        self.assertEqual(normalise("ＳＡＬＥＳ"), "sales", "full-width letters")
        self.assertEqual(normalise(None), "")

    def test_empty_company_everything_new(self):
        result = self.compare()
        self.assertEqual(result.count(DEPARTMENT, NEW), len(self.tpl.departments))
        self.assertEqual(result.count(JOB, NEW), len(self.tpl.jobs))
        self.assertFalse(result.adopts_organisation())

    def test_chinese_names_adopted(self):
        sales = Record(10, ("销售部 ",))
        consultant = Record(20, ("销售顾问",), parent=10)
        result = self.compare([sales], [consultant])
        self.assertEqual(result.departments["sales"], Match(DEPARTMENT, "sales", ADOPT, 10))
        self.assertEqual(result.jobs[("sales_consultant", "sales")].status, ADOPT)
        self.assertEqual(result.jobs[("sales_consultant", "sales")].record_id, 20)
        self.assertEqual(result.count(DEPARTMENT, ADOPT) + result.count(JOB, ADOPT), 2)
        self.assertTrue(result.adopts_organisation())

    def test_english_names_any_language_of_the_record(self):
        sales = Record(10, ("SALES DEPARTMENT", "销售部门"))
        consultant = Record(20, ("Sales Consultant",), parent=10)
        result = self.compare([sales], [consultant])
        self.assertEqual(result.departments["sales"].record_id, 10)
        self.assertEqual(result.jobs[("sales_consultant", "sales")].record_id, 20)

    def test_only_job_of_that_name_adopted_wherever_it_is(self):
        # "Sales" is not "Sales Department": the department is new, the job (the only one of the
        # name) is adopted in its own department.
        result = self.compare([Record(10, ("Sales",))], [Record(20, ("Sales Consultant",), parent=10)])
        self.assertEqual(result.departments["sales"].status, NEW)
        self.assertEqual(
            result.jobs[("sales_consultant", "sales")], Match(JOB, ("sales_consultant", "sales"), ADOPT, 20)
        )

    def test_same_name_in_another_department(self):
        sales, used = Record(10, ("销售部",)), Record(11, ("二手车部",))
        in_sales, in_used = Record(20, ("销售顾问",), parent=10), Record(21, ("销售顾问",), parent=11)
        result = self.compare([sales, used], [in_used, in_sales])
        self.assertEqual(
            result.jobs[("sales_consultant", "sales")].record_id, 20, "the one in the matching department"
        )
        # Two of that name, neither in the matching department: no guessing, a new one.
        result = self.compare(
            [Record(11, ("二手车部",)), Record(12, ("网销部",))],
            [in_used, Record(22, ("销售顾问",), parent=12)],
        )
        self.assertEqual(result.jobs[("sales_consultant", "sales")].status, NEW)
        self.assertFalse(result.adopts_organisation())

    def test_declined_adoption_is_new(self):
        sales, consultant = Record(10, ("销售部",)), Record(20, ("销售顾问",), parent=10)
        result = self.compare([sales], [consultant], declined={(JOB, ("sales_consultant", "sales"))})
        self.assertEqual(result.jobs[("sales_consultant", "sales")].status, NEW)
        self.assertEqual(result.departments["sales"].status, ADOPT)
        result = self.compare([sales], [consultant], declined={(DEPARTMENT, "sales")})
        self.assertEqual(result.departments["sales"].status, NEW)
        # The job stays HR's in HR's department: the only one of that name, it is still adopted.
        self.assertEqual(result.jobs[("sales_consultant", "sales")].status, ADOPT)

    def test_present_by_code_and_never_adopted_twice(self):
        sales = Record(10, ("Sales Department",), code="sales")
        mine = Record(11, ("销售部",))
        job = Record(20, ("Sales Consultant",), code="sales_consultant", parent=10)
        result = self.compare([sales, mine], [job])
        self.assertEqual(result.departments["sales"], Match(DEPARTMENT, "sales", PRESENT, 10))
        self.assertEqual(
            result.jobs[("sales_consultant", "sales")], Match(JOB, ("sales_consultant", "sales"), PRESENT, 20)
        )
        self.assertEqual(result.count(DEPARTMENT, ADOPT), 0, "a record with a library code is not adopted")

    def test_archived_records_not_adopted(self):
        result = self.compare([Record(10, ("销售部",), active=False)], [])
        self.assertEqual(result.departments["sales"].status, NEW)

    def test_archived_job_in_its_department_is_adopted_as_it_is(self):
        """A job HR archived in the matching department (or one an uninstall kept) is adopted and
        stays archived: hr allows one job of a name per department, so a new one could not be
        made; an archived job elsewhere is not, and an active one of that name comes first."""
        sales = Record(10, ("销售部",))
        archived = Record(20, ("销售顾问",), parent=10, active=False)
        key = ("sales_consultant", "sales")
        self.assertEqual(self.compare([sales], [archived]).jobs[key], Match(JOB, key, ADOPT, 20))
        elsewhere = Record(21, ("销售顾问",), parent=None, active=False)
        self.assertEqual(self.compare([sales], [elsewhere]).jobs[key].status, NEW)
        active = Record(22, ("销售顾问",), parent=11)
        self.assertEqual(
            self.compare([sales, Record(11, ("二手车部",))], [archived, active]).jobs[key],
            Match(JOB, key, ADOPT, 22),
            "the company's only active job of that name comes first",
        )

    def test_adopted_job_outside_its_department_is_present_afterwards(self):
        # Adopted in HR's "Sales" (not the template's department): the second comparison finds it
        # by code and origin, so applying twice creates nothing.
        departments = [Record(10, ("Sales",)), Record(11, ("Sales Department",), code="sales")]
        job = Record(20, ("Sales Consultant",), code="sales_consultant", parent=10, origin=7)
        result = self.compare(departments, [job], origin=7)
        self.assertEqual(result.jobs[("sales_consultant", "sales")].status, PRESENT)
        self.assertEqual(
            self.compare(departments, [job], origin=8).jobs[("sales_consultant", "sales")].status, NEW
        )

    def test_adopts_organisation_needs_most_of_it(self):
        holding = [
            Record(i, (name,)) for i, name in enumerate(("投资部", "法务部", "财务部", "人力资源部"), 1)
        ]
        self.assertFalse(self.compare(holding, [Record(20, ("会计",), parent=3)]).adopts_organisation())
        store = [Record(1, ("销售部",)), Record(2, ("售后服务部",)), Record(3, ("Administration",))]
        self.assertTrue(self.compare(store, [Record(20, ("销售顾问",), parent=1)]).adopts_organisation())

    def test_missing_lines_and_kpis(self):
        lines = (Line(Text("Greet customers", "接待客户"), ()), Line(Text("Test drives", "试乘试驾"), ()))
        self.assertEqual(missing_lines(lines, ["接待 客户"]), lines[1:])
        self.assertEqual(missing_lines(lines, ["TEST DRIVES", "greet customers"]), ())
        kpis = self.library.jobs["sales_consultant"].kpis
        self.assertEqual(missing_kpis(kpis, []), kpis)
        period = kpis[0].period
        left = missing_kpis(kpis, [("HR_OWN", period, True)])
        self.assertTrue(all(k.period != period for k in left), "a period with HR's KPIs is left as HR set it")
        self.assertEqual(missing_kpis(kpis, [("HR_OWN", period, True)], weighted=False), kpis)
        self.assertNotIn(kpis[0], missing_kpis(kpis, [(kpis[0].code, period, False)]))

"""The refusals of a KPI actuals file (tools/kpi_actuals.py) with the code AND the parameters
the message is filled from, and each parsed row field by field (issue 20: mutation testing found
the parameters and the cells' roles unasserted).

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

from datetime import date
from unittest import TestCase

from odoo.addons.dealer_org.tools import kpi_actuals as ka
from odoo.addons.dealer_org.tools.kpi_actuals import ActualsError, ParsedRow, Period, Table


class Refusals(TestCase):
    def refused(self, function, *args):
        with self.assertRaises(ActualsError) as caught:
            function(*args)
        error = caught.exception
        self.assertEqual(error.args, (error.code, error.params))
        return error.code, error.params


class TestError(Refusals):
    def test_code_and_params(self):
        error = ActualsError("number", value="x", percent=True)
        self.assertEqual((error.code, error.params), ("number", {"value": "x", "percent": True}))
        self.assertEqual(error.args, ("number", {"value": "x", "percent": True}))
        self.assertEqual(ActualsError("kpi_empty").args, ("kpi_empty", {}))


class TestHeaders(Refusals):
    def test_no_header(self):
        self.assertEqual(ka.normalize_header(None), "")
        self.assertEqual(ka.normalize_header(""), "")

    def test_an_ignored_column_does_not_end_the_reading(self):
        headers = ["Name", "工号", "期间", "指标代码", "实际值"]
        self.assertEqual(
            ka.recognise_headers(headers, {"name": "ignore"}),
            {"employee_no": 1, "period": 2, "kpi_code": 3, "actual": 4},
        )
        self.assertEqual(
            ka.recognise_headers(["门店", "工号", "期间", "指标代码", "实际值"]),
            {"employee_no": 1, "period": 2, "kpi_code": 3, "actual": 4},
        )

    def test_two_columns_of_one_role(self):
        self.assertEqual(
            self.refused(ka.recognise_headers, ["工号", "员工编号", "期间", "指标代码", "实际值"]),
            ("duplicate_column", {"role": "employee_no", "first": "工号", "second": "员工编号"}),
        )

    def test_missing_columns(self):
        self.assertEqual(
            self.refused(ka.recognise_headers, ["姓名", "", "门店", "实际值"]),
            ("missing_columns", {"roles": ["period", "kpi_code"], "headers": ["姓名", "门店", "实际值"]}),
        )


class TestPeriods(Refusals):
    def test_first_and_last_month(self):
        self.assertEqual(ka.parse_period("2026-01"), Period("month", 2026, 1))
        self.assertEqual(ka.parse_period("202601"), Period("month", 2026, 1))
        self.assertEqual(ka.parse_period("2026-12"), Period("month", 2026, 12))

    def test_no_period(self):
        for text in (None, "", "  "):
            with self.subTest(text=text):
                self.assertEqual(self.refused(ka.parse_period, text), ("period_empty", {}))

    def test_not_periods_name_the_cell(self):
        for text in (" 2026-13 ", "202600", "2026-02-30", "soon"):
            with self.subTest(text=text):
                self.assertEqual(self.refused(ka.parse_period, text), ("period", {"value": text}))

    def test_period_text(self):
        for month in range(1, 13):
            self.assertEqual(ka.period_text("quarterly", date(2026, month, 1)), f"2026Q{(month + 2) // 3}")
        self.assertEqual(ka.period_text("monthly", date(2026, 4, 1)), "2026-04")
        self.assertEqual(ka.period_text("yearly", date(2026, 1, 1)), "2026")


class TestNumbers(Refusals):
    def test_spaces_inside(self):
        self.assertEqual(ka.parse_number("1 234"), 1234.0)
        self.assertEqual(ka.parse_number(" 12 .5 "), 12.5)

    def test_not_numbers_name_the_cell(self):
        self.assertEqual(
            self.refused(ka.parse_number, "95 %"), ("number", {"value": "95 %", "percent": True})
        )
        self.assertEqual(self.refused(ka.parse_number, "N/A"), ("number", {"value": "N/A", "percent": False}))
        self.assertEqual(self.refused(ka.parse_number, ""), ("number_empty", {}))

    def test_the_largest_number(self):
        self.assertEqual(ka.parse_number("1e12"), 1e12)
        self.assertEqual(ka.parse_number("-1000000000000"), -1e12)
        for text in ("1000000000000.5", "-1e13"):
            with self.subTest(text=text):
                self.assertEqual(
                    self.refused(ka.parse_number, text), ("number", {"value": text, "percent": False})
                )


def errors(row):
    return [(role, error.code, error.params) for role, error in row.errors]


class TestRows(TestCase):
    COLUMNS = {
        "employee_no": 0,
        "employee_name": 1,
        "period": 2,
        "kpi_code": 3,
        "kpi_name": 4,
        "actual": 5,
        "comment": 6,
    }

    def test_a_good_row_field_by_field(self):
        table = Table([], [(2, [" E01 ", "Li", " 2026-03 ", "UNITS", "Units", "12.5", " late "])], "utf-8")
        self.assertEqual(
            ka.parse_rows(table, self.COLUMNS),
            [
                ParsedRow(
                    2,
                    "E01",
                    "Li",
                    "2026-03",
                    Period("month", 2026, 3),
                    "UNITS",
                    "Units",
                    "12.5",
                    12.5,
                    "late",
                    [],
                )
            ],
        )

    def test_a_short_row(self):
        table = Table([], [(3, ["E01", "", "2026"])], "utf-8")
        (row,) = ka.parse_rows(table, self.COLUMNS)
        self.assertEqual(
            row,
            ParsedRow(3, "E01", "", "2026", Period("year", 2026, 2026), "", "", "", None, "", row.errors),
        )
        self.assertEqual(errors(row), [("kpi_code", "kpi_empty", {}), ("actual", "number_empty", {})])

    def test_what_is_missing_is_said_of_the_column_there_is(self):
        table = Table([], [(4, ["", "", "x", "", ""])], "utf-8")
        (row,) = ka.parse_rows(table, {"employee_name": 0, "period": 2, "kpi_name": 3, "actual": 4})
        self.assertEqual(
            errors(row),
            [
                ("employee_name", "employee_empty", {}),
                ("period", "period", {"value": "x"}),
                ("kpi_name", "kpi_empty", {}),
                ("actual", "number_empty", {}),
            ],
        )
        self.assertIsNone(row.period)
        (row,) = ka.parse_rows(table, {"employee_no": 0, "period": 2, "kpi_code": 3, "actual": 4})
        self.assertEqual([e[0] for e in errors(row)], ["employee_no", "period", "kpi_code", "actual"])

    def test_a_name_or_a_number_is_enough(self):
        rows = [(5, ["", "Li", "2026-03", "", "Units", "1"]), (6, ["E02", "", "2026-03", "U", "", "2"])]
        parsed = ka.parse_rows(Table([], rows, "utf-8"), self.COLUMNS)
        self.assertEqual([row.errors for row in parsed], [[], []])
        self.assertEqual([row.comment for row in parsed], ["", ""])

    def test_a_period_repeated_is_the_same(self):
        rows = [(7, ["E01", "", "2026-02-30", "U", "", "1"]), (8, ["E02", "", "2026-02-30", "U", "", "x%"])]
        first, second = ka.parse_rows(Table([], rows, "utf-8"), self.COLUMNS)
        self.assertEqual(errors(first), [("period", "period", {"value": "2026-02-30"})])
        self.assertEqual(
            errors(second),
            [
                ("period", "period", {"value": "2026-02-30"}),
                ("actual", "number", {"value": "x%", "percent": True}),
            ],
        )

"""Reading a file of KPI actuals, without Odoo (tools/kpi_actuals.py): encodings, headers in
Chinese and English, periods, numbers, the rows of the files in tests/data/actuals."""

import os
from datetime import date
from unittest import TestCase

from odoo.addons.dealer_org.tools import kpi_actuals as ka
from odoo.addons.dealer_org.tools.kpi_actuals import ActualsError, Period

DATA = os.path.join(os.path.dirname(__file__), "data", "actuals")


def data_file(name):
    with open(os.path.join(DATA, name), "rb") as file:
        return file.read()


class TestDecoding(TestCase):
    def test_utf8_with_and_without_bom(self):
        self.assertEqual(ka.decode_text("工号,期间".encode()), ("工号,期间", "utf-8"))
        self.assertEqual(ka.decode_text(b"\xef\xbb\xbf" + "工号".encode()), ("工号", "utf-8-sig"))

    def test_gbk_as_excel_writes_it(self):
        self.assertEqual(ka.decode_text("员工编号,完成值".encode("gbk")), ("员工编号,完成值", "gb18030"))

    def test_utf16_with_bom(self):
        self.assertEqual(ka.decode_text("工号\t期间".encode("utf-16")), ("工号\t期间", "utf-16"))

    def test_undecodable_bytes_refused(self):
        with self.assertRaises(ActualsError) as catcher:
            ka.decode_text(b"\x81\x20\xff\xfe\x00")
        self.assertEqual(catcher.exception.code, "encoding")

    def test_files_of_the_tests(self):
        expected = {
            "actuals_zh_utf8_bom.csv": (
                "utf-8-sig",
                ["工号", "姓名", "期间", "指标代码", "实际值", "备注"],
                4,
            ),
            "actuals_en.csv": ("utf-8", ["Employee", "Period", "KPI Code", "Actual", "Comment"], 2),
            "actuals_zh_gbk.csv": ("gb18030", ["员工编号", "月份", "指标代码", "完成值", "备注"], 2),
            "actuals_zh.xlsx": ("xlsx", ["工号", "期间", "指标", "实际值", "备注"], 3),
            "actuals_dms_mapping.csv": (
                "utf-8",
                ["销售顾问编码", "统计月份", "指标编号", "本月完成", "门店"],
                2,
            ),
        }
        for name, (encoding, headers, count) in expected.items():
            table = ka.read_table(data_file(name), name)
            self.assertEqual(
                (table.encoding, table.headers, len(table.rows)), (encoding, headers, count), name
            )

    def test_xlsx_cells_as_text(self):
        table = ka.read_table(data_file("actuals_zh.xlsx"), "actuals_zh.xlsx")
        self.assertEqual(
            table.rows[0], (2, ["1001", "2021-03", "Sales target completion rate", "102.5", "DMS 导出"])
        )
        self.assertEqual(table.rows[1][1][:4], ["1001", "2021-03-01", "Customer complaints", "0"])
        self.assertEqual(table.rows[2][0], 5, "rows keep their spreadsheet numbers, the empty one skipped")

    def test_semicolon_and_tab_separated(self):
        self.assertEqual(ka.read_table(b"a;b\n1;2\n").headers, ["a", "b"])
        self.assertEqual(ka.read_table(b"a\tb\n1\t2\n").rows, [(2, ["1", "2"])])

    def test_empty_and_xls_refused(self):
        for data, name, code in (
            (b"", "a.csv", "empty_file"),
            (b"\n\n", "a.csv", "empty_file"),
            (b"x", "a.xls", "xls"),
        ):
            with self.assertRaises(ActualsError) as catcher:
                ka.read_table(data, name)
            self.assertEqual(catcher.exception.code, code)


class TestHeaders(TestCase):
    def test_chinese_headers(self):
        columns = ka.recognise_headers(["工号", "姓名", "期间", "指标代码", "实际值", "备注"])
        self.assertEqual(
            columns,
            {
                ka.EMPLOYEE_NO: 0,
                ka.EMPLOYEE_NAME: 1,
                ka.PERIOD: 2,
                ka.KPI_CODE: 3,
                ka.ACTUAL: 4,
                ka.COMMENT: 5,
            },
        )
        self.assertEqual(
            ka.recognise_headers(["员工编号", "月份", "指标", "完成值"]),
            {ka.EMPLOYEE_NO: 0, ka.PERIOD: 1, ka.KPI_NAME: 2, ka.ACTUAL: 3},
        )

    def test_english_headers_loosely(self):
        columns = ka.recognise_headers(
            ["Employee No.", " employee ", "PERIOD", "KPI_Code", "Actual (%)", "x"]
        )
        self.assertEqual(
            columns, {ka.EMPLOYEE_NO: 0, ka.EMPLOYEE_NAME: 1, ka.PERIOD: 2, ka.KPI_CODE: 3, ka.ACTUAL: 4}
        )

    def test_full_width_and_brackets(self):
        self.assertEqual(ka.normalize_header("实际值（％）"), "实际值")
        self.assertEqual(ka.normalize_header("ＫＰＩ　Ｃｏｄｅ"), "kpi code")

    def test_mapping_first(self):
        mapping = {
            "销售顾问编码": ka.EMPLOYEE_NO,
            "统计月份": ka.PERIOD,
            "指标编号": ka.KPI_CODE,
            "本月完成": ka.ACTUAL,
            "备注": ka.IGNORE,
        }
        columns = ka.recognise_headers(["销售顾问编码", "统计月份", "指标编号", "本月完成", "备注"], mapping)
        self.assertEqual(columns, {ka.EMPLOYEE_NO: 0, ka.PERIOD: 1, ka.KPI_CODE: 2, ka.ACTUAL: 3})

    def test_missing_columns(self):
        with self.assertRaises(ActualsError) as catcher:
            ka.recognise_headers(["工号", "销量"])
        self.assertEqual(catcher.exception.code, "missing_columns")
        self.assertEqual(catcher.exception.params["roles"], [ka.PERIOD, ka.KPI_CODE, ka.ACTUAL])

    def test_two_columns_of_one_role(self):
        with self.assertRaises(ActualsError) as catcher:
            ka.recognise_headers(["工号", "期间", "指标代码", "实际值", "完成值"])
        self.assertEqual(catcher.exception.code, "duplicate_column")
        self.assertEqual(
            (catcher.exception.params["first"], catcher.exception.params["second"]), ("实际值", "完成值")
        )


class TestPeriods(TestCase):
    def test_months(self):
        for text in ("2026-12", "2026/12", "2026.12", "202612", "2026年12月", "2026 年 12 月", "2026年12月份",
                     "２０２６－１２"):  # fmt: skip
            self.assertEqual(ka.parse_period(text), Period("month", 2026, 12), text)
        self.assertEqual(ka.parse_period("2026-3"), Period("month", 2026, 3))

    def test_quarters_years_days(self):
        for text in ("2026Q4", "2026q4", "2026-Q4", "2026 Q4", "2026年第4季度", "2026年Q4"):
            self.assertEqual(ka.parse_period(text), Period("quarter", 2026, 4), text)
        for text in ("2026", "2026年", "2026年度"):
            self.assertEqual(ka.parse_period(text), Period("year", 2026, 2026), text)
        self.assertEqual(ka.parse_period("2026-12-01"), Period("day", 2026, date(2026, 12, 1)))
        self.assertEqual(ka.parse_period("2026年12月5日"), Period("day", 2026, date(2026, 12, 5)))

    def test_not_periods(self):
        for text in ("", "2026-13", "2026Q5", "12/2026", "十二月", "2026-02-30", "next month"):
            with self.assertRaises(ActualsError, msg=text):
                ka.parse_period(text)

    def test_starts_by_period_type(self):
        self.assertEqual(ka.period_starts(Period("month", 2026, 12)), {"monthly": date(2026, 12, 1)})
        self.assertEqual(ka.period_starts(Period("quarter", 2026, 4)), {"quarterly": date(2026, 10, 1)})
        self.assertEqual(ka.period_starts(Period("year", 2026, 2026)), {"yearly": date(2026, 1, 1)})
        self.assertEqual(
            ka.period_starts(Period("day", 2026, date(2026, 11, 15))),
            {"monthly": date(2026, 11, 1), "quarterly": date(2026, 10, 1), "yearly": date(2026, 1, 1)},
        )
        self.assertEqual(ka.period_starts(Period("month", 1200, 1)), {})
        self.assertEqual(
            [ka.period_text(t, date(2026, 10, 1)) for t in ("monthly", "quarterly", "yearly")],
            ["2026-10", "2026Q4", "2026"],
        )


class TestNumbers(TestCase):
    def test_numbers(self):
        cases = {"95": 95.0, "-3.5": -3.5, "+2": 2.0, "1,234.5": 1234.5, "12,345,678": 12345678.0, ".5": 0.5,
                 "９５": 95.0, " 88 ": 88.0, "1e3": 1000.0}  # fmt: skip
        for text, value in cases.items():
            self.assertEqual(ka.parse_number(text), value, text)

    def test_not_numbers(self):
        for text in ("95%", "九十", "N/A", "nan", "inf", "1,23", "12,34.5", "1.2.3", "abc", "1e400", "--1"):
            with self.assertRaises(ActualsError, msg=text) as catcher:
                ka.parse_number(text)
            self.assertEqual(catcher.exception.code, "number", text)
        self.assertTrue(self._error("95%").params["percent"])
        self.assertEqual(self._error("").code, "number_empty")

    @staticmethod
    def _error(text):
        try:
            ka.parse_number(text)
        except ActualsError as error:
            return error
        raise AssertionError(text)


class TestRows(TestCase):
    def test_refused_cells_collected_per_row(self):
        table = ka.read_table(data_file("actuals_refused.csv"), "actuals_refused.csv")
        rows = ka.parse_rows(table, ka.recognise_headers(table.headers))
        self.assertEqual(len(rows), 14)
        by_number = {row.number: row for row in rows}
        self.assertEqual([(r, e.code) for r, e in by_number[5].errors], [(ka.ACTUAL, "number")])
        self.assertEqual([(r, e.code) for r, e in by_number[6].errors], [(ka.ACTUAL, "number")])
        self.assertEqual([(r, e.code) for r, e in by_number[13].errors], [(ka.PERIOD, "period")])
        self.assertEqual(by_number[3].employee_name, "同名")
        self.assertEqual(by_number[14].actual, 2.0)
        self.assertFalse(by_number[14].errors)

"""Writes the binary test files of tests/test_kpi_actuals_import.py (run once, commit the
output): the XLSX workbook (openpyxl) and the GBK CSV (as Excel saves CSV on a Chinese
Windows). The UTF-8 CSV files are written by hand.

    python dealer_org/tests/data/actuals/make_files.py
"""

import datetime
import os

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))


def xlsx():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "3月完成"
    sheet.append(["工号", "期间", "指标", "实际值", "备注"])
    # Numbers as numbers, the badge as a number, one period as a date cell.
    sheet.append([1001, "2021-03", "Sales target completion rate", 102.5, "DMS 导出"])
    sheet.append([1001, datetime.datetime(2021, 3, 1), "Customer complaints", 0, None])
    sheet.append([None, None, None, None, None])  # an empty row in the middle is skipped
    sheet.append([1002, "2021年3月", "Sales target completion rate", 1234.5, None])
    workbook.save(os.path.join(HERE, "actuals_zh.xlsx"))


def gbk():
    rows = [
        "员工编号,月份,指标代码,完成值,备注",
        "1001,2021年3月,SALES_TARGET,91,门店上报",
        "1002,2021年03月,COMPLAINTS,4,客户投诉两起以上",
    ]
    with open(os.path.join(HERE, "actuals_zh_gbk.csv"), "wb") as file:
        file.write(("\r\n".join(rows) + "\r\n").encode("gbk"))


if __name__ == "__main__":
    xlsx()
    gbk()

"""Reading a file of KPI actuals (docs/kpi.md, "Importing actuals"): pure Python, no ORM.

A file is CSV (UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030 as Excel saves it
in China) or XLSX; its first non-empty row holds the headers, recognised in Chinese or
English (or through a saved mapping); each later row gives an employee, a period, a KPI and
the actual value. Errors are raised as ``ActualsError(code, **params)``: the ORM layer turns
the code into a translated message naming the row, the column and what to fix.
"""

import csv
import functools
import io
import re
import unicodedata
from collections import namedtuple
from datetime import date, datetime

# The roles a column can play.
EMPLOYEE_NO = "employee_no"
EMPLOYEE_NAME = "employee_name"
PERIOD = "period"
KPI_CODE = "kpi_code"
KPI_NAME = "kpi_name"
ACTUAL = "actual"
COMMENT = "comment"
IGNORE = "ignore"
ROLES = (EMPLOYEE_NO, EMPLOYEE_NAME, PERIOD, KPI_CODE, KPI_NAME, ACTUAL, COMMENT, IGNORE)

# Headers as the dealer's systems write them, compared after normalize_header().
HEADER_ALIASES = {
    EMPLOYEE_NO: ("工号", "员工编号", "员工号", "职工号", "employee no.", "employee no", "employee number",
                  "employee id", "badge id", "badge"),
    EMPLOYEE_NAME: ("姓名", "员工", "员工姓名", "employee", "employee name", "name"),
    PERIOD: ("期间", "月份", "考核期间", "考核月份", "period", "month"),
    KPI_CODE: ("指标代码", "指标编码", "kpi code", "code"),
    KPI_NAME: ("指标", "指标名称", "考核指标", "kpi", "kpi name"),
    ACTUAL: ("实际值", "完成值", "实际", "实际完成", "actual", "actual value", "actuals"),
    COMMENT: ("备注", "说明", "comment", "comments", "note", "remark"),
}  # fmt: skip

Period = namedtuple("Period", "kind year number")  # kind: month, quarter, year, day (number: date)
Table = namedtuple("Table", "headers rows encoding")  # rows: [(row number, [cell text])]


class ActualsError(ValueError):
    """A problem of the file or of one of its cells: ``code`` names it, ``params`` fill the
    message (the ORM layer translates them)."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code, self.params = code, params


# ----------------------------------------------------------------------
# Decoding and reading
# ----------------------------------------------------------------------


def decode_text(data):
    """(text, encoding) of a CSV file's bytes: UTF-8 (BOM or not), UTF-16 with BOM, else
    GB18030 (a superset of GBK, what Excel writes on a Chinese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ActualsError("encoding")


def _cell_text(value):
    """A spreadsheet cell as text: integral numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _is_xlsx(data, filename):
    return data[:2] == b"PK" or (filename or "").lower().endswith((".xlsx", ".xlsm"))


def read_rows(data, filename=""):
    """Every row of the file as (row number, [cell text]), numbered as a spreadsheet shows
    them (the first row is 1), and the encoding read (``xlsx`` for a workbook)."""
    if not data:
        raise ActualsError("empty_file")
    if _is_xlsx(data, filename):
        return _read_xlsx(data), "xlsx"
    if (filename or "").lower().endswith(".xls"):
        raise ActualsError("xls")
    text, encoding = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(number, [cell.strip() for cell in row]) for number, row in enumerate(reader, 1)], encoding
    except csv.Error as error:
        raise ActualsError("csv", detail=str(error)) from error


def _read_xlsx(data):
    import openpyxl  # in Odoo's requirements; imported here so the CSV path never needs it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is the same problem
        raise ActualsError("xlsx", detail=str(error)) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(value) for value in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()


def read_table(data, filename=""):
    """The file as a Table: the headers (first non-empty row) and the data rows after it
    that are not empty."""
    rows, encoding = read_rows(data, filename)
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise ActualsError("empty_file")
    (_number, headers), data_rows = rows[0], rows[1:]
    return Table(headers, data_rows, encoding)


# ----------------------------------------------------------------------
# Headers
# ----------------------------------------------------------------------


def normalize_header(text):
    """Compare headers loosely: full-width forms folded, case, spaces, "_", ":" and
    brackets with what they hold ("实际值(%)", "Actual [units]") ignored."""
    text = unicodedata.normalize("NFKC", text or "").strip().lower()
    text = re.sub(r"[(\[（【].*?[)\]）】]", "", text)
    text = re.sub(r"[\s_:：]+", " ", text).strip()
    return text


_ALIASES = {normalize_header(alias): role for role, aliases in HEADER_ALIASES.items() for alias in aliases}


def recognise_headers(headers, mapping=None):
    """{role: column index} of the file's headers, the saved ``mapping`` ({header: role})
    first, then the known Chinese and English headers. Raises ActualsError when a role
    is given twice or a required one is missing; unknown columns are ignored."""
    mapping = {normalize_header(header): role for header, role in (mapping or {}).items()}
    columns = {}
    for index, header in enumerate(headers):
        key = normalize_header(header)
        role = mapping.get(key) or _ALIASES.get(key)
        if not role or role == IGNORE:
            continue
        if role in columns:
            raise ActualsError("duplicate_column", role=role, first=headers[columns[role]], second=header)
        columns[role] = index
    missing = [
        role
        for role, alternatives in (
            (EMPLOYEE_NO, (EMPLOYEE_NO, EMPLOYEE_NAME)),
            (PERIOD, (PERIOD,)),
            (KPI_CODE, (KPI_CODE, KPI_NAME)),
            (ACTUAL, (ACTUAL,)),
        )
        if not any(alternative in columns for alternative in alternatives)
    ]
    if missing:
        raise ActualsError("missing_columns", roles=missing, headers=[h for h in headers if h])
    return columns


# ----------------------------------------------------------------------
# Cells
# ----------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?(?:份)?$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[-/ ]|年)?\s*(?:q|第)\s*([1-4])\s*(?:季度|季)?$")
_YEAR = re.compile(r"^(\d{4})\s*年?(?:度)?$")
_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?$")


def parse_period(text):
    """Period of ``text``: 2026-12, 2026/12, 202612, 2026年12月 (month), 2026Q4, 2026-Q4,
    2026年第4季度 (quarter), 2026, 2026年 (year), or a date such as 2026-12-01 (the period
    of the KPI containing that day)."""
    value = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not value:
        raise ActualsError("period_empty")
    for pattern, kind in ((_MONTH, "month"), (_COMPACT_MONTH, "month")):
        match = pattern.match(value)
        if match:
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                break
            return Period(kind, year, month)
    match = _QUARTER.match(value)
    if match:
        return Period("quarter", int(match[1]), int(match[2]))
    match = _YEAR.match(value)
    if match:
        return Period("year", int(match[1]), int(match[1]))
    match = _DAY.match(value)
    if match:
        try:
            return Period("day", int(match[1]), date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError as error:  # 2026-02-30
            raise ActualsError("period", value=text) from error
    raise ActualsError("period", value=text)


@functools.lru_cache(maxsize=4096)
def period_starts(period):
    """{period type: first day} of the evaluations a Period can mean: a month is a monthly
    evaluation, a quarter a quarterly one, a year a yearly one, a day any evaluation
    containing it. (Cached: do not change the dict returned.)"""
    if not 1990 <= period.year <= 2200:
        return {}
    if period.kind == "month":
        return {"monthly": date(period.year, period.number, 1)}
    if period.kind == "quarter":
        return {"quarterly": date(period.year, (period.number - 1) * 3 + 1, 1)}
    if period.kind == "year":
        return {"yearly": date(period.year, 1, 1)}
    day = period.number
    return {
        "monthly": day.replace(day=1),
        "quarterly": date(day.year, (day.month - 1) // 3 * 3 + 1, 1),
        "yearly": date(day.year, 1, 1),
    }


def period_text(period_type, start):
    """How to write the period of an evaluation in a file (2026-12, 2026Q4, 2026)."""
    if period_type == "monthly":
        return f"{start.year}-{start.month:02d}"
    if period_type == "quarterly":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


def parse_number(text):
    """The number in ``text``: "95", "-3.5", "1,234.5" (thousands separators) and full-width
    digits are numbers; "95%", "九十", "N/A", "nan" or an empty cell are not (a percentage
    is given without its sign, in the KPI's unit)."""
    value = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    if not value:
        raise ActualsError("number_empty")
    if _GROUPED.match(value):
        value = value.replace(",", "")
    if not _NUMBER.match(value.lower()):
        raise ActualsError("number", value=text, percent="%" in value)
    number = float(value)
    if abs(number) > 1e12:
        raise ActualsError("number", value=text, percent=False)
    return number


# ----------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------

ParsedRow = namedtuple(
    "ParsedRow",
    "number employee_no employee_name period_text period kpi_code kpi_name actual_text "
    "actual comment errors",
)  # errors: [(role, ActualsError)]


def parse_rows(table, columns):
    """Each data row as a ParsedRow with its cells parsed; problems of a cell are collected
    in ``errors`` (role, ActualsError), the row is kept."""

    def cell(cells, role):
        index = columns.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    parsed, periods = [], {}  # a file repeats a few periods: each parsed once
    for number, cells in table.rows:
        errors, period, actual = [], None, None
        employee_no, employee_name = cell(cells, EMPLOYEE_NO), cell(cells, EMPLOYEE_NAME)
        if not employee_no and not employee_name:
            errors.append(
                (EMPLOYEE_NO if EMPLOYEE_NO in columns else EMPLOYEE_NAME, ActualsError("employee_empty"))
            )
        period_value = cell(cells, PERIOD)
        if period_value not in periods:
            try:
                periods[period_value] = parse_period(period_value)
            except ActualsError as error:
                periods[period_value] = error
        period = periods[period_value]
        if isinstance(period, ActualsError):
            errors.append((PERIOD, period))
            period = None
        kpi_code, kpi_name = cell(cells, KPI_CODE), cell(cells, KPI_NAME)
        if not kpi_code and not kpi_name:
            errors.append((KPI_CODE if KPI_CODE in columns else KPI_NAME, ActualsError("kpi_empty")))
        actual_text = cell(cells, ACTUAL)
        try:
            actual = parse_number(actual_text)
        except ActualsError as error:
            errors.append((ACTUAL, error))
        parsed.append(
            ParsedRow(
                number,
                employee_no,
                employee_name,
                period_value,
                period,
                kpi_code,
                kpi_name,
                actual_text,
                actual,
                cell(cells, COMMENT),
                errors,
            )  # fmt: skip
        )
    return parsed

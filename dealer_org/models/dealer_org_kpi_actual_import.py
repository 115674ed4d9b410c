import base64
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

from ..tools import kpi_actuals
from ..tools.kpi_actuals import ActualsError
from .dealer_org_kpi_evaluation import FROZEN_STATES

IMPORT_STATES = [("draft", "Draft"), ("previewed", "Previewed"), ("done", "Done")]
APPLY_MODES = [("all", "All or nothing"), ("valid", "Apply the valid rows")]
# Set by the import itself, never by a client (create or write).
PROTECTED_FIELDS = {
    "state", "checksum", "encoding", "row_ids", "row_count", "update_count", "unchanged_count", "error_count",
    "applied_count", "refused_count", "missing_evaluation_count", "imported_on", "imported_by_id",
    "evaluation_ids", "previous_import_id", "preview_digest",
}  # fmt: skip
# What a client may change on an import that is not done yet; changing the file or the mapping
# discards the preview.
EDITABLE_FIELDS = {"file", "filename", "mapping_id", "apply_mode"}
ACTUAL_TOLERANCE = 1e-9


@dataclass
class Resolved:
    """One row of the file, resolved against the database (see _resolve)."""

    number: int
    employee_ref: str
    period: str
    kpi_code: str
    actual_text: str
    actual: float | None
    comment: str
    company_id: int
    employee_id: int | None = None
    period_type: str | None = None
    period_start: object = None
    evaluation_id: int | None = None
    line_id: int | None = None
    old_actual: float | None = None
    outcome: str = "error"
    error_kind: str | None = None
    message: str = ""


class DealerOrgKpiActualImport(models.Model):
    """An import of KPI actuals from a file of the dealer's systems (DMS, CSI survey,
    finance): previewed, then applied to the draft and submitted evaluations' lines. Every
    import is kept (who, when, file, checksum, the outcome of each row). See docs/kpi.md,
    "Importing actuals"."""

    _name = "dealer_org.kpi.actual.import"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "KPI Actuals Import"
    _order = "create_date desc, id desc"
    _rec_name = "filename"
    _check_company_auto = True

    file = fields.Binary(required=True, attachment=True)
    filename = fields.Char("File Name", required=True, default="actuals.csv")
    checksum = fields.Char(
        "SHA-256", compute="_compute_checksum", store=True, help="The SHA-256 checksum of the file."
    )
    encoding = fields.Char("Read As", readonly=True, help="The file's encoding, or XLSX.")
    mapping_id = fields.Many2one(
        "dealer_org.kpi.actual.mapping",
        "Column Mapping",
        check_company=True,
        help="The saved columns of the file's source; without one, the usual Chinese and English headers "
        "are recognised.",
    )
    apply_mode = fields.Selection(
        APPLY_MODES,
        "When Rows Are Refused",
        required=True,
        default="all",
        help="All or nothing: no row is written while any row is refused. Apply the valid rows: the "
        "refused rows are skipped and listed.",
    )
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(IMPORT_STATES, required=True, default="draft", readonly=True, index=True)
    row_ids = fields.One2many("dealer_org.kpi.actual.import.row", "import_id", "Rows", readonly=True)
    row_count = fields.Integer("Rows in File", readonly=True)
    update_count = fields.Integer("To Update", readonly=True)
    unchanged_count = fields.Integer("Unchanged", readonly=True)
    error_count = fields.Integer("Refused", readonly=True)
    missing_evaluation_count = fields.Integer(
        "Rows Without Evaluation", readonly=True, help="Rows whose period has no evaluation yet."
    )
    applied_count = fields.Integer("Rows Applied", readonly=True)
    refused_count = fields.Integer("Rows Refused", readonly=True)
    imported_on = fields.Datetime(readonly=True)
    imported_by_id = fields.Many2one("res.users", "Imported By", readonly=True)
    evaluation_ids = fields.Many2many(
        "dealer_org.kpi.evaluation",
        "dealer_org_kpi_actual_import_evaluation_rel",
        "import_id",
        "evaluation_id",
        "Evaluations Changed",
        readonly=True,
    )
    previous_import_id = fields.Many2one(
        "dealer_org.kpi.actual.import",
        "Same File Imported Before",
        readonly=True,
        help="An earlier import of a file with the same checksum.",
    )
    summary = fields.Char(compute="_compute_summary")
    preview_digest = fields.Char(readonly=True, copy=False)  # the stored rows, to skip storing them again

    @api.depends("file")
    def _compute_checksum(self):
        for record in self:
            data = base64.b64decode(record.with_context(bin_size=False).file or b"")
            record.checksum = hashlib.sha256(data).hexdigest() if data else False

    @api.depends("state", "row_count", "update_count", "unchanged_count", "error_count", "applied_count")
    def _compute_summary(self):
        for record in self:
            if record.state == "draft":
                record.summary = self.env._("Preview the file to see what each row will do.")
            elif record.state == "previewed":
                record.summary = self.env._(
                    "%(rows)s rows: %(update)s will update an actual, %(unchanged)s unchanged, "
                    "%(errors)s refused.",
                    rows=record.row_count,
                    update=record.update_count,
                    unchanged=record.unchanged_count,
                    errors=record.error_count,
                )
            elif record.applied_count:
                record.summary = self.env._(
                    "%(applied)s rows applied to %(evaluations)s evaluations, %(unchanged)s unchanged, "
                    "%(refused)s refused.",
                    applied=record.applied_count,
                    evaluations=len(record.evaluation_ids),
                    unchanged=record.unchanged_count,
                    refused=record.refused_count,
                )
            else:
                record.summary = self.env._(
                    "Nothing changed: %(unchanged)s rows already held these values, %(refused)s refused.",
                    unchanged=record.unchanged_count,
                    refused=record.refused_count,
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            forged = set(vals) & PROTECTED_FIELDS
            if forged:
                raise UserError(self._protected_message(forged))
            company_id = vals.get("company_id")
            if company_id and company_id not in self.env.companies.ids:
                raise AccessError(self.env._("Import actuals for the companies you work in."))
        return super().create(vals_list)

    def write(self, vals):
        forged = set(vals) & PROTECTED_FIELDS | (set(vals) - EDITABLE_FIELDS)
        if forged:
            raise UserError(self._protected_message(forged))
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(self.env._("A done import is kept as it was: start a new import instead."))
        res = super().write(vals)
        if vals.keys() & {"file", "filename", "mapping_id"}:
            self._reset_preview()
        return res

    def unlink(self):
        # Only the superuser (the module's uninstall) removes a done import: no context key does.
        if self.filtered(lambda r: r.state == "done") and not self.env.su:
            raise UserError(
                self.env._("A done import records where actuals came from: it cannot be deleted.")
            )
        return super().unlink()

    def _protected_message(self, names):
        return self.env._(
            "%(fields)s of an actuals import are set by the import itself: upload the file and use "
            "Preview and Import.",
            fields=", ".join(sorted(self._fields[name]._description_string(self.env) for name in names)),
        )

    def _set(self, vals):
        """Write what the import itself computes (state, counts…), past write()'s guard."""
        return super().write(vals)

    def _reset_preview(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM dealer_org_kpi_actual_import_row WHERE import_id = ANY(%s)", self.ids)
        )
        self.invalidate_recordset(["row_ids"])
        self._set(
            {
                "state": "draft",
                "row_count": 0,
                "update_count": 0,
                "unchanged_count": 0,
                "error_count": 0,
                "missing_evaluation_count": 0,
                "preview_digest": False,
            }
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_open(self):
        self.ensure_one()
        self.check_access("write")
        if self.state == "done":
            raise UserError(
                self.env._("This file was imported on %(date)s: start a new import.", date=self.imported_on)
            )

    def action_preview(self):
        """Read the file and say what each row would do; nothing is written to evaluations."""
        self._check_open()
        self._store_rows(self._resolve())
        return True

    def action_import(self):
        """Apply the rows that update an actual. The file is resolved again (what changed
        since the preview counts); with "all or nothing", any refused row stops everything."""
        self._check_open()
        rows = self._resolve()
        errors = [row for row in rows if row.outcome == "error"]
        if errors and self.apply_mode == "all":
            raise UserError(
                self.env._(
                    "%(count)s rows of %(file)s are refused, so nothing was imported (all or nothing). "
                    "First refusal: %(message)s Correct the file and import it again, or choose "
                    "“Apply the valid rows”.",
                    count=len(errors),
                    file=self.filename,
                    message=errors[0].message,
                )
            )
        updates = [row for row in rows if row.outcome == "update"]
        evaluations = self._apply(updates)
        if _digest(rows) != self.preview_digest:
            self._store_rows(rows)  # what the rows say changed since the preview
        self._set(
            {
                "state": "done",
                "imported_on": fields.Datetime.now(),
                "imported_by_id": self.env.uid,
                "applied_count": len(updates),
                "refused_count": len(errors),
                "evaluation_ids": [fields.Command.set(evaluations.ids)],
            }
        )
        return True

    def action_generate_missing(self):
        """Generate the draft evaluations of the rows whose period has none (the KPI
        generation of KPI › Generate Evaluations, for those employees only), then preview
        again."""
        self._check_open()
        rows = self.row_ids.filtered(lambda row: row.error_kind == "no_evaluation" and row.employee_id)
        if not rows:
            raise UserError(self.env._("No row is waiting for an evaluation: preview the file first."))
        Evaluation = self.env["dealer_org.kpi.evaluation"]
        for (period_type, start), group in rows.grouped(lambda r: (r.period_type, r.period_start)).items():
            Evaluation._generate(period_type, start, self.env.companies, employees=group.employee_id)
        return self.action_preview()

    def action_open_evaluations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_kpi_evaluation_action")
        action.update(domain=[("id", "in", self.evaluation_ids.ids)], context={})
        return action

    # ------------------------------------------------------------------
    # Resolving the file's rows
    # ------------------------------------------------------------------

    def _file_error(self, error):
        """The translated message of a problem of the whole file."""
        _ = self.env._
        params = error.params
        if error.code == "encoding":
            return _("The file is neither UTF-8 nor GBK/GB18030 text: save it as CSV (UTF-8) or XLSX.")
        if error.code == "xls":
            return _("Old Excel files (.xls) are not read: save the sheet as .xlsx or as CSV.")
        if error.code in ("xlsx", "csv"):
            return _("The file could not be read (%(detail)s): save it as CSV (UTF-8) or XLSX.", **params)
        if error.code == "empty_file":
            return _("The file is empty: it needs a header row and one row per employee, KPI and period.")
        labels = self._role_labels()
        if error.code == "duplicate_column":
            return _(
                "The columns “%(first)s” and “%(second)s” both hold %(role)s: keep one, or map the "
                "other to Ignore in the column mapping.",
                first=params["first"],
                second=params["second"],
                role=labels[params["role"]],
            )
        return _(
            "The file has no column for %(missing)s (its headers: %(headers)s). Name the columns "
            "工号/Employee No. (or 姓名/Employee), 期间/Period, 指标代码/KPI Code (or 指标/KPI), "
            "实际值/Actual, or choose a saved column mapping for this source.",
            missing=", ".join(labels[role] for role in params["roles"]),
            headers=", ".join(params["headers"]) or "-",
        )

    def _role_labels(self):
        return dict(
            self.env["dealer_org.kpi.actual.mapping.line"]._fields["role"]._description_selection(self.env)
        )

    def _cell_error(self, error, value):
        """The translated reason a cell was refused."""
        _ = self.env._
        code = error.code
        if code == "employee_empty":
            return _("no employee: give the employee number (Badge ID) or the name.")
        if code in ("period_empty", "period"):
            return _(
                "“%(value)s” is not a period: write a month as 2026-12 or 2026年12月, a quarter as 2026Q4, "
                "a year as 2026.",
                value=value,
            )
        if code == "kpi_empty":
            return _("no KPI: give the KPI code (e.g. SALES_TARGET).")
        if code == "comment":
            return _(
                "the comment holds control characters or is longer than 2,000 characters "
                "(%(length)s): shorten it and remove invisible characters.",
                length=error.params.get("length"),
            )
        if code == "number_empty":
            return _("no actual value: give a number.")
        if error.params.get("percent"):
            return _(
                "“%(value)s” is not a number: give the percentage without the %% sign (95 for 95 %%).",
                value=value,
            )
        return _(
            "“%(value)s” is not a number: write digits, e.g. 95, 12.5 or 1,234.5.",
            value=value,
        )

    def _resolve(self):
        """Every data row of the file with what importing it would do. A fixed number of
        queries whatever the number of rows: the employees, the evaluations, their lines and
        the jobs' KPIs of the whole file are each read at once."""
        self.ensure_one()
        _ = self.env._
        data = base64.b64decode(self.with_context(bin_size=False).file or b"")
        try:
            table = kpi_actuals.read_table(data, self.filename)
            columns = kpi_actuals.recognise_headers(table.headers, self.mapping_id._as_dict())
        except ActualsError as error:
            raise UserError(self._file_error(error)) from error
        parsed = kpi_actuals.parse_rows(table, columns)
        if not parsed:
            raise UserError(_("The file has headers but no rows: one row per employee, KPI and period."))
        self._set({"encoding": table.encoding})
        header = {role: table.headers[index] or role for role, index in columns.items()}

        employees = self._find_employees(parsed)
        starts = {
            start for row in parsed if row.period for start in kpi_actuals.period_starts(row.period).values()
        }
        evaluations, lines = self._find_evaluations(
            {emp["id"] for emp in employees["all"].values()},
            starts,
            with_names=kpi_actuals.KPI_NAME in columns,
        )
        job_kpis = self._find_job_kpis({emp["job_id"] for emp in employees["all"].values() if emp["job_id"]})
        state_labels = dict(
            self.env["dealer_org.kpi.evaluation"]._fields["state"]._description_selection(self.env)
        )
        period_labels = dict(self.env["dealer_org.kpi"]._fields["period"]._description_selection(self.env))
        # The messages of most rows, translated once (a file is up to 100,000 rows).
        unchanged_message = _("Already %(value)s: nothing to change.")
        update_message = _("%(old)s → %(new)s")
        seen = {}  # line id -> row number
        results = []
        for row in parsed:
            result = Resolved(
                number=row.number,
                employee_ref=row.employee_no or row.employee_name,
                period=row.period_text,
                kpi_code=row.kpi_code or row.kpi_name,
                actual_text=row.actual_text,
                actual=row.actual,
                comment=row.comment,
                company_id=self.company_id.id,
            )
            results.append(result)

            def refuse(role, kind, message, result=result):
                result.outcome, result.error_kind = "error", kind
                result.message = _(
                    "Row %(row)s, column “%(column)s”: %(message)s",
                    row=result.number,
                    column=header.get(role, role),
                    message=message,
                )
                return result

            if row.errors:
                role, error = row.errors[0]
                value = {kpi_actuals.PERIOD: row.period_text, kpi_actuals.ACTUAL: row.actual_text}.get(
                    role, ""
                )
                refuse(role, error.code, self._cell_error(error, value))
            employee, problem = self._employee_of(row, employees)
            if employee:
                result.employee_id = employee["id"]
                result.company_id = employee["company_id"]
            if row.errors:
                continue
            if problem:
                refuse(*problem)
                continue
            # The evaluation: of the KPI's period type, for the period the row gives.
            candidates = kpi_actuals.period_starts(row.period)
            kpi_key = self._kpi_key(row, job_kpis.get(employee["job_id"], []))
            evaluation = line = None
            for period_type, start in candidates.items():
                found = evaluations.get((employee["id"], period_type, start))
                if found:
                    evaluation = evaluation or found
                    line = self._match_line(row, lines.get(found["id"], []))
                    if line:
                        evaluation = found
                        break
            kpi_column = kpi_actuals.KPI_CODE if row.kpi_code else kpi_actuals.KPI_NAME
            if not line:
                problem = self._missing_line(
                    row,
                    result,
                    employee,
                    evaluation,
                    evaluations,
                    lines,
                    candidates,
                    kpi_key,
                    job_kpis,
                    period_labels,
                )
                refuse(*problem)
                continue
            result.evaluation_id, result.line_id = evaluation["id"], line["id"]
            result.period_type, result.period_start = evaluation["period_type"], evaluation["period_start"]
            result.kpi_code, result.old_actual = line["code"], line["actual"]
            problem = self._line_problem(row, employee, evaluation, line, seen, kpi_column, state_labels)
            if problem:
                refuse(*problem)
                continue
            seen[line["id"]] = row.number
            same_comment = not row.comment or row.comment == (line["comment"] or "")
            if abs(row.actual - (line["actual"] or 0.0)) <= ACTUAL_TOLERANCE and same_comment:
                result.outcome = "unchanged"
                result.message = unchanged_message % {"value": _number(row.actual)}
            else:
                result.outcome = "update"
                result.message = update_message % {
                    "old": _number(line["actual"] or 0.0),
                    "new": _number(row.actual),
                }
        return results

    def _line_problem(self, row, employee, evaluation, line, seen, kpi_column, state_labels):
        """Why the line a row names is not imported, (role, error kind, message), or None: an
        approved, locked or archived evaluation, the importer's own, a computed KPI, a line
        given twice in the file."""
        _ = self.env._
        if evaluation["state"] in FROZEN_STATES:
            return (
                kpi_actuals.PERIOD,
                "frozen",
                _(
                    "the evaluation %(evaluation)s is %(state)s: an import never changes it (an HR "
                    "manager can reopen it with a reason).",
                    evaluation=evaluation["name"],
                    state=state_labels[evaluation["state"]],
                ),
            )
        if not evaluation["active"]:
            return (
                kpi_actuals.PERIOD,
                "archived",
                _(
                    "the evaluation %(evaluation)s is archived: an HR officer restores it (Unarchive) "
                    "before its actuals are imported.",
                    evaluation=evaluation["name"],
                ),
            )
        if employee["user_id"] == self.env.uid:
            return (
                kpi_actuals.EMPLOYEE_NO if row.employee_no else kpi_actuals.EMPLOYEE_NAME,
                "own",
                _(
                    "this is your own evaluation: nobody enters their own actuals; another HR officer "
                    "imports this row."
                ),
            )
        if line["source"] != "manual":
            return (
                kpi_column,
                "computed",
                _(
                    "the KPI %(kpi)s is computed from checklist completion (Update Computed Actuals), "
                    "not imported: remove the row.",
                    kpi=line["code"],
                ),
            )
        if line["id"] in seen:
            return (
                kpi_column,
                "duplicate",
                _(
                    "row %(first)s already gives %(kpi)s of %(evaluation)s: keep one of the two rows.",
                    first=seen[line["id"]],
                    kpi=line["code"],
                    evaluation=evaluation["name"],
                ),
            )
        return None

    def _missing_line(self, row, result, employee, evaluation, evaluations, lines, candidates, job_kpi,
                      job_kpis, period_labels):  # fmt: skip
        """Why a row found no line: (role, error kind, message). The KPI of another period type,
        no evaluation of the period yet (the row keeps its period for Generate Missing
        Evaluations), or a KPI the evaluation or the job does not have."""
        _ = self.env._
        kpi_column = kpi_actuals.KPI_CODE if row.kpi_code else kpi_actuals.KPI_NAME
        if job_kpi and job_kpi["period"] not in candidates:
            start = next(iter(candidates.values()), None)
            return (
                kpi_actuals.PERIOD,
                "period_type",
                _(
                    "the KPI %(kpi)s is evaluated %(period_type)s: write the period as %(example)s.",
                    kpi=job_kpi["code"],
                    period_type=period_labels.get(job_kpi["period"], job_kpi["period"]).lower(),
                    example=kpi_actuals.period_text(
                        job_kpi["period"],
                        start or fields.Date.today(),
                    ),
                ),
            )
        if job_kpi and not evaluations.get(
            (employee["id"], job_kpi["period"], candidates.get(job_kpi["period"]))
        ):
            result.period_type = job_kpi["period"]
            result.period_start = candidates[job_kpi["period"]]
            return (
                kpi_actuals.PERIOD,
                "no_evaluation",
                _(
                    "%(employee)s has no evaluation for %(period)s yet: generate the period's drafts "
                    "(Generate Missing Evaluations) and preview again.",
                    employee=employee["name"],
                    period=kpi_actuals.period_text(result.period_type, result.period_start),
                ),
            )
        if evaluation:
            return (
                kpi_column,
                "kpi_unknown",
                _(
                    "the evaluation %(evaluation)s has no KPI “%(value)s”: use one of %(codes)s.",
                    evaluation=evaluation["name"],
                    value=result.kpi_code,
                    codes=", ".join(sorted(l_["code"] for l_ in lines.get(evaluation["id"], []))) or "-",
                ),
            )
        return (
            kpi_column,
            "kpi_unknown",
            _(
                "the job of %(employee)s has no KPI “%(value)s”: use one of %(codes)s.",
                employee=employee["name"],
                value=result.kpi_code,
                codes=", ".join(sorted({k["code"] for k in job_kpis.get(employee["job_id"], [])})) or "-",
            ),
        )

    def _employee_of(self, row, employees):
        """(employee, None) of a row, or (None, (role, error kind, message)): by number, else by
        a name unique among the user's companies."""
        _ = self.env._
        if row.employee_no:
            employee = employees["by_number"].get(row.employee_no)
            if employee:
                return employee, None
            return None, (
                kpi_actuals.EMPLOYEE_NO,
                "employee_unknown",
                _(
                    "no employee with the number “%(value)s” in your companies: check the number (the "
                    "employee's Badge ID in Odoo).",
                    value=row.employee_no,
                ),
            )
        named = employees["by_name"].get(row.employee_name, [])
        if len(named) == 1:
            return named[0], None
        if named:
            return None, (
                kpi_actuals.EMPLOYEE_NAME,
                "employee_ambiguous",
                _(
                    "%(count)s employees are named “%(value)s”: give the employee number (Badge ID) instead.",
                    count=len(named),
                    value=row.employee_name,
                ),
            )
        return None, (
            kpi_actuals.EMPLOYEE_NAME,
            "employee_unknown",
            _(
                "no employee named “%(value)s” in your companies: check the spelling or give the employee "
                "number (Badge ID).",
                value=row.employee_name,
            ),
        )

    @staticmethod
    def _kpi_key(row, kpis):
        """The job's KPI a row names (by code, or by name in any language), or None."""
        if row.kpi_code:
            code = row.kpi_code.strip().upper()
            return next((k for k in kpis if k["code"].upper() == code), None)
        name = kpi_actuals.normalize_header(row.kpi_name)
        return next((k for k in kpis if name in k["names"]), None)

    @staticmethod
    def _match_line(row, lines):
        if row.kpi_code:
            code = row.kpi_code.strip().upper()
            return next((line for line in lines if line["code"].upper() == code), None)
        name = kpi_actuals.normalize_header(row.kpi_name)
        return next((line for line in lines if name in line["names"]), None)

    def _find_employees(self, parsed):
        """The employees the file names, among those the user may read in the companies of the
        request (the record rules decide: another company's employee is simply not found)."""
        numbers = sorted({row.employee_no for row in parsed if row.employee_no})
        names = sorted({row.employee_name for row in parsed if not row.employee_no and row.employee_name})
        Employee = self.env["hr.employee"].with_context(active_test=False)
        domain = []
        if numbers:
            domain = [("barcode", "in", numbers)]
        if names:
            by_name = ["&", ("name", "in", names), ("active", "=", True)]
            domain = ["|", *domain, *by_name] if domain else by_name
        found = {"all": {}, "by_number": {}, "by_name": defaultdict(list)}
        if not domain:
            return found
        for employee in Employee.search_fetch(
            domain, ["barcode", "name", "company_id", "user_id", "job_id", "active"]
        ):
            info = {
                "id": employee.id,
                "name": employee.name,
                "company_id": employee.company_id.id,
                "user_id": employee.user_id.id,
                "job_id": employee.job_id.id,
            }
            found["all"][employee.id] = info
            if employee.barcode in numbers:
                found["by_number"][employee.barcode] = info
            if employee.active and employee.name in names:
                found["by_name"][employee.name].append(info)
        return found

    def _find_evaluations(self, employee_ids, starts, with_names=False):
        """({(employee, period type, start): evaluation}, {evaluation id: [line]}) of these
        employees and period starts, as the user may read them: two queries."""
        if not employee_ids or not starts:
            return {}, {}
        Evaluation = self.env["dealer_org.kpi.evaluation"].with_context(active_test=False)
        evaluations = {}
        for evaluation in Evaluation.search_fetch(
            [("employee_id", "in", list(employee_ids)), ("period_start", "in", list(starts))],
            ["employee_id", "period_type", "period_start", "state", "name", "active"],
        ):
            evaluations[(evaluation.employee_id.id, evaluation.period_type, evaluation.period_start)] = {
                "id": evaluation.id,
                "name": evaluation.name,
                "state": evaluation.state,
                "active": evaluation.active,
                "period_type": evaluation.period_type,
                "period_start": evaluation.period_start,
            }
        lines = defaultdict(list)
        if evaluations:
            Line = self.env["dealer_org.kpi.evaluation.line"]
            readable = Line._search([("evaluation_id", "in", [e["id"] for e in evaluations.values()])])
            self.env.cr.execute(
                SQL(
                    "SELECT id, evaluation_id, code, actual, comment, source, name FROM %s WHERE id IN %s",
                    SQL.identifier(Line._table),
                    readable.subselect(),
                )
            )
            for line_id, evaluation_id, code, actual, comment, source, names in self.env.cr.fetchall():
                lines[evaluation_id].append(
                    {
                        "id": line_id,
                        "code": code or "",
                        "actual": actual,
                        "comment": comment,
                        "source": source,
                        "names": {kpi_actuals.normalize_header(n) for n in (names or {}).values()}
                        if with_names
                        else (),
                    }
                )
        return evaluations, lines

    def _find_job_kpis(self, job_ids):
        """{job id: [active KPI]} of these jobs, with their names in every language: one query."""
        if not job_ids:
            return {}
        Kpi = self.env["dealer_org.kpi"]
        readable = Kpi._search([("job_id", "in", list(job_ids))])
        self.env.cr.execute(
            SQL(
                "SELECT job_id, code, period, name FROM %s WHERE id IN %s",
                SQL.identifier(Kpi._table),
                readable.subselect(),
            )
        )
        kpis = defaultdict(list)
        for job_id, code, period, names in self.env.cr.fetchall():
            kpis[job_id].append(
                {
                    "code": code or "",
                    "period": period,
                    "names": {kpi_actuals.normalize_header(n) for n in (names or {}).values()},
                }
            )
        return kpis

    # ------------------------------------------------------------------
    # Storing the rows, applying them
    # ------------------------------------------------------------------

    def _store_rows(self, rows):
        """Replace the import's rows with ``rows`` (one DELETE, one INSERT of all of them) and
        count the outcomes."""
        self.ensure_one()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM dealer_org_kpi_actual_import_row WHERE import_id = %s", self.id))
        columns = [
            ("company_id", "int4", lambda r: r.company_id),
            ("row_number", "int4", lambda r: r.number),
            ("employee_ref", "varchar", lambda r: r.employee_ref or None),
            ("employee_id", "int4", lambda r: r.employee_id),
            ("period", "varchar", lambda r: r.period or None),
            ("period_type", "varchar", lambda r: r.period_type),
            ("period_start", "date", lambda r: r.period_start),
            ("kpi_code", "varchar", lambda r: r.kpi_code or None),
            ("actual_text", "varchar", lambda r: r.actual_text or None),
            ("actual", "float8", lambda r: r.actual),
            ("old_actual", "float8", lambda r: r.old_actual),
            ("comment", "varchar", lambda r: r.comment or None),
            ("evaluation_id", "int4", lambda r: r.evaluation_id),
            ("line_id", "int4", lambda r: r.line_id),
            ("outcome", "varchar", lambda r: r.outcome),
            ("error_kind", "varchar", lambda r: r.error_kind),
            ("message", "varchar", lambda r: r.message),
        ]
        if rows:
            cr.execute(
                SQL(
                    """INSERT INTO dealer_org_kpi_actual_import_row
                           (import_id, create_uid, create_date, write_uid, write_date, %(names)s)
                       SELECT %(import)s, %(uid)s, %(now)s, %(uid)s, %(now)s, v.*
                         FROM unnest(%(arrays)s) AS v""",
                    names=SQL(", ").join(SQL.identifier(name) for name, _type, _get in columns),
                    uid=self.env.uid,
                    now=cr.now(),
                    arrays=SQL(", ").join(
                        SQL("%s::%s[]", [get(row) for row in rows], SQL(sql_type))
                        for _name, sql_type, get in columns
                    ),
                    **{"import": self.id},
                )
            )
        self.invalidate_recordset(["row_ids"])
        self._set({"preview_digest": _digest(rows)})
        counts = defaultdict(int)
        for row in rows:
            counts[row.outcome] += 1
        self._set(
            {
                "state": "previewed",
                "row_count": len(rows),
                "update_count": counts["update"],
                "unchanged_count": counts["unchanged"],
                "error_count": counts["error"],
                "missing_evaluation_count": sum(1 for row in rows if row.error_kind == "no_evaluation"),
                "previous_import_id": self.search(
                    [("checksum", "=", self.checksum), ("state", "=", "done"), ("id", "!=", self.id)],
                    limit=1,
                    order="imported_on desc, id desc",
                ).id,
            }
        )

    def _apply(self, updates):
        """Write the actuals (and comments) of ``updates`` to their lines: the line's write rules
        checked once for all of them as the importer (company and team record rules, frozen
        evaluations, nobody their own, only actual and comment), then one UPDATE of all lines,
        the scores, totals and grades recomputed set-based and one chatter message per
        evaluation. Returns the evaluations changed."""
        Line = self.env["dealer_org.kpi.evaluation.line"]
        if not updates:
            return self.env["dealer_org.kpi.evaluation"]
        lines = Line.browse([row.line_id for row in updates])
        written = {"actual"} | ({"comment"} if any(row.comment for row in updates) else set())
        # What the line's write() checks, for the whole batch at once.
        self._check_write_rules(lines)
        lines.check_field_access_rights("write", list(written))
        # What the evaluations' checks read, fetched in one query each (not 1,000 records at a time).
        evaluations = (
            self.env["dealer_org.kpi.evaluation"]
            .with_context(active_test=False)
            .search_fetch(
                [("id", "in", sorted({row.evaluation_id for row in updates}))],
                ["state", "company_id", "employee_id", "name"],
            )
        )
        self.env["hr.employee"].sudo().with_context(active_test=False).search_fetch(
            [("id", "in", evaluations.employee_id.ids)], ["user_id"]
        )
        evaluations._check_lines_editable(written)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """UPDATE dealer_org_kpi_evaluation_line AS line
                      SET actual = v.actual, comment = COALESCE(v.comment, line.comment),
                          write_uid = %(uid)s, write_date = %(now)s
                     FROM unnest(%(ids)s::int4[], %(actuals)s::float8[], %(comments)s::varchar[])
                          AS v(id, actual, comment)
                    WHERE line.id = v.id""",
                uid=self.env.uid,
                now=cr.now(),
                ids=[row.line_id for row in updates],
                actuals=[row.actual for row in updates],
                comments=[row.comment or None for row in updates],
            )
        )
        # What the line's write() marks (_mark_actuals_entered), in one statement for all.
        cr.execute(
            SQL(
                "UPDATE dealer_org_kpi_evaluation SET actuals_entered = true "
                "WHERE id = ANY(%s) AND actuals_entered IS NOT TRUE",
                evaluations.ids,
            )
        )
        Line.invalidate_model(["actual", "comment", "write_uid", "write_date"])
        evaluations.invalidate_recordset(["actuals_entered"])
        evaluations._store_scores()
        self._log_on_evaluations(evaluations, updates)
        return evaluations

    def _check_write_rules(self, records):
        """records.check_access("write") (ACL and record rules), the rules evaluated by the
        database in one query instead of in Python record by record (100,000 lines)."""
        records.browse().check_access("write")
        domain = self.env["ir.rule"]._compute_domain(records._name, "write")
        if not domain or self.env.su:
            return
        allowed = (
            records.sudo()
            .with_context(active_test=False)
            .search(expression.AND([[("id", "in", records.ids)], domain]))
        )
        forbidden = records - allowed
        if forbidden:
            raise self.env["ir.rule"]._make_access_error("write", forbidden)

    def _log_on_evaluations(self, evaluations, updates):
        """One chatter message per evaluation changed, naming the import, its file and checksum
        and each actual changed: the log note mail.thread._message_log_batch() writes (same
        author, subtype, reply-to, internal), inserted in one statement for all evaluations (the
        ORM would sanitize and insert them 100 at a time: a month of a dealer group is 20,000).
        The body is built here from escaped values only."""
        by_evaluation = defaultdict(list)
        for row in updates:
            by_evaluation[row.evaluation_id].append(row)
        intro = escape(
            self.env._(
                "KPI actuals imported from %(file)s (SHA-256 %(checksum)s, import #%(import)s):",
                file=self.filename,
                checksum=(self.checksum or "")[:16],
                **{"import": self.id},
            )
        )
        ids, bodies = [], []
        for evaluation_id, rows in by_evaluation.items():
            items = Markup("").join(
                Markup("<li>%s: %s → %s</li>")
                % (row.kpi_code, _number(row.old_actual or 0.0), _number(row.actual))
                for row in rows
            )
            ids.append(evaluation_id)
            bodies.append(str(Markup("<p>%s</p><ul>%s</ul>") % (intro, items)))
        Thread = evaluations.sudo()
        author_id, email_from = Thread._message_compute_author(None, None, raise_on_email=False)
        cr = self.env.cr
        cr.execute(
            SQL(
                """INSERT INTO mail_message (model, res_id, body, author_id, email_from, reply_to,
                       message_id, message_type, subtype_id, is_internal, email_add_signature, date,
                       create_uid, create_date, write_uid, write_date)
                   SELECT %(model)s, v.res_id, v.body, %(author)s, %(email_from)s, %(reply_to)s,
                          %(message_id)s, 'notification', %(subtype)s, true, false, %(now)s,
                          %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(ids)s::int4[], %(bodies)s::text[]) AS v(res_id, body)""",
                model=evaluations._name,
                author=author_id or None,
                email_from=email_from or None,
                reply_to=self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False] or None,
                message_id=generate_tracking_message_id("message-notify"),
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                now=cr.now(),
                uid=self.env.uid,
                ids=ids,
                bodies=bodies,
            )
        )
        self.env["mail.message"].invalidate_model()
        evaluations.invalidate_recordset(["message_ids"])


def _digest(rows):
    """A fingerprint of the resolved rows: the import stores them again only when it differs."""
    return hashlib.sha256(
        repr(
            [
                (r.number, r.employee_id, r.line_id, r.actual, r.old_actual, r.comment, r.outcome, r.message)
                for r in rows
            ]
        ).encode()  # fmt: skip
    ).hexdigest()


def _number(value):
    """A figure as a person writes it: 95, 12.5 (no trailing zeros)."""
    return f"{value:.6f}".rstrip("0").rstrip(".") if value is not None else ""

"""The payroll-day cockpit: what is still open before HR pays, in one server call.

``dealer_org.cockpit.get_data()`` returns every number of the screen (the OWL client action
``dealer_org.cockpit``, static/src/cockpit/) with, for each, the list it opens (model and
domain). Read as the calling HR officer, record rules included, over the companies selected
in the switcher only; a fixed number of grouped queries whatever the number of stores,
managers and employees (benchmarks/cockpit.py)."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

OPEN_STATES = ("draft", "submitted")
RESULT_STATES = ("submitted", "approved", "locked")
MAX_MONTHS = 12
MAX_ROWS = 200


class DealerOrgCockpit(models.AbstractModel):
    _name = "dealer_org.cockpit"
    _description = "Payroll Day Cockpit"

    @api.model
    def _default_period(self):
        """The month just ended: payroll pays it in the first days of the next."""
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    @api.model
    def get_data(self, period=None, months=3, limit=50):
        """All numbers of the cockpit for the month starting ``period`` (default: last month),
        trends over ``months`` months, ``limit`` rows per table (the stores and managers with
        the most open work first; the totals count everything)."""
        if not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(self.env._("The payroll-day cockpit is for HR officers."))
        try:
            start = fields.Date.to_date(period) if period else self._default_period()
            months = max(1, min(int(months), MAX_MONTHS))
            limit = max(1, min(int(limit), MAX_ROWS))
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("The cockpit's period, months and limit are a date and numbers.")
            ) from error
        start = start.replace(day=1)
        end = start + relativedelta(months=1, days=-1)
        companies = self.env.companies  # Odoo refuses companies the user is not allowed in
        company_ids = companies.ids
        Evaluation = self.env["dealer_org.kpi.evaluation"]
        period_domain = [
            ("company_id", "in", company_ids),
            ("period_type", "=", "monthly"),
            ("period_start", "=", start),
        ]
        stores = {}

        def store(company):
            return stores.setdefault(
                company.id,
                {"id": company.id, "draft": 0, "submitted": 0, "missing": 0, "overdue": 0, "trend": {}},
            )

        # 1. Evaluations not approved yet, per store and state.
        for company, state, count in Evaluation._read_group(
            [*period_domain, ("state", "in", OPEN_STATES)], ["company_id", "state"], ["__count"]
        ):
            store(company)[state] = count
        # 2. Missing evaluations: employees whose job has monthly KPIs, without one for the month.
        missing_domain = self._missing_domain(start)
        for company, count in self.env["hr.employee"]._read_group(
            [*missing_domain, ("company_id", "in", company_ids)], ["company_id"], ["__count"]
        ):
            store(company)["missing"] = count
        # 3. Overdue checklists of the month, per store; 4. and per manager (below).
        overdue_domain = [
            ("company_id", "in", company_ids),
            ("state", "=", "overdue"),
            ("deadline", ">=", start),
            ("deadline", "<=", end),
        ]
        Checklist = self.env["dealer_org.checklist"]
        for company, count in Checklist._read_group(overdue_domain, ["company_id"], ["__count"]):
            store(company)["overdue"] = count
        # 5. Trends: completion (checklists) and average score (evaluations) per store and month.
        first = start - relativedelta(months=months - 1)
        month_list = [first + relativedelta(months=n) for n in range(months)]
        for company, month, due, completed, on_time in self.env[
            "dealer_org.checklist.completion"
        ]._read_group(
            [("company_id", "in", company_ids), ("month", ">=", first), ("month", "<=", start)],
            ["company_id", "month:month"],
            ["due_lines:sum", "completed_lines:sum", "on_time_lines:sum"],
        ):
            point = store(company)["trend"].setdefault(fields.Date.to_string(month), {})
            point.update(due=due, completed=completed, on_time=on_time)
        for company, month, score, count in Evaluation._read_group(
            [
                ("company_id", "in", company_ids),
                ("period_type", "=", "monthly"),
                ("period_start", ">=", first),
                ("period_start", "<=", start),
                ("state", "in", RESULT_STATES),
            ],
            ["company_id", "period_start:month"],
            ["total_score:avg", "__count"],
        ):
            point = store(company)["trend"].setdefault(fields.Date.to_string(month), {})
            point.update(score=score, evaluations=count)
        managers = self._per_manager(period_domain, overdue_domain, limit)

        rows = list(stores.values())
        for row in rows:
            row["pending"] = row["draft"] + row["submitted"]
            trend = row.pop("trend")
            row["months"] = [self._month_point(trend.get(fields.Date.to_string(m), {})) for m in month_list]
            current = row["months"][-1]
            row["completion"], row["score"] = current["completion"], current["score"]
        totals = {
            key: sum(row[key] for row in rows)
            for key in ("draft", "submitted", "pending", "missing", "overdue")
        }
        group_months = []
        for index, month in enumerate(month_list):
            points = [row["months"][index] for row in rows]
            due = sum(p["due"] for p in points)
            completed = sum(p["completed"] for p in points)
            evaluations = sum(p["evaluations"] for p in points)
            score_sum = sum(p["score"] * p["evaluations"] for p in points if p["score"] is not None)
            group_months.append(
                {
                    "month": fields.Date.to_string(month),
                    "label": self._month_label(month),
                    "completion": round(100.0 * completed / due, 1) if due else None,
                    "score": round(score_sum / evaluations, 1) if evaluations else None,
                }
            )
        rows.sort(key=lambda r: (-(r["pending"] + r["missing"] + r["overdue"]), r["id"]))
        shown = rows[:limit]
        self._name_rows(shown, managers)
        return {
            "period": fields.Date.to_string(start),
            "period_label": self._month_label(start),
            "periods": [
                {"value": fields.Date.to_string(m), "label": self._month_label(m)}
                for m in (self._default_period() - relativedelta(months=n) for n in range(-1, MAX_MONTHS))
            ],
            "company_count": len(companies),
            "store_count": len(rows),
            "totals": totals,
            "stores": shown,
            "managers": managers,
            "months": group_months,
            "domains": self._domains(start, end),
        }

    @api.model
    def _missing_domain(self, start):
        return [
            ("job_id.kpi_ids", "any", [("period", "=", "monthly")]),
            (
                "kpi_evaluation_ids",
                "not any",
                [("period_type", "=", "monthly"), ("period_start", "=", start)],
            ),
        ]

    @api.model
    def _domains(self, start, end):
        """The domains the client combines with a store or a manager to open each number's list."""
        period = [("period_type", "=", "monthly"), ("period_start", "=", fields.Date.to_string(start))]
        return {
            "draft": [*period, ("state", "=", "draft")],
            "submitted": [*period, ("state", "=", "submitted")],
            "pending": [*period, ("state", "in", list(OPEN_STATES))],
            "missing": self._missing_domain(fields.Date.to_string(start)),
            "overdue": [
                ("state", "=", "overdue"),
                ("deadline", ">=", fields.Date.to_string(start)),
                ("deadline", "<=", fields.Date.to_string(end)),
            ],
        }

    @api.model
    def _per_manager(self, period_domain, overdue_domain, limit):
        """Open evaluations and overdue checklists per manager of the employee (their
        ``parent_id``): two grouped queries on the record-rule-filtered rows."""
        cr = self.env.cr
        found = {}
        for model, domain, key in (
            ("dealer_org.kpi.evaluation", [*period_domain, ("state", "in", OPEN_STATES)], "pending"),
            ("dealer_org.checklist", overdue_domain, "overdue"),
        ):
            # The rows the user may read (record rules), joined to their employee's manager.
            query = self.env[model]._search(domain)
            table = query.table
            employee = query.make_alias(table, "manager_of")
            query.add_join(
                "JOIN",
                employee,
                "hr_employee",
                SQL("%s = %s", SQL.identifier(employee, "id"), SQL.identifier(table, "employee_id")),
            )
            query.groupby = SQL.identifier(employee, "parent_id")
            cr.execute(query.select(SQL.identifier(employee, "parent_id"), SQL("count(*)")))
            for manager_id, count in cr.fetchall():
                found.setdefault(manager_id or 0, {"id": manager_id or False, "pending": 0, "overdue": 0})[
                    key
                ] = count
        rows = sorted(found.values(), key=lambda r: (-(r["pending"] + r["overdue"]), r["id"] or 0))[:limit]
        managers = self.env["hr.employee"].sudo().browse([r["id"] for r in rows if r["id"]])
        managers.fetch(["name", "company_id"])
        for row in rows:
            row["company_id"] = managers.browse(row["id"]).company_id.id if row["id"] else False
        return rows

    def _name_rows(self, stores, managers):
        """Name the stores and managers shown: one query for the managers (made by
        _per_manager), one for every company named. A manager in a company the user has not
        selected is not named."""
        allowed = set(self.env.companies.ids)
        Company = self.env["res.company"].sudo()
        companies = Company.browse(
            {r["id"] for r in stores} | {r["company_id"] for r in managers if r["company_id"]}
        )
        companies.fetch(["name"])
        for row in stores:
            row["name"] = Company.browse(row["id"]).name
        Employee = self.env["hr.employee"].sudo()
        for row in managers:
            if not row["id"]:
                row["name"], row["company"] = self.env._("No manager"), ""
            elif row["company_id"] in allowed:
                row["name"], row["company"] = (
                    Employee.browse(row["id"]).name,
                    Company.browse(row["company_id"]).name,
                )
            else:
                row["name"], row["company"] = self.env._("A manager of another company"), ""

    @staticmethod
    def _month_point(point):
        due = point.get("due", 0)
        return {
            "due": due,
            "completed": point.get("completed", 0),
            "completion": round(100.0 * point.get("completed", 0) / due, 1) if due else None,
            "on_time": round(100.0 * point.get("on_time", 0) / due, 1) if due else None,
            "score": round(point["score"], 1) if point.get("score") is not None else None,
            "evaluations": point.get("evaluations", 0),
        }

    def _month_label(self, month):
        return month.strftime("%Y-%m") if isinstance(month, date) else str(month)

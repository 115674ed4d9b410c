"""Monthly checklist completion per employee: what the Checklist Completion report reads.

The report used to aggregate the checklist lines themselves (millions of rows for a year
of 10,000 employees: 1-3 s); it now reads one row per employee and month (38,690 rows for
a year of the benchmark's 10,000 employees, 28 ms: docs/scale.md). The rows are kept by
PostgreSQL, not by the ORM:

- a statement-level trigger on ``dealer_org_checklist_line`` (INSERT, UPDATE, DELETE, with
  transition tables: the generation's set-based INSERT of thousands of lines runs it once)
  adds each changed line's old contribution with a minus sign and its new one with a plus
  sign to the counters of its (employee, company, department, job, month) row (upsert) and
  deletes the rows left empty;
- a line counts as due when its deadline is on or before the *due-until date* of the last
  refresh (``dealer_org_checklist_completion_cutoff``), as upcoming otherwise; the daily
  checklist cron calls ``_refresh_completion``, which moves the date to today and
  recomputes the months it crosses (at least the current and previous month) from the
  lines in one statement, so lines that became due move from upcoming to due;
- ``_rebuild_completion`` recomputes every row from the lines (``init`` runs it on a
  database that has lines and no rows yet: the upgrade of an existing database).
"""

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.checklist_periods import local_today

TABLE = "dealer_org_checklist_completion"
CUTOFF_TABLE = "dealer_org_checklist_completion_cutoff"
# The row key; COALESCE so that a line without department or job still has one row.
KEY_COLUMNS = (
    "employee_id, month, (COALESCE(company_id, 0)), (COALESCE(department_id, 0)), (COALESCE(job_id, 0))"
)
COMPLETION_EXPR = "CASE WHEN {due} > 0 THEN 100.0 * {completed} / {due} END"
# A line completed: done (late or not) or confirmed not applicable; on time: done by its
# deadline on the employee's day (the line's stored on_time) or confirmed not applicable.
COMPLETED_SQL = "result IN ('done', 'not_applicable')"
ON_TIME_SQL = "(result = 'not_applicable' OR (result = 'done' AND on_time IS TRUE))"


def _contributions(source, cutoff):
    """SELECT of the counters each line of ``source`` (a table or transition table, with a
    ``sign`` column) adds to its row, grouped by row."""
    return f"""
        SELECT employee_id, company_id, department_id, job_id,
               date_trunc('month', deadline)::date AS month,
               sum(sign * (deadline <= {cutoff})::int) AS due,
               sum(sign * (deadline <= {cutoff} AND {COMPLETED_SQL})::int) AS completed,
               sum(sign * (deadline <= {cutoff} AND {ON_TIME_SQL})::int) AS on_time,
               sum(sign * (deadline > {cutoff})::int) AS upcoming
          FROM {source}
         WHERE employee_id IS NOT NULL
      GROUP BY employee_id, company_id, department_id, job_id, date_trunc('month', deadline)"""


def _upsert(contributions):
    """INSERT of ``contributions`` adding them to the existing rows' counters."""
    completion_new = COMPLETION_EXPR.format(due="d.due", completed="d.completed")
    on_time_new = COMPLETION_EXPR.format(due="d.due", completed="d.on_time")
    completion_sum = COMPLETION_EXPR.format(
        due="(c.due_lines + EXCLUDED.due_lines)", completed="(c.completed_lines + EXCLUDED.completed_lines)"
    )
    on_time_sum = COMPLETION_EXPR.format(
        due="(c.due_lines + EXCLUDED.due_lines)", completed="(c.on_time_lines + EXCLUDED.on_time_lines)"
    )
    return f"""
        INSERT INTO {TABLE} AS c (employee_id, company_id, department_id, job_id, month,
                                  due_lines, completed_lines, on_time_lines, upcoming_lines,
                                  completion, on_time)
        SELECT d.employee_id, d.company_id, d.department_id, d.job_id, d.month,
               d.due, d.completed, d.on_time, d.upcoming, {completion_new}, {on_time_new}
          FROM ({contributions}) d
         WHERE d.due <> 0 OR d.completed <> 0 OR d.on_time <> 0 OR d.upcoming <> 0
        ON CONFLICT ({KEY_COLUMNS}) DO UPDATE
           SET due_lines = c.due_lines + EXCLUDED.due_lines,
               completed_lines = c.completed_lines + EXCLUDED.completed_lines,
               on_time_lines = c.on_time_lines + EXCLUDED.on_time_lines,
               upcoming_lines = c.upcoming_lines + EXCLUDED.upcoming_lines,
               completion = {completion_sum},
               on_time = {on_time_sum}"""


# The columns that place a line in its row (with the month of its deadline).
PLACE = "deadline, employee_id, company_id, department_id, job_id"
_OLD_PLACE = ", ".join(f"o.{c.strip()}" for c in PLACE.split(","))
_NEW_PLACE = ", ".join(f"n.{c.strip()}" for c in PLACE.split(","))

# An UPDATE that only changes results (ticking, or whether a line is on time): each such
# line's old result with sign -1 and its new one with sign +1, added to its row's counters.
TICKED = f"""(SELECT x.* FROM old_lines o JOIN new_lines n ON n.id = o.id
     CROSS JOIN LATERAL (VALUES
         (o.employee_id, o.company_id, o.department_id, o.job_id, o.deadline, o.result::varchar,
          o.on_time, -1),
         (n.employee_id, n.company_id, n.department_id, n.job_id, n.deadline, n.result::varchar,
          n.on_time, 1))
         AS x (employee_id, company_id, department_id, job_id, deadline, result, on_time, sign)
     WHERE (o.result, o.on_time) IS DISTINCT FROM (n.result, n.on_time)
       AND ({_OLD_PLACE}) IS NOT DISTINCT FROM ({_NEW_PLACE})) l"""

# The (employee, month) rows of lines an UPDATE moved (another deadline, employee, company,
# department or job: HR's edits, or PostgreSQL emptying the key of a deleted job, department
# or employee) or a DELETE removed: recomputed from the lines as they are now, never from
# counters keyed on records that may be being deleted.
MOVED = f"""SELECT o.employee_id, date_trunc('month', o.deadline)::date AS month
      FROM old_lines o JOIN new_lines n ON n.id = o.id
     WHERE ({_OLD_PLACE}) IS DISTINCT FROM ({_NEW_PLACE})
    UNION
    SELECT n.employee_id, date_trunc('month', n.deadline)::date
      FROM old_lines o JOIN new_lines n ON n.id = o.id
     WHERE ({_OLD_PLACE}) IS DISTINCT FROM ({_NEW_PLACE})"""
REMOVED = "SELECT DISTINCT employee_id, date_trunc('month', deadline)::date AS month FROM old_lines"


def _recompute(affected):
    """Statements replacing the rows of the ``affected`` (employee, month) pairs by counts of
    the lines."""
    lines = f"""(SELECT l.*, 1 AS sign FROM dealer_org_checklist_line l
                   JOIN ({affected}) a ON l.employee_id = a.employee_id
                    AND l.deadline >= a.month AND l.deadline < (a.month + interval '1 month')::date) l"""
    return (
        f"""DELETE FROM {TABLE} c USING ({affected}) a
             WHERE c.employee_id = a.employee_id AND c.month = a.month""",
        _upsert(_contributions(lines, "$1")),
    )


def _run(statements):
    return "\n".join(f"EXECUTE $q${statement}$q$ USING cutoff;" for statement in statements)


TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TABLE}_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    cutoff date;
BEGIN
    SELECT due_until INTO cutoff FROM {CUTOFF_TABLE} LIMIT 1;
    cutoff := COALESCE(cutoff, CURRENT_DATE);
    IF TG_OP = 'INSERT' THEN
        {_run([_upsert(_contributions("(SELECT n.*, 1 AS sign FROM new_lines n) l", "$1"))])}
    ELSIF TG_OP = 'UPDATE' THEN
        -- Ticking adds to the counters (a note changes nothing); moved lines are recounted after.
        {_run([_upsert(_contributions(TICKED, "$1")), *_recompute(MOVED)])}
    ELSE
        {_run(_recompute(REMOVED))}
    END IF;
    RETURN NULL;
END
$fn$"""


class DealerOrgChecklistCompletion(models.Model):
    _name = "dealer_org.checklist.completion"
    _description = "Monthly Checklist Completion"
    _order = "month desc, company_id, department_id, employee_id"
    _rec_name = "employee_id"
    _log_access = False

    # cascade: a row of a deleted record goes; the trigger recounts its lines (kept, or emptied
    # of the deleted reference by PostgreSQL) into the rows they now belong to.
    employee_id = fields.Many2one("hr.employee", "Employee", readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", "Company", readonly=True, ondelete="cascade")
    department_id = fields.Many2one("hr.department", "Department", readonly=True, ondelete="cascade")
    job_id = fields.Many2one("hr.job", "Job Position", readonly=True, ondelete="cascade")
    month = fields.Date(readonly=True, help="First day of the month of the lines' deadlines.")
    due_lines = fields.Integer(
        readonly=True,
        help="Checklist lines of the month whose deadline had come at the last daily refresh.",
    )
    completed_lines = fields.Integer(
        readonly=True,
        help="Of the due lines, those done (by their deadline or late) or confirmed not applicable.",
    )
    on_time_lines = fields.Integer(
        "On-Time Lines",
        readonly=True,
        help="Of the due lines, those done by their deadline (on the employee's day) or confirmed not "
        "applicable.",
    )
    upcoming_lines = fields.Integer(
        readonly=True, help="Checklist lines of the month whose deadline is still to come."
    )
    completion = fields.Float(
        "Completion (%)",
        readonly=True,
        aggregator="avg",
        help="Completed lines / due lines. In the pivot and graph, the rate of the lines of the group "
        "(each line weighs the same, not each employee); empty when nothing was due.",
    )
    on_time = fields.Float(
        "On Time (%)",
        readonly=True,
        aggregator="avg",
        help="On-time lines / due lines: what the KPI “checklist completion” reads. In the pivot and "
        "graph, the rate of the lines of the group; empty when nothing was due.",
    )

    def init(self):
        res = super().init()
        cr = self.env.cr
        table, cutoff = SQL.identifier(TABLE), SQL.identifier(CUTOFF_TABLE)
        cr.execute(SQL("CREATE TABLE IF NOT EXISTS %s (due_until date NOT NULL)", cutoff))
        cr.execute(
            SQL(
                "INSERT INTO %s (due_until) SELECT CURRENT_DATE WHERE NOT EXISTS (SELECT 1 FROM %s)",
                cutoff,
                cutoff,
            )
        )
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)",
                SQL.identifier(f"{TABLE}_key_index"),
                table,
                SQL(KEY_COLUMNS),
            )
        )
        cr.execute(
            SQL("CREATE INDEX IF NOT EXISTS %s ON %s (month)", SQL.identifier(f"{TABLE}_month_index"), table)
        )
        cr.execute(SQL(TRIGGER_FUNCTION))
        for op, refs in (
            ("INSERT", "NEW TABLE AS new_lines"),
            ("UPDATE", "OLD TABLE AS old_lines NEW TABLE AS new_lines"),
            ("DELETE", "OLD TABLE AS old_lines"),
        ):
            name = SQL.identifier(f"{TABLE}_{op.lower()}")
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON dealer_org_checklist_line", name))
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s AFTER %s ON dealer_org_checklist_line REFERENCING %s "
                    "FOR EACH STATEMENT EXECUTE FUNCTION %s()",
                    name,
                    SQL(op),
                    SQL(refs),
                    SQL.identifier(f"{TABLE}_apply"),
                )
            )
        cr.execute(
            SQL(
                "SELECT NOT EXISTS (SELECT 1 FROM %s) AND EXISTS (SELECT 1 FROM dealer_org_checklist_line)",
                table,
            )
        )
        if cr.fetchone()[0]:
            self._rebuild_completion()
        return res

    # ------------------------------------------------------------------ maintenance
    @api.model
    def _today(self, now=None):
        """The latest date it is in any employee's timezone (as the checklist generation)."""
        now = now or fields.Datetime.now()
        self.env.cr.execute("SELECT DISTINCT tz FROM resource_resource WHERE tz IS NOT NULL")
        return max([local_today(now, tz) for [tz] in self.env.cr.fetchall()] or [local_today(now, "UTC")])

    @api.model
    def _due_until(self):
        self.env.cr.execute(SQL("SELECT due_until FROM %s LIMIT 1", SQL.identifier(CUTOFF_TABLE)))
        row = self.env.cr.fetchone()
        return row and row[0]

    @api.model
    def _refresh_completion(self, today=None, now=None):
        """Move the due-until date to ``today`` and recompute, from the lines, the rows of
        the months between the previous due-until date and today (at least the current and
        previous month): lines whose deadline came meanwhile move from upcoming to due. One
        statement for the rows; nothing to do when the date is today already. Returns
        whether it refreshed."""
        today = today or self._today(now)
        previous = self._due_until()
        if previous and previous >= today:
            return False
        self.env.flush_all()  # the lines' pending writes reach the table (and the trigger)
        cr = self.env.cr
        cr.execute(f"UPDATE {CUTOFF_TABLE} SET due_until = %s", [today])
        first = min(previous or today, fields.Date.subtract(today, months=1)).replace(day=1)
        stop = fields.Date.add(today.replace(day=1), months=1)
        self._recompute_months(today, first, stop)
        self.invalidate_model()
        return True

    @api.model
    def _rebuild_completion(self, today=None):
        """Recompute every row from the lines (the due-until date kept, or today)."""
        self.env.flush_all()
        cr = self.env.cr
        today = today or self._due_until() or self._today()
        cr.execute(f"UPDATE {CUTOFF_TABLE} SET due_until = %s", [today])
        self._recompute_months(today, None, None)
        self.invalidate_model()

    @api.model
    def _recompute_months(self, cutoff, first, stop):
        """Set the rows of the months of [first, stop) (every month when None) to the
        counts of the lines, in one statement: upsert of the fresh counts, deletion of the
        rows of those months no line counts any more."""
        where = SQL("TRUE") if first is None else SQL("deadline >= %s AND deadline < %s", first, stop)
        months = SQL("TRUE") if first is None else SQL("c.month >= %s AND c.month < %s", first, stop)
        completion = COMPLETION_EXPR.format(due="d.due", completed="d.completed")
        on_time = COMPLETION_EXPR.format(due="d.due", completed="d.on_time")
        self.env.cr.execute(
            SQL(
                f"""WITH d AS (
                        SELECT employee_id, company_id, department_id, job_id,
                               date_trunc('month', deadline)::date AS month,
                               count(*) FILTER (WHERE deadline <= %(cutoff)s) AS due,
                               count(*) FILTER (WHERE deadline <= %(cutoff)s AND {COMPLETED_SQL})
                                   AS completed,
                               count(*) FILTER (WHERE deadline <= %(cutoff)s AND {ON_TIME_SQL})
                                   AS on_time,
                               count(*) FILTER (WHERE deadline > %(cutoff)s) AS upcoming
                          FROM dealer_org_checklist_line
                         WHERE employee_id IS NOT NULL AND %(where)s
                      GROUP BY employee_id, company_id, department_id, job_id, date_trunc('month', deadline)),
                    up AS (
                        INSERT INTO {TABLE} AS c (employee_id, company_id, department_id, job_id, month,
                                                  due_lines, completed_lines, on_time_lines, upcoming_lines,
                                                  completion, on_time)
                        SELECT d.employee_id, d.company_id, d.department_id, d.job_id, d.month,
                               d.due, d.completed, d.on_time, d.upcoming, {completion}, {on_time}
                          FROM d
                        ON CONFLICT ({KEY_COLUMNS}) DO UPDATE
                           SET due_lines = EXCLUDED.due_lines, completed_lines = EXCLUDED.completed_lines,
                               on_time_lines = EXCLUDED.on_time_lines,
                               upcoming_lines = EXCLUDED.upcoming_lines, completion = EXCLUDED.completion,
                               on_time = EXCLUDED.on_time
                        RETURNING c.id)
                    DELETE FROM {TABLE} c
                     WHERE %(months)s AND NOT EXISTS (SELECT 1 FROM up WHERE up.id = c.id)""",
                cutoff=cutoff,
                where=where,
                months=months,
            )
        )

    # ------------------------------------------------------------------ reading
    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # The rows follow the lines through the database trigger: the lines' pending
        # writes of this transaction must reach the table before the rows are searched
        # (search, read_group, search_count all come here).
        self.env["dealer_org.checklist.line"].flush_model()
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """The completion of a group is the rate of its lines (sum of the completed lines /
        sum of the due lines), not the average of its employees' rates."""
        counted = {"completion:avg": "completed_lines", "on_time:avg": "on_time_lines"}.get(aggregate_spec)
        if counted:
            completed = self._field_to_sql(self._table, counted, query)
            due = self._field_to_sql(self._table, "due_lines", query)
            return SQL("100.0 * SUM(%s) / NULLIF(SUM(%s), 0)", completed, due)
        return super()._read_group_select(aggregate_spec, query)

"""18.0.1.2.0: an evaluation has one line per KPI code (unique index on evaluation_id, code).

Older databases can hold two lines of one code in an evaluation: Odoo's Import button created
a second line when given every column (issue 18), HR could add a line or change a line's code
on a draft. Before the index is added (Odoo's own attempt, just before this script, fails on
such data with a warning and leaves the table as it was) each duplicate is resolved:

* in a draft or submitted evaluation, the duplicates are merged into the line kept (the one
  copied from the job's KPI, else the oldest): its actual and comment are taken from the most
  recently written duplicate that has an actual when the kept line has none; the others are
  deleted and the scores recomputed;
* in an approved or locked evaluation nothing that counts for pay changes: the duplicates only
  get a code of their own (SALES_TARGET_2, …).

Each evaluation concerned gets a note in its chatter and the upgrade's log lists them.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import sql

_logger = logging.getLogger(__name__)

TABLE = "dealer_org_kpi_evaluation_line"
CONSTRAINT = "dealer_org_kpi_evaluation_line_evaluation_code_unique"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    resolve_duplicate_lines(env)


def resolve_duplicate_lines(env):
    """Merge or rename the duplicate (evaluation, code) lines, then add the unique index if
    Odoo could not. Returns {evaluation id: [(code, action)]}."""
    cr = env.cr
    cr.execute(
        f"""SELECT line.evaluation_id, line.code, ev.state,
                   array_agg(line.id ORDER BY (line.kpi_id IS NULL), line.id),
                   array_agg(line.actual ORDER BY (line.kpi_id IS NULL), line.id),
                   array_agg(line.comment ORDER BY (line.kpi_id IS NULL), line.id),
                   array_agg(line.write_date ORDER BY (line.kpi_id IS NULL), line.id)
              FROM {TABLE} line
              JOIN dealer_org_kpi_evaluation ev ON ev.id = line.evaluation_id
          GROUP BY line.evaluation_id, line.code, ev.state
            HAVING count(*) > 1"""
    )
    groups = cr.fetchall()
    report = {}
    if groups:
        cr.execute(f"SELECT evaluation_id, code FROM {TABLE}")
        taken = set(cr.fetchall())
    merged_evaluations = set()
    for evaluation_id, code, state, ids, actuals, comments, write_dates in groups:
        kept, others = ids[0], ids[1:]
        if state in ("approved", "locked"):
            for line_id in others:
                number = 2
                while (evaluation_id, f"{code}_{number}") in taken:
                    number += 1
                new_code = f"{code}_{number}"
                taken.add((evaluation_id, new_code))
                cr.execute(f"UPDATE {TABLE} SET code = %s WHERE id = %s", [new_code, line_id])
                report.setdefault(evaluation_id, []).append((code, f"renamed to {new_code}"))
            continue
        if not actuals[0]:
            donors = [(write_dates[i], i) for i in range(1, len(ids)) if actuals[i]]
            if donors:
                _date, index = max(donors)
                cr.execute(
                    f"UPDATE {TABLE} SET actual = %s, comment = COALESCE(%s, comment) WHERE id = %s",
                    [actuals[index], comments[index], kept],
                )
        cr.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [others])
        merged_evaluations.add(evaluation_id)
        report.setdefault(evaluation_id, []).append((code, f"{len(others)} duplicate(s) merged"))
    if merged_evaluations:
        env["dealer_org.kpi.evaluation"].browse(sorted(merged_evaluations))._store_scores()
    if report:
        evaluations = env["dealer_org.kpi.evaluation"].browse(sorted(report))
        evaluations._message_log_batch(
            {
                evaluation_id: "Upgrade: one line per KPI code. "
                + "; ".join(f"{code}: {action}" for code, action in actions)
                for evaluation_id, actions in report.items()
            }
        )
        _logger.warning(
            "dealer_org: %s KPI evaluations had two lines of one KPI code; resolved: %s",
            len(report),
            {evaluation_id: actions for evaluation_id, actions in report.items()},
        )
    if not sql.constraint_definition(cr, TABLE, CONSTRAINT):
        sql.add_constraint(cr, TABLE, CONSTRAINT, "unique(evaluation_id, code)")
    return report

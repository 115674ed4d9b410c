"""Benchmark: the read paths with years of history (issue 11).

Run through benchmarks/run:
    bash benchmarks/run checklist_history [--stores 10] [--employees 10000] [--days 365] [--keep] [--db NAME]
Installs dealer_org (no demo) into a fresh database, applies the 4S template to ``--stores``
stores with 100 employees each (ORM), clones them by SQL up to ``--employees``, then fills by
SQL ``--days`` days of daily checklists (and the weekly, monthly, quarterly and yearly ones
of those days) with their lines (85 % done, 5 % not applicable, 10 % left open, as a store
that mostly ticks its lists), and the monthly KPI evaluations of those months (the module's
own generation). The history is filled in two halves: every read path is measured after the
first half and after the whole, as real non-superuser users (record rules applied), with
the time (median of 3 after 2 warm-ups, ms) and the number of queries:
- an employee's My Checklists (the action's domain, the list view's fields, 80 rows);
- a manager's My Team's Checklists (managers of 10 and of 100 employees);
- the 30-day completion rates (``_get_completion_rates``) of 1,000 and of all employees;
- the completion pivot (checklist lines) by store (company) x month, as an HR officer;
- the Checklist Completion report (the monthly aggregate dealer_org.checklist.completion)
  by store x month, whole history and last 3 months as an HR officer, and as the manager
  of 100; then its upkeep: the aggregate checked against a GROUP BY of the lines, the
  daily refresh, the full rebuild and one line ticked (ORM write + trigger);
- an employee's KPI page (the employee form's KPI tab) as an HR officer;
- the KPI pivot (evaluations) by store x month, as an HR officer and as the manager of 100.
Then the table and index sizes, and EXPLAIN ANALYZE of the slowest path. Every figure comes
with the machine's core count and load average.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.environ["ODOO_PATH"])
import checklist_scale
from checklist_scale import odoo_env
from kpi_generation import KPI_PAGE_SPEC, Queries

DB = "dealer_org_bench_history"
checklist_scale.DB = DB
TODAY = date.today()


def header():
    load = os.getloadavg()
    return f"[{TODAY}, {os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}]"


def fill_checklists(cr, first, last):
    """The checklists of the days [first, last] and of the periods starting in them, with
    their lines, by SQL (as the generation writes them: text in every language from the
    duty, stored progress and state consistent with the lines)."""
    started = time.perf_counter()
    cr.execute(
        """CREATE TEMP TABLE IF NOT EXISTS bench_period (type varchar, start date, stop date);
           TRUNCATE bench_period;
           INSERT INTO bench_period
           SELECT 'daily', d::date, d::date FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d
           UNION ALL
           SELECT 'weekly', d::date, (d + interval '6 days')::date
             FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d WHERE extract(isodow FROM d) = 1
           UNION ALL
           SELECT 'monthly', d::date, (d + interval '1 month - 1 day')::date
             FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d WHERE extract(day FROM d) = 1
           UNION ALL
           SELECT 'quarterly', d::date, (d + interval '3 months - 1 day')::date
             FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d
            WHERE extract(day FROM d) = 1 AND extract(month FROM d) IN (1, 4, 7, 10)
           UNION ALL
           SELECT 'yearly', d::date, (d + interval '1 year - 1 day')::date
             FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d
            WHERE extract(doy FROM d) = 1""",
        {"first": first, "last": last},
    )
    cr.execute(
        """INSERT INTO dealer_org_checklist (employee_id, job_id, department_id, company_id, period_type,
                  period_start, period_end, deadline, state, line_count, completed_count, completion_rate,
                  overdue_notified, create_uid, create_date, write_uid, write_date)
           SELECT e.id, e.job_id, e.department_id, e.company_id, p.type, p.start, p.stop, p.stop, 'open',
                  duty.n, 0, 0, true, 1, p.start, 1, p.start
             FROM hr_employee e
             JOIN (SELECT job_id, period, count(*) AS n FROM dealer_org_job_duty WHERE checklist_item
                    GROUP BY job_id, period) duty ON duty.job_id = e.job_id
             JOIN bench_period p ON p.type = duty.period
            WHERE e.active
         ORDER BY p.start, e.id"""
    )
    checklists = cr.rowcount
    cr.execute(
        """INSERT INTO dealer_org_checklist_line (checklist_id, duty_id, sequence, name, deadline, result,
                  completion, done_by_id, done_on, employee_id, company_id, department_id, job_id,
                  period_type, period_start, create_uid, create_date, write_uid, write_date)
           SELECT c.id, duty.id, duty.sequence, duty.name, c.deadline, r.result,
                  CASE WHEN r.result = 'open' THEN 0 ELSE 100 END,
                  CASE WHEN r.result = 'open' THEN NULL ELSE 1 END,
                  CASE WHEN r.result = 'open' THEN NULL ELSE c.deadline::timestamp END,
                  c.employee_id, c.company_id, c.department_id, c.job_id, c.period_type, c.period_start,
                  1, c.period_start, 1, c.period_start
             FROM dealer_org_checklist c
             JOIN dealer_org_job_duty duty ON duty.job_id = c.job_id AND duty.period = c.period_type
                                          AND duty.checklist_item
            CROSS JOIN LATERAL (SELECT CASE WHEN x < 0.85 THEN 'done' WHEN x < 0.9 THEN 'not_applicable'
                                            ELSE 'open' END AS result
                                  FROM (SELECT random() + duty.id * 0 AS x) rnd) r
            WHERE c.period_start BETWEEN %(first)s AND %(last)s
         ORDER BY c.id, duty.sequence""",
        {"first": first, "last": last},
    )
    lines = cr.rowcount
    cr.execute(
        """UPDATE dealer_org_checklist c
              SET completed_count = l.completed, completion_rate = 100.0 * l.completed / c.line_count,
                  state = CASE WHEN l.completed = c.line_count THEN 'done' ELSE 'overdue' END
             FROM (SELECT checklist_id, count(*) FILTER (WHERE result <> 'open') AS completed
                     FROM dealer_org_checklist_line WHERE period_start BETWEEN %(first)s AND %(last)s
                 GROUP BY checklist_id) l
            WHERE l.checklist_id = c.id""",
        {"first": first, "last": last},
    )
    cr.commit()
    print(
        f"fill {first} .. {last}: {checklists} checklists, {lines} lines in "
        f"{time.perf_counter() - started:.0f} s {header()}",
        flush=True,
    )
    return checklists, lines


def fill_evaluations(env, first, last):
    """The monthly KPI evaluations of the months of [first, last], by the module's generation."""
    started = time.perf_counter()
    Evaluation = env["dealer_org.kpi.evaluation"]
    companies = env["res.company"].search([])
    month = first.replace(day=1)
    count = 0
    while month <= last:
        count += len(Evaluation._generate("monthly", month, companies))
        env.cr.commit()
        env.invalidate_all()
        month = (month + timedelta(days=32)).replace(day=1)
    print(f"evaluations {first} .. {last}: {count} in {time.perf_counter() - started:.0f} s", flush=True)


def users(env):
    """The benchmark's users: an employee, managers of 10 and of 100 (their employees' manager,
    set by SQL), an HR officer. Created once, kept in the database."""
    Users = env["res.users"].with_context(no_reset_password=True)
    found = Users.search([("login", "like", "bench_history_%")])
    if found:
        return {user.login.removeprefix("bench_history_"): user for user in found}
    company = env.ref("base.main_company")
    cr = env.cr
    cr.execute(
        """SELECT e.id FROM hr_employee e JOIN dealer_org_job_duty d ON d.job_id = e.job_id
            WHERE e.active AND e.company_id = %s AND d.checklist_item AND d.period = 'daily'
         GROUP BY e.id ORDER BY e.id LIMIT 113""",
        [company.id],
    )
    ids = [row[0] for row in cr.fetchall()]
    made = {}
    employee_group = env.ref("base.group_user")
    for key, employee_id in (("employee", ids[0]), ("manager10", ids[1]), ("manager100", ids[2])):
        made[key] = Users.create(
            {
                "name": f"Bench {key}",
                "login": f"bench_history_{key}",
                "company_id": company.id,
                "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [employee_group.id])],
                "tz": "Asia/Shanghai",
            }
        )
        env["hr.employee"].browse(employee_id).user_id = made[key]
    made["hr"] = Users.create(
        {
            "name": "Bench HR officer",
            "login": "bench_history_hr",
            "company_id": company.id,
            "company_ids": [(6, 0, env["res.company"].search([]).ids)],
            "groups_id": [(6, 0, [employee_group.id, env.ref("hr.group_hr_user").id])],
        }
    )
    env.flush_all()
    cr.execute("UPDATE hr_employee SET parent_id = %s WHERE id = ANY(%s)", [ids[1], ids[3:13]])
    cr.execute("UPDATE hr_employee SET parent_id = %s WHERE id = ANY(%s)", [ids[2], ids[13:113]])
    # Their employees' departments are managed by others: the team is the manager chain.
    cr.commit()
    env.invalidate_all()
    return made


def list_spec(env, model, view_type="list"):
    """The fields the web client reads for the model's default view of ``view_type``."""
    from lxml import etree

    Model = env[model]
    arch = etree.fromstring(Model.get_views([(False, view_type)])["views"][view_type]["arch"])
    spec = {}
    for node in arch.iterchildren("field"):
        field = Model._fields[node.get("name")]
        if field.type in ("one2many", "many2many"):
            continue
        spec[field.name] = {"fields": {"display_name": {}}} if field.type == "many2one" else {}
    return spec


def timed(env, func, repeat=3, warm=2):
    """(median ms, queries of the last run, result) of ``func`` with an empty cache each time."""
    times, result, queries = [], None, None
    for attempt in range(warm + repeat):
        env.flush_all()
        env.invalidate_all()
        with Queries(env.cr) as counted:
            started = time.perf_counter()
            result = func()
            elapsed = (time.perf_counter() - started) * 1000
        if attempt >= warm:
            times.append(elapsed)
            queries = counted.total
    return statistics.median(times), queries, result


def read_paths(env, people):
    """{name: (ms, queries, rows)} of every read path, as the users of ``people``."""
    from odoo import api

    results = {}

    def as_user(key):
        return api.Environment(env.cr, people[key].id, {"lang": "en_US", "tz": "Asia/Shanghai"})

    Checklist = "dealer_org.checklist"
    spec = list_spec(env, Checklist)
    my_domain = [("employee_id.user_id", "=", people["employee"].id)]
    employee_env = as_user("employee")
    ms, q, res = timed(
        employee_env, lambda: employee_env[Checklist].web_search_read(my_domain, spec, limit=80)
    )
    results["My Checklists (employee, 80 rows)"] = (ms, q, res["length"])
    for key in ("manager10", "manager100"):
        manager_env = as_user(key)

        def team(manager_env=manager_env):
            action = manager_env[Checklist]._action_team_checklists()
            return manager_env[Checklist].web_search_read(action["domain"], spec, limit=80)

        ms, q, res = timed(manager_env, team)
        results[f"My Team's Checklists ({key}, 80 rows)"] = (ms, q, res["length"])
    hr_env = as_user("hr")
    employees = hr_env["hr.employee"].search([])
    for label, subset in (("1,000", employees[:1000]), ("all", employees)):
        ms, q, res = timed(
            hr_env,
            lambda subset=subset: hr_env[Checklist]._get_completion_rates(
                subset, TODAY - timedelta(days=30), TODAY
            ),
        )
        results[f"30-day completion rates ({label} employees, HR officer)"] = (ms, q, len(res))
    Line = hr_env["dealer_org.checklist.line"]
    ms, q, res = timed(
        hr_env,
        lambda: Line.read_group([], ["completion:avg"], ["company_id", "period_start:month"], lazy=False),
    )
    results["completion pivot store x month, whole history (HR officer)"] = (ms, q, len(res))
    # The same with the report's "Deadline" filter on the last 3 months (what a store reviews).
    recent = [("deadline", ">=", TODAY - timedelta(days=91)), ("deadline", "<=", TODAY)]
    ms, q, res = timed(
        hr_env,
        lambda: Line.read_group(recent, ["completion:avg"], ["company_id", "period_start:month"], lazy=False),
    )
    results["completion pivot store x month, last 3 months (HR officer)"] = (ms, q, len(res))
    # The Checklist Completion report: the monthly aggregate (dealer_org.checklist.completion).
    Completion = hr_env["dealer_org.checklist.completion"]
    ms, q, res = timed(
        hr_env,
        lambda: Completion.read_group([], ["completion:avg"], ["company_id", "month:month"], lazy=False),
    )
    results["completion report store x month, whole history (HR officer)"] = (ms, q, len(res))
    months = [("month", ">=", (TODAY - timedelta(days=91)).replace(day=1))]
    ms, q, res = timed(
        hr_env,
        lambda: Completion.read_group(months, ["completion:avg"], ["company_id", "month:month"], lazy=False),
    )
    results["completion report store x month, last 3 months (HR officer)"] = (ms, q, len(res))
    manager_env = as_user("manager100")
    ms, q, res = timed(
        manager_env,
        lambda: manager_env["dealer_org.checklist.completion"].read_group(
            [], ["completion:avg"], ["company_id", "month:month"], lazy=False
        ),
    )
    results["completion report store x month, whole history (manager100)"] = (ms, q, len(res))
    employee = hr_env["hr.employee"].browse(people["employee"].employee_ids.id)
    ms, q, res = timed(hr_env, lambda: employee.web_read(KPI_PAGE_SPEC))
    results["KPI page of an employee (HR officer)"] = (ms, q, len(res[0]["kpi_evaluation_ids"]))
    for key in ("hr", "manager100"):
        user_env = as_user(key)
        ms, q, res = timed(
            user_env,
            lambda user_env=user_env: user_env["dealer_org.kpi.evaluation"].read_group(
                [], ["total_score:avg", "coefficient:avg"], ["company_id", "period_start:month"], lazy=False
            ),
        )
        results[f"KPI pivot store x month ({key})"] = (ms, q, len(res))
    return results


def completion_upkeep(env):
    """What keeping the monthly aggregate costs: its check against a GROUP BY of the lines,
    the daily refresh (one day moved: the due-until date set back a day first), the full
    rebuild (an upgrade), and ticking a checklist's lines (the trigger). Rolled back."""
    cr = env.cr
    Completion = env["dealer_org.checklist.completion"]
    cr.execute(
        "SELECT count(*), sum(due_lines), sum(completed_lines), sum(upcoming_lines)"
        " FROM dealer_org_checklist_completion"
    )
    rows, due, completed, upcoming = cr.fetchone()
    cutoff = Completion._due_until()
    cr.execute(
        """SELECT count(*) FILTER (WHERE deadline <= %(c)s),
                  count(*) FILTER (WHERE deadline <= %(c)s AND result <> 'open'),
                  count(*) FILTER (WHERE deadline > %(c)s) FROM dealer_org_checklist_line""",
        {"c": cutoff},
    )
    print(
        f"  aggregate: {rows:,} rows; due/completed/upcoming {due:,}/{completed:,}/{upcoming:,}"
        f" vs lines {cr.fetchone()} (due until {cutoff})"
    )
    cr.execute("UPDATE dealer_org_checklist_completion_cutoff SET due_until = due_until - 1")
    started = time.perf_counter()
    Completion._refresh_completion(today=cutoff)
    print(f"  daily refresh (2 months recomputed from the lines): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    Completion._rebuild_completion()
    print(f"  full rebuild: {time.perf_counter() - started:.2f} s")
    cr.execute(
        "SELECT id FROM dealer_org_checklist_line WHERE deadline < %s AND result = 'open'"
        " ORDER BY deadline DESC LIMIT 1",
        [TODAY],
    )
    [line_id] = cr.fetchone()
    line = env["dealer_org.checklist.line"].browse(line_id)
    started = time.perf_counter()
    for _i in range(20):
        line.write({"result": "done"})
        line.write({"result": "open"})
        env.flush_all()
    per_write = (time.perf_counter() - started) / 40 * 1000
    print(f"  tick/untick one line (ORM write + trigger): {per_write:.1f} ms per write")
    cr.rollback()


def sizes(cr):
    cr.execute(
        """SELECT c.relname, c.reltuples::bigint, pg_relation_size(c.oid), pg_indexes_size(c.oid),
                  pg_total_relation_size(c.oid)
             FROM pg_class c
            WHERE c.relname IN ('dealer_org_checklist', 'dealer_org_checklist_line',
                                'dealer_org_checklist_completion',
                                'dealer_org_checklist_line_ir_translation', 'dealer_org_kpi_evaluation',
                                'dealer_org_kpi_evaluation_line')
         ORDER BY 1"""
    )
    for name, rows, table, indexes, total in cr.fetchall():
        print(
            f"  {name}: {rows:,} rows, table {table / 2**20:.0f} MB, indexes {indexes / 2**20:.0f} MB,"
            f" total {total / 2**20:.0f} MB"
        )


def explain(cr, label, env, func):
    """EXPLAIN ANALYZE of the slowest query of ``func``."""
    captured = []
    execute = cr.execute

    def capturing(query, params=None, log_exceptions=True):
        started = time.perf_counter()
        result = execute(query, params, log_exceptions)
        captured.append((time.perf_counter() - started, query, params))
        return result

    env.invalidate_all()
    cr.execute = capturing
    try:
        func()
    finally:
        del cr.execute
    _elapsed, query, params = max(captured, key=lambda item: item[0])
    code, args = (query.code, query.params) if hasattr(query, "code") else (query, params)
    cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + code, args)
    print(f"\nEXPLAIN ANALYZE, slowest query of {label}:")
    for [row] in cr.fetchall():
        print("   ", row)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--keep", action="store_true", help="reuse a database filled by an earlier run")
    parser.add_argument("--explain", default="", help="name (prefix) of a read path to EXPLAIN ANALYZE")
    parser.add_argument("--db", default=DB, help="database name")
    args = parser.parse_args()
    checklist_scale.DB = args.db
    marker = f"{args.stores}x{args.employees}x{args.days}"
    fresh = True
    if args.keep:
        try:
            row = checklist_scale.sql(
                "SELECT value FROM ir_config_parameter WHERE key = 'dealer_org.bench_history'"
            )
            fresh = not row or row[0][0] != marker
        except Exception:  # noqa: BLE001 - no usable database: build one
            fresh = True
    registry = None
    first = TODAY - timedelta(days=args.days)
    middle = first + timedelta(days=args.days // 2)
    last = TODAY - timedelta(days=1)
    halves = [(first, middle - timedelta(days=1)), (middle, last)]
    if fresh:
        checklist_scale.populate(args.stores, args.employees)
    _odoo, registry = odoo_env()
    from odoo import SUPERUSER_ID, api

    figures = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        people = users(env)
        for n, (start, stop) in enumerate(halves):
            if fresh:
                fill_checklists(cr, start, stop)
                fill_evaluations(env, start, stop)
                cr.execute("ANALYZE")
                cr.commit()
            elif n == 0:
                continue
            cr.execute("SELECT count(*), min(period_start), max(period_start) FROM dealer_org_checklist")
            count, since, until = cr.fetchone()
            cr.execute("SELECT count(*) FROM dealer_org_checklist_line")
            lines = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM dealer_org_kpi_evaluation")
            evaluations = cr.fetchone()[0]
            label = (
                f"{(until - since).days + 1} days: {count:,} checklists, {lines:,} lines,"
                f" {evaluations:,} evaluations"
            )
            print(f"\n{label} {header()}")
            results = read_paths(env, people)
            for name, (ms, q, rows) in results.items():
                print(f"  {name}: {ms:.0f} ms, {q} queries ({rows} rows/groups)", flush=True)
            figures.append((label, results))
            sizes(cr)
            completion_upkeep(env)
        if fresh:
            env["ir.config_parameter"].set_param("dealer_org.bench_history", marker)
            cr.commit()
        if len(figures) == 2:
            print(f"\nqueries, first half vs whole {header()}:")
            for name in figures[0][1]:
                a, b = figures[0][1][name], figures[1][1][name]
                print(f"  {name}: {a[1]} vs {b[1]} queries, {a[0]:.0f} vs {b[0]:.0f} ms")
        if args.explain:
            results = figures[-1][1]
            slowest = max(results, key=lambda name: results[name][0])
            name = next((n for n in results if n.startswith(args.explain)), slowest)
            hr_env = api.Environment(cr, people["hr"].id, {})
            manager_env = api.Environment(cr, people["manager100"].id, {})
            paths = {
                "My Team": lambda: manager_env["dealer_org.checklist"].web_search_read(
                    manager_env["dealer_org.checklist"]._action_team_checklists()["domain"],
                    list_spec(manager_env, "dealer_org.checklist"),
                    limit=80,
                ),
                "completion pivot": lambda: hr_env["dealer_org.checklist.line"].read_group(
                    [], ["completion:avg"], ["company_id", "period_start:month"], lazy=False
                ),
                "30-day": lambda: hr_env["dealer_org.checklist"]._get_completion_rates(
                    hr_env["hr.employee"].search([]), TODAY - timedelta(days=30), TODAY
                ),
            }
            for key, func in paths.items():
                if name.startswith(key) or args.explain == "all":
                    explain(cr, key, hr_env if key != "My Team" else manager_env, func)
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())

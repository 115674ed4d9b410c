"""Benchmark: generating a month's KPI evaluations for 10,000 employees with 5 KPIs each.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run kpi_generation [--employees N] [--keep]
Installs dealer_org (no demo) into a fresh database, creates the employees, then prints:
- the wall time and SQL queries of generating the month's evaluations (goal: at most 15 s),
  against a bare create() of the same rows (goal: ratio at most 1.5);
- the queries of generating for a tenth of the employees (goal: the same number);
- the time and queries of entering all actuals at once and recomputing every score;
- the queries of reading one employee's KPI page with 1 and with 36 months of history
  (goal: the same number).

    benchmarks/run kpi_generation --scale 10000,100000
instead creates 1,000 employees by the ORM, clones them by SQL up to each size, and prints
the month's generation (time, queries, evaluations) at each size and the ratio between them
(goal: 100,000 employees x 5 KPIs within 60 s, linear), with the core count and the load.
"""

import argparse
import collections
import os
import time
from datetime import date

from common import drop, install

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_kpi"
PERIOD = date(2026, 1, 1)
QUIET = {"mail_create_nolog": True, "mail_create_nosubscribe": True, "tracking_disable": True}
# What the web client reads for the KPI page of the employee form (views/hr_employee_views.xml).
KPI_PAGE_SPEC = {
    "kpi_evaluation_id": {"fields": {"display_name": {}}},
    "kpi_period_name": {},
    "kpi_state": {},
    "kpi_total_score": {},
    "kpi_grade": {},
    "kpi_coefficient": {},
    "kpi_line_ids": {
        "fields": {
            name: {}
            for name in (
                "name",
                "unit",
                "minimum",
                "target",
                "maximum",
                "weight",
                "actual",
                "score",
                "comment",
            )
        }
    },
    "kpi_evaluation_ids": {
        "fields": {
            "period_name": {},
            "period_type": {},
            "job_id": {"fields": {"display_name": {}}},
            "total_score": {},
            "grade": {},
            "coefficient": {},
            "state": {},
        },
        "limit": 12,
        "order": "period_start desc, employee_id, id",
    },
}


class Queries:
    """Counts the SQL statements run on a cursor by kind (SELECT, INSERT, UPDATE, …)."""

    def __init__(self, cr):
        self.cr, self.kinds = cr, collections.Counter()

    def __enter__(self):
        self.execute = self.cr.execute

        def counting(query, params=None, log_exceptions=True):
            text = query.code if hasattr(query, "code") else str(query)
            self.kinds[text.split(None, 1)[0].upper()] += 1
            return self.execute(query, params, log_exceptions)

        self.cr.execute = counting
        return self

    def __exit__(self, *exc):
        del self.cr.execute

    @property
    def total(self):
        return sum(self.kinds.values())

    def __str__(self):
        return f"{self.total} queries ({', '.join(f'{n} {kind}' for kind, n in sorted(self.kinds.items()))})"


def measure(env, func):
    env.flush_all()
    env.invalidate_all()
    with Queries(env.cr) as queries:
        started = time.perf_counter()
        result = func()
        env.flush_all()
        elapsed = time.perf_counter() - started
    return result, elapsed, queries


def setup_store(env, count):
    """``count`` employees in 10 departments on 100 jobs of 5 monthly KPIs (20 % each)."""
    company = env.company
    departments = env["hr.department"].create([{"name": f"Bench department {i}"} for i in range(10)])
    jobs = env["hr.job"].create(
        [
            {
                "name": f"Bench job {i}",
                "department_id": departments[i % 10].id,
                "kpi_ids": [
                    Command.create(
                        {
                            "name": f"KPI {k}",
                            "code": f"KPI_{k}",
                            "unit": "%",
                            "minimum": 60,
                            "target": 100,
                            "maximum": 130,
                            "weight": 20,
                            "sequence": k,
                        }
                    )
                    for k in range(5)
                ],
            }
            for i in range(100)
        ]
    )
    # hr.employee's create per record is slow (resources, avatars): create in chunks.
    Employee = env["hr.employee"].with_context(**QUIET)
    for start in range(0, count, 1000):
        Employee.create(
            [
                {
                    "name": f"Bench employee {n:05d}",
                    "job_id": jobs[n % 100].id,
                    "department_id": jobs[n % 100].department_id.id,
                    "company_id": company.id,
                }
                for n in range(start, min(count, start + 1000))
            ]
        )
    env.cr.commit()
    return company, departments


def bare_vals(env, company):
    """The rows _generate creates, built beforehand: the baseline is create() alone."""
    employees = env["hr.employee"].search([("company_id", "=", company.id), ("job_id.kpi_ids", "!=", False)])

    def line(kpi):
        fields = ["sequence", "name", "code", "unit", "direction", "minimum", "target", "maximum", "weight"]
        return dict({name: kpi[name] for name in fields}, kpi_id=kpi.id, source=kpi.source)

    return [
        {
            "employee_id": employee.id,
            "job_id": employee.job_id.id,
            "department_id": employee.department_id.id,
            "company_id": company.id,
            "period_type": "monthly",
            "period_start": PERIOD,
            "line_ids": [Command.create(line(kpi)) for kpi in employee.job_id.kpi_ids],
        }
        for employee in employees
    ]


def clone_employees(cr, company, total):
    """Clone the company's employees (and their resources) by SQL up to ``total``."""
    cr.execute("SELECT count(*) FROM hr_employee WHERE company_id = %s AND active", [company.id])
    have = cr.fetchone()[0]
    rounds = 0
    while have < total:
        n = min(total - have, have)
        cr.execute(
            """WITH src AS (SELECT e.*, row_number() OVER (ORDER BY e.id) AS rn FROM hr_employee e
                             WHERE e.active AND e.company_id = %(company)s ORDER BY e.id LIMIT %(n)s),
                    res AS (INSERT INTO resource_resource (name, resource_type, tz, time_efficiency,
                                   company_id, calendar_id, active, create_uid, create_date,
                                   write_uid, write_date)
                            SELECT r.name || ' c' || %(round)s, r.resource_type, r.tz, r.time_efficiency,
                                   r.company_id, r.calendar_id, true, 1, now(), 1, now()
                              FROM src JOIN resource_resource r ON r.id = src.resource_id
                          ORDER BY src.rn RETURNING id),
                    numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM res)
               INSERT INTO hr_employee (resource_id, company_id, job_id, department_id, active, marital,
                      distance_home_work_unit, employee_type, create_uid, create_date, write_uid, write_date)
               SELECT numbered.id, src.company_id, src.job_id, src.department_id, true, src.marital,
                      src.distance_home_work_unit, src.employee_type, 1, now(), 1, now()
                 FROM src JOIN numbered USING (rn)""",
            {"company": company.id, "n": n, "round": rounds},
        )
        have += n
        rounds += 1
    cr.commit()


def scale(sizes):
    """The month's generation at each of ``sizes`` employees (cloned by SQL)."""
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB])
    registry = Registry(DB)
    results = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company, _departments = setup_store(env, 1000)
        Evaluation = env["dealer_org.kpi.evaluation"]
        for size in sizes:
            clone_employees(cr, company, size)
            env.invalidate_all()
            load = os.getloadavg()
            created, seconds, queries = measure(env, lambda: Evaluation._generate("monthly", PERIOD, company))
            lines = env["dealer_org.kpi.evaluation.line"].search_count([("evaluation_id", "in", created.ids)])
            results[size] = seconds
            print(
                f"{size} employees [{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}]:"
                f" generate (month) {len(created)} evaluations, {lines} lines in {seconds:.1f} s, {queries}",
                flush=True,
            )
            cr.rollback()
            env.invalidate_all()
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(
            f"ratio {large} / {small} employees: {results[large] / results[small]:.2f}x for"
            f" {large / small:.0f}x (goal: linear, {large} within 60 s)"
        )
    drop(DB)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--scale", help="comma-separated sizes: only the generation, employees cloned by SQL")
    args = parser.parse_args()
    if args.scale:
        return scale([int(size) for size in args.scale.split(",")])
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB])
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        company, departments = setup_store(env, args.employees)
        print(
            f"setup: {args.employees} employees, 100 jobs x 5 KPIs in {time.perf_counter() - started:.1f} s"
        )
        Evaluation = env["dealer_org.kpi.evaluation"]

        vals_list = bare_vals(env, company)
        created, bare_time, bare_queries = measure(
            env, lambda: Evaluation.with_context(**QUIET).create(vals_list)
        )
        rows = len(created) + len(created.line_ids)
        print(
            f"bare create():    {len(created)} evaluations, {rows} rows in {bare_time:.2f} s, {bare_queries}"
        )
        cr.rollback()

        created, gen_time, gen_queries = measure(
            env, lambda: Evaluation._generate("monthly", PERIOD, company)
        )
        print(f"generate (month):   {len(created)} evaluations in {gen_time:.2f} s, {gen_queries}")
        print(f"ratio generate / bare create: {gen_time / bare_time:.2f} (goal <= 1.5); goal <= 15 s")
        _again, again_time, again_queries = measure(
            env, lambda: Evaluation._generate("monthly", PERIOD, company)
        )
        print(f"generate again (nothing to do): {again_time:.2f} s, {again_queries}")

        # A fresh recordset: x2many values of records read before the cache was cleared would not prefetch.
        lines = env["dealer_org.kpi.evaluation.line"].browse(created.line_ids.ids)
        _res, score_time, score_queries = measure(env, lambda: lines.write({"actual": 95}))
        totals = {round(t, 2) for t in created.mapped("total_score")}
        print(
            f"enter {len(lines)} actuals and recompute all scores: {score_time:.2f} s, {score_queries} "
            f"(totals {sorted(totals)})"
        )
        cr.rollback()

        tenth = departments[:1]
        small, _t, small_queries = measure(
            env, lambda: Evaluation._generate("monthly", PERIOD, company, departments=tenth)
        )
        cr.rollback()
        every, _t, every_queries = measure(
            env, lambda: Evaluation._generate("monthly", PERIOD, company, departments=departments)
        )
        cr.rollback()
        print(f"generate for {len(small)} employees: {small_queries}")
        print(f"generate for {len(every)} employees: {every_queries}")
        same = small_queries.total == every_queries.total
        print(f"  queries {'independent of' if same else 'GROWING with'} the number of employees")

        officer = env["res.users"].create(
            {
                "name": "Bench HR officer",
                "login": "bench_hr_officer",
                "groups_id": [Command.set([env.ref("hr.group_hr_user").id, env.ref("base.group_user").id])],
            }
        )
        employee = env["hr.employee"].search([("department_id", "=", departments[0].id)], limit=1)
        single = env["hr.department"].create({"name": "Bench history", "parent_id": departments[0].id})
        employee.department_id = single
        page_queries = {}
        for month in range(36):
            Evaluation._generate("monthly", date(2023 + month // 12, month % 12 + 1, 1), company, single)
            if month + 1 in (1, 12, 13, 36):
                record = employee.with_user(officer)
                for _warm in range(2):  # warm the ormcaches (access rules, translations)
                    measure(env, lambda record=record: record.web_read(KPI_PAGE_SPEC))
                data, _t, queries = measure(env, lambda record=record: record.web_read(KPI_PAGE_SPEC)[0])
                page_queries[month + 1] = queries
                assert len(data["kpi_line_ids"]) == 5, data
        print("reading one employee's KPI page as an HR officer (the history list shows 12 rows):")
        for months, queries in page_queries.items():
            print(f"  {months:2d} months of history: {queries}")
        cr.rollback()
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

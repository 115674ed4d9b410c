"""Benchmark: the payroll-day cockpit and the calibration distribution for a dealer group.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run cockpit [--stores 100,1000] [--employees 100] [--months 6] [--keep]
Installs dealer_org (no demo) into a fresh database, makes one store by the ORM (10
departments, a job with a monthly KPI, ``--employees`` employees, a manager per department),
then clones it by batched SQL up to each number of ``--stores``, with ``--months`` months of
evaluations (grades A-D; the last month 30 % draft, 30 % submitted, 40 % approved, 2 % of the
employees without one), overdue checklists (5 %) and monthly checklist completion rows.
At each size, as an HR officer allowed in every store (all selected), it prints the wall
time and SQL queries of:
- ``dealer_org.cockpit.get_data()`` (every number of the screen);
- the calibration distribution: the pivot's ``read_group`` (store × grade of the month) and
  the list's first page (80 rows with shares, targets, all-stores shares and outliers), as
  it opens (the stores' rows) and with the departments' rows too.
Goal: each at most 1 s for 1,000 stores × 100 employees, and the same number of queries at
every size.
"""

import argparse
import os
import time
from datetime import date

from common import drop, install
from dateutil.relativedelta import relativedelta
from kpi_generation import Queries

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_cockpit"
QUIET = {"mail_create_nolog": True, "mail_create_nosubscribe": True, "tracking_disable": True}
PERIOD = date.today().replace(day=1) - relativedelta(months=1)


def columns(cr, table, skip=("id",)):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in skip]


def copy_sql(cr, table, where, overrides, extra_from="", returning="id", order="src.id"):
    """INSERT copies of the rows of ``table`` matching ``where`` (alias src), with
    ``overrides`` {column: SQL expression}; returns the new ids in the order of ``order``."""
    names = columns(cr, table)
    select = ", ".join(overrides.get(name, f"src.{name}") for name in names)
    cr.execute(
        f"""INSERT INTO {table} ({", ".join(names)})
            SELECT {select} FROM {table} src {extra_from}
             WHERE {where} ORDER BY {order} RETURNING {returning}"""
    )
    return [row[0] for row in cr.fetchall()]


def setup_template(env, employees):
    """One store by the ORM: 10 departments, one job with a monthly KPI, ``employees`` people."""
    company = env["res.company"].create({"name": "Bench store 0000"})
    departments = env["hr.department"].create(
        [{"name": f"Bench department {i}", "company_id": company.id} for i in range(10)]
    )
    job = env["hr.job"].create(
        {
            "name": "Bench consultant",
            "company_id": company.id,
            "kpi_ids": [
                Command.create(
                    {
                        "name": "Sales",
                        "code": "SALES",
                        "minimum": 0,
                        "target": 100,
                        "maximum": 120,
                        "weight": 100,
                    }
                )
            ],
        }
    )
    env["hr.employee"].with_context(**QUIET).create(
        [
            {
                "name": f"Bench employee {n:03d}",
                "company_id": company.id,
                "department_id": departments[n % 10].id,
                "job_id": job.id,
            }
            for n in range(employees)
        ]
    )
    env["dealer_org.kpi.grade.target"].create(
        [{"grades": g, "share": s} for g, s in (("A", 20), ("B", 70), ("C+D", 10))]
    )
    env.cr.commit()
    return company


def clone_stores(cr, template, start, stop):
    """Stores ``start``..``stop`` - 1 as copies of ``template`` (departments, job, KPI,
    employees and their resources): a few statements per store, none per employee."""
    for number in range(start, stop):
        (company,) = copy_sql(
            cr, "res_company", f"src.id = {template}", {"name": f"'Bench store {number:04d}'"}
        )
        departments = copy_sql(
            cr, "hr_department", f"src.company_id = {template}", {"company_id": str(company)}
        )
        cr.execute("SELECT id FROM hr_department WHERE company_id = %s ORDER BY id", [template])
        mapping = ", ".join(f"({old}, {new})" for (old,), new in zip(cr.fetchall(), departments, strict=True))
        dept_map = f"JOIN (VALUES {mapping}) AS dm(old, new) ON dm.old = src.department_id"
        (job,) = copy_sql(cr, "hr_job", f"src.company_id = {template}", {"company_id": str(company)})
        kpi_overrides = {"job_id": str(job)}
        if "company_id" in columns(cr, "dealer_org_kpi"):
            kpi_overrides["company_id"] = str(company)
        cr.execute("SELECT id FROM hr_job WHERE company_id = %s", [template])
        (template_job,) = cr.fetchone()
        copy_sql(cr, "dealer_org_kpi", f"src.job_id = {template_job}", kpi_overrides)
        cr.execute(
            f"""WITH src AS (SELECT e.*, row_number() OVER (ORDER BY e.id) AS rn FROM hr_employee e
                              WHERE e.company_id = {template} AND e.active),
                     res AS (INSERT INTO resource_resource (name, resource_type, tz, time_efficiency,
                                    company_id, calendar_id, active, create_uid, create_date, write_uid,
                                    write_date)
                             SELECT r.name || ' s{number}', r.resource_type, r.tz, r.time_efficiency,
                                    {company}, r.calendar_id, true, 1, now(), 1, now()
                               FROM src JOIN resource_resource r ON r.id = src.resource_id
                           ORDER BY src.rn RETURNING id),
                     numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM res)
                INSERT INTO hr_employee (resource_id, company_id, job_id, department_id, active, marital,
                       distance_home_work_unit, employee_type, create_uid, create_date, write_uid, write_date)
                SELECT numbered.id, {company}, {job}, dm.new, true, src.marital,
                       src.distance_home_work_unit, src.employee_type, 1, now(), 1, now()
                  FROM src JOIN numbered USING (rn) {dept_map}"""
        )


def fill_period_data(cr, months):
    """Evaluations of ``months`` months, overdue checklists and completion rows for every
    employee of every store, managers per department: set-based, whatever the stores."""
    cr.execute("DELETE FROM dealer_org_kpi_evaluation")
    cr.execute("DELETE FROM dealer_org_checklist")
    cr.execute("DELETE FROM dealer_org_checklist_completion")
    cr.execute(
        """UPDATE hr_employee e SET parent_id = m.manager
             FROM (SELECT department_id, min(id) AS manager FROM hr_employee GROUP BY department_id) m
            WHERE m.department_id = e.department_id AND e.id <> m.manager"""
    )
    cr.execute(
        """INSERT INTO dealer_org_kpi_evaluation (employee_id, job_id, department_id, company_id, period_type,
                  period_start, period_end, period_name, name, state, active, actuals_entered, total_score,
                  grade, score_grade, coefficient, score_coefficient, create_uid, create_date, write_uid,
                  write_date)
           SELECT e.id, e.job_id, e.department_id, e.company_id, 'monthly', m.start,
                  (m.start + interval '1 month - 1 day')::date, to_char(m.start, 'YYYY-MM'),
                  'Bench ' || to_char(m.start, 'YYYY-MM'),
                  CASE WHEN m.start < %(period)s OR e.id %% 10 >= 6 THEN 'approved'
                       WHEN e.id %% 10 >= 3 THEN 'submitted' ELSE 'draft' END,
                  true, true, s.score, g.grade, g.grade, g.coef, g.coef, 1, now(), 1, now()
             FROM hr_employee e
            CROSS JOIN (SELECT (%(period)s::date - make_interval(months => n))::date AS start
                          FROM generate_series(0, %(months)s - 1) n) m
            CROSS JOIN LATERAL (SELECT 50 + (e.id * 37 + extract(month FROM m.start)::int * 11) %% 60
                                       AS score) s
            CROSS JOIN LATERAL (SELECT CASE WHEN s.score >= 90 THEN 'A' WHEN s.score >= 75 THEN 'B'
                                            WHEN s.score >= 60 THEN 'C' ELSE 'D' END AS grade,
                                       CASE WHEN s.score >= 90 THEN 1.2 WHEN s.score >= 75 THEN 1.0
                                            WHEN s.score >= 60 THEN 0.8 ELSE 0.5 END AS coef) g
            WHERE e.job_id IS NOT NULL AND NOT (m.start = %(period)s AND e.id %% 50 = 0)""",
        {"period": PERIOD, "months": months},
    )
    cr.execute(
        """INSERT INTO dealer_org_checklist (employee_id, job_id, department_id, company_id, period_type,
                  period_start, period_end, deadline, state, line_count, completed_count, completion_rate,
                  create_uid, create_date, write_uid, write_date)
           SELECT e.id, e.job_id, e.department_id, e.company_id, 'daily', %(day)s, %(day)s, %(day)s,
                  'overdue',
                  1, 0, 0, 1, now(), 1, now()
             FROM hr_employee e WHERE e.id %% 20 = 0""",
        {"day": PERIOD + relativedelta(days=9)},
    )
    cr.execute(
        """INSERT INTO dealer_org_checklist_completion (employee_id, company_id, department_id, job_id, month,
                  due_lines, completed_lines, on_time_lines, upcoming_lines, completion, on_time)
           SELECT e.id, e.company_id, e.department_id, e.job_id, m.start, 30, 20 + e.id %% 11,
                  18 + e.id %% 9, 0,
                  100.0 * (20 + e.id %% 11) / 30, 100.0 * (18 + e.id %% 9) / 30
             FROM hr_employee e
            CROSS JOIN (SELECT (%(period)s::date - make_interval(months => n))::date AS start
                          FROM generate_series(0, %(months)s - 1) n) m
            WHERE e.job_id IS NOT NULL""",
        {"period": PERIOD, "months": months},
    )
    cr.execute("ANALYZE")


def measure(env, func, warm=2):
    for _warm in range(warm):  # warm the ormcaches (access rules, translations)
        func()
        env.invalidate_all()
    env.invalidate_all()
    with Queries(env.cr) as queries:
        started = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - started
    return result, elapsed, queries


def show_sql(env, func):
    cr = env.cr
    execute = cr.execute

    def printing(query, params=None, log=True):
        started = time.perf_counter()
        result = execute(query, params, log)
        text = str(getattr(query, "code", query))[:130].replace("\n", " ")
        print(f"   SQL {1000 * (time.perf_counter() - started):7.1f} ms {text}")
        return result

    env.invalidate_all()
    cr.execute = printing
    try:
        func()
    finally:
        del cr.execute


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="100,1000")
    parser.add_argument("--employees", type=int, default=100)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    sizes = [int(size) for size in args.stores.split(",")]
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB])
    registry = Registry(DB)
    results = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        template = setup_template(env, args.employees)
        have = 1
        officer = (
            env["res.users"]
            .with_context(**QUIET)
            .create(
                {
                    "name": "Bench HR officer",
                    "login": "bench_hr_officer",
                    "groups_id": [
                        Command.set([env.ref("hr.group_hr_user").id, env.ref("base.group_user").id])
                    ],
                }
            )
        )
        for size in sizes:
            started = time.perf_counter()
            clone_stores(cr, template.id, have, size)
            have = size
            cr.execute(
                """INSERT INTO res_company_users_rel (cid, user_id)
                   SELECT id, %s FROM res_company ON CONFLICT DO NOTHING""",
                [officer.id],
            )
            fill_period_data(cr, args.months)
            cr.commit()
            env.registry.clear_cache()
            env.invalidate_all()
            cr.execute("SELECT count(*) FROM hr_employee WHERE active")
            (employees,) = cr.fetchone()
            cr.execute("SELECT count(*) FROM dealer_org_kpi_evaluation")
            (evaluations,) = cr.fetchone()
            print(
                f"{size} stores: {employees} employees, {evaluations} evaluations over {args.months} months "
                f"(data by SQL in {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            companies = env["res.company"].search([])
            as_officer = env(user=officer.id, context={"allowed_company_ids": companies.ids})
            load = os.getloadavg()
            data, cockpit_time, cockpit_queries = measure(
                as_officer, lambda e=as_officer: e["dealer_org.cockpit"].get_data(period=PERIOD)
            )
            Calibration = as_officer["dealer_org.kpi.calibration"]
            domain = [("period_type", "=", "monthly"), ("period_start", "=", PERIOD)]
            pivot, pivot_time, pivot_queries = measure(
                as_officer,
                lambda Calibration=Calibration, domain=domain: Calibration.read_group(
                    [*domain, ("level", "=", "department")],
                    ["evaluation_count:sum"],
                    ["company_id", "grade"],
                    lazy=False,
                ),
            )
            page_spec = {
                name: {}
                for name in (
                    "period_start", "company_id", "level", "department_id", "grade", "evaluation_count",
                    "total_count", "share", "target_grades", "target_share", "group_share", "deviation",
                    "avg_coefficient", "is_outlier", "outlier_reason",
                )
            }  # fmt: skip
            # The list as it opens (the stores' rows), then with the departments' rows too.
            stores = [*domain, ("level", "=", "company")]
            store_page, store_time, store_queries = measure(
                as_officer,
                lambda Calibration=Calibration, domain=stores, spec=page_spec: Calibration.web_search_read(
                    domain, spec, limit=80
                ),
            )
            page, page_time, page_queries = measure(
                as_officer,
                lambda Calibration=Calibration, domain=domain, spec=page_spec: Calibration.web_search_read(
                    domain, spec, limit=80
                ),
            )
            if os.environ.get("BENCH_SQL"):  # each query of the three, with its time
                for func in (
                    lambda e=as_officer: e["dealer_org.cockpit"].get_data(period=PERIOD),
                    lambda Calibration=Calibration,
                    domain=domain,
                    spec=page_spec: Calibration.web_search_read(domain, spec, limit=80),
                ):
                    show_sql(as_officer, func)
            outliers = sum(1 for row in page["records"] if row["is_outlier"])
            results[size] = (
                cockpit_queries.total,
                pivot_queries.total,
                store_queries.total,
                page_queries.total,
            )
            print(
                f"  [{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}]\n"
                f"  cockpit get_data(): {cockpit_time:.2f} s, {cockpit_queries} "
                f"(pending {data['totals']['pending']}, missing {data['totals']['missing']}, "
                f"overdue {data['totals']['overdue']}, {data['store_count']} stores)\n"
                f"  calibration pivot (store x grade, one month): {pivot_time:.2f} s, {pivot_queries} "
                f"({len(pivot)} cells)\n"
                f"  calibration list as it opens (stores), first page: {store_time:.2f} s, {store_queries} "
                f"({store_page['length']} rows)\n"
                f"  calibration list with departments, first page: {page_time:.2f} s, {page_queries} "
                f"({page['length']} rows, {outliers} outliers on the page)",
                flush=True,
            )
    if len(sizes) > 1:
        same = len(set(results.values())) == 1
        print(f"queries {'independent of' if same else 'GROWING with'} the number of stores: {results}")
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

"""Benchmark: the Staffing report (dealer_org.staffing) for 100 and 1,000 stores of 100 employees.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run staffing [--stores 100,1000] [--employees 100] [--keep]
Installs dealer_org (no demo) into a fresh database: its main company receives the standard 4S
structure (38 job positions in 7 departments). Stores are cloned from it by SQL (company and
partner, departments, job positions with headcounts, ``--employees`` active employees spread over
the jobs), up to each size of ``--stores`` in turn. For each size, an HR officer allowed in every
store, with all of them selected, opens the report as the web client does, and the benchmark
prints the wall time and SQL queries of:
- the pivot: ``read_group`` of the four measures for the total and by store (its default rows),
  a store unfolded by department and by job, and the stores by brand and by region;
- the list: ``web_search_read`` of the first 80 rows in the default order with the count;
- the graph: ``read_group`` of vacancies and over-staffing by store;
- the list filtered on vacancies.
Goal: each at most 1 s with 1,000 stores x 100 employees, and the same number of queries for
100 and 1,000 stores (the record rule reads the selected stores; the view reads job and company
rows, the employees counted by Odoo's stored ``hr.job.no_of_employee``, which the benchmark sets
by SQL as the ORM would).
"""

import argparse
import os
import time

from common import drop, install
from kpi_generation import measure

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_staffing"
MEASURES = ["headcount:sum", "employee_count:sum", "vacancy_count:sum", "overstaffed_count:sum"]
LIST_FIELDS = {
    name: {}
    for name in (
        "company_id",
        "brand",
        "region",
        "department_id",
        "job_id",
        "headcount",
        "headcount_suggested",
        "employee_count",
        "vacancy_count",
        "overstaffed_count",
        "gap",
    )
}
BRANDS = ("Kia", "Honda", "Audi", "BYD", "Toyota")
REGIONS = ("East China", "South China", "North China", "West China")


def columns(cr, table, skip):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in skip]


def clone_stores(env, start, count, employees):
    """Stores ``start`` … ``start + count - 1``, cloned by SQL from the main company."""
    cr = env.cr
    main = env.ref("base.main_company")
    template_employee = env["hr.employee"].search([("company_id", "=", main.id)], limit=1)
    partner_cols = columns(cr, "res_partner", {"id", "name", "complete_name", "commercial_partner_id"})
    company_cols = columns(
        cr,
        "res_company",
        {"id", "name", "partner_id", "parent_path", "dealer_org_brand", "dealer_org_region"},
    )
    department_cols = columns(cr, "hr_department", {"id", "company_id", "parent_id", "parent_path"})
    job_cols = columns(cr, "hr_job", {"id", "company_id", "department_id", "parent_id", "headcount"})
    ids = []
    for number in range(start, start + count):
        name = f"Bench store {number:04d}"
        cr.execute(
            f"""INSERT INTO res_partner ({", ".join(partner_cols)}, name, complete_name)
                SELECT {", ".join(partner_cols)}, %s, %s FROM res_partner WHERE id = %s RETURNING id""",
            [name, name, main.partner_id.id],
        )
        partner_id = cr.fetchone()[0]
        cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = %s", [partner_id])
        cr.execute(
            f"""INSERT INTO res_company ({", ".join(company_cols)}, name, partner_id, dealer_org_brand,
                       dealer_org_region)
                SELECT {", ".join(company_cols)}, %s, %s, %s, %s
                  FROM res_company WHERE id = %s RETURNING id""",
            [name, partner_id, BRANDS[number % len(BRANDS)], REGIONS[number % len(REGIONS)], main.id],
        )
        company_id = cr.fetchone()[0]
        ids.append(company_id)
        cr.execute("UPDATE res_company SET parent_path = id || '/' WHERE id = %s", [company_id])
        cr.execute(
            f"""INSERT INTO hr_department ({", ".join(department_cols)}, company_id, parent_path)
                SELECT {", ".join(department_cols)}, %s, '' FROM hr_department WHERE company_id = %s""",
            [company_id, main.id],
        )
        cr.execute("UPDATE hr_department SET parent_path = id || '/' WHERE company_id = %s", [company_id])
        cr.execute(
            f"""INSERT INTO hr_job ({", ".join(job_cols)}, company_id, department_id, headcount)
                SELECT {", ".join("j." + c for c in job_cols)}, %(company)s,
                       (SELECT d2.id FROM hr_department d2
                         WHERE d2.company_id = %(company)s AND d2.library_code = d.library_code),
                       1 + (j.id %% 4)
                  FROM hr_job j LEFT JOIN hr_department d ON d.id = j.department_id
                 WHERE j.company_id = %(main)s""",
            {"company": company_id, "main": main.id},
        )
        cr.execute(
            """WITH jobs AS (SELECT id, department_id, row_number() OVER (ORDER BY id) - 1 AS k,
                                    count(*) OVER () AS n
                               FROM hr_job WHERE company_id = %(company)s),
                    res AS (INSERT INTO resource_resource (name, resource_type, tz, time_efficiency,
                                   company_id, calendar_id, active, create_uid, create_date, write_uid,
                                   write_date)
                            SELECT 'Bench employee ' || %(company)s || '-' || g, r.resource_type, r.tz,
                                   r.time_efficiency, %(company)s, r.calendar_id, true, 1, now(), 1, now()
                              FROM resource_resource r, generate_series(0, %(count)s - 1) g
                             WHERE r.id = %(resource)s
                         RETURNING id),
                    numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS g FROM res)
               INSERT INTO hr_employee (resource_id, company_id, job_id, department_id, active, marital,
                      distance_home_work_unit, employee_type, create_uid, create_date, write_uid, write_date)
               SELECT numbered.id, %(company)s, jobs.id, jobs.department_id, true, e.marital,
                      e.distance_home_work_unit, e.employee_type, 1, now(), 1, now()
                 FROM numbered JOIN jobs ON jobs.k = numbered.g %% jobs.n, hr_employee e
                WHERE e.id = %(employee)s""",
            {
                "company": company_id,
                "count": employees,
                "resource": template_employee.resource_id.id,
                "employee": template_employee.id,
            },
        )
    # What the ORM keeps as employees join a job (Odoo's stored "Current Number of Employees").
    cr.execute(
        """UPDATE hr_job j SET no_of_employee = c.n
             FROM (SELECT job_id, count(*) AS n FROM hr_employee
                    WHERE active AND company_id = ANY(%(ids)s) GROUP BY job_id) c
            WHERE c.job_id = j.id""",
        {"ids": ids},
    )
    env.invalidate_all()
    env.registry.clear_cache()
    return env["res.company"].browse(ids)


def officer(env, stores):
    users = (
        env["res.users"].with_context(active_test=False).search([("login", "=", "bench_staffing_officer")])
    )
    values = {"company_id": stores[0].id, "company_ids": [Command.set(stores.ids)]}
    if users:
        users.write(values)
        return users
    return env["res.users"].create(
        {
            "name": "Bench HR officer",
            "login": "bench_staffing_officer",
            "groups_id": [Command.set([env.ref("hr.group_hr_user").id, env.ref("base.group_user").id])],
            **values,
        }
    )


def run(env, user, stores):
    Staffing = env["dealer_org.staffing"].with_user(user).with_context(allowed_company_ids=stores.ids)
    store = stores[len(stores) // 2]
    operations = {
        "pivot (total, by store)": lambda: [
            Staffing.read_group([], MEASURES, groupby, lazy=False) for groupby in ([], ["company_id"])
        ],
        "pivot: unfold a store": lambda: [
            Staffing.read_group([("company_id", "=", store.id)], MEASURES, [groupby], lazy=False)
            for groupby in ("department_id", "job_id")
        ],
        "pivot by brand, region": lambda: [
            Staffing.read_group([], MEASURES, [groupby], lazy=False) for groupby in ("brand", "region")
        ],
        "list (80 rows + count)": lambda: Staffing.web_search_read(
            [], LIST_FIELDS, limit=80, count_limit=10001
        ),
        "graph (by store)": lambda: Staffing.read_group(
            [], ["vacancy_count:sum", "overstaffed_count:sum"], ["company_id"], lazy=False
        ),
        "list of vacancies": lambda: Staffing.web_search_read(
            [("vacancy_count", ">", 0)], LIST_FIELDS, limit=80, count_limit=10001
        ),
    }
    results = {}
    for label, operation in operations.items():
        best = None
        for _attempt in range(3):
            result, elapsed, queries = measure(env, operation)
            if best is None or elapsed < best[0]:
                best = (elapsed, queries.total, result)
        results[label] = best
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="100,1000")
    parser.add_argument("--employees", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    sizes = [int(size) for size in args.stores.split(",")]
    print(f"setup: dealer_org installed in {install(DB):.1f} s", flush=True)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB, "--log-level=warn"])
    registry = Registry(DB)
    figures = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        stores = env["res.company"]
        for size in sizes:
            started = time.perf_counter()
            stores |= clone_stores(env, len(stores), size - len(stores), args.employees)
            cr.execute("ANALYZE")
            cr.commit()
            registry.clear_cache()
            cr.execute("SELECT count(*) FROM hr_employee WHERE active AND company_id = ANY(%s)", [stores.ids])
            employees = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM hr_job WHERE company_id = ANY(%s)", [stores.ids])
            jobs = cr.fetchone()[0]
            print(
                f"setup: {len(stores)} stores, {jobs} job positions, {employees} employees "
                f"(cloned by SQL in {time.perf_counter() - started:.1f} s)"
                f"   [{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}]",
                flush=True,
            )
            user = officer(env, stores)
            cr.commit()
            results = run(env, user, stores)
            figures[size] = results
            for label, (elapsed, queries, _result) in results.items():
                print(f"  {label:<24} {len(stores):5d} stores: {elapsed:6.3f} s, {queries:3d} queries")
            groups = results["pivot (total, by store)"][2][1]
            count = results["list (80 rows + count)"][2]["length"]
            print(f"  pivot rows by store: {len(groups)}; list count: {count}")
    first, last = sizes[0], sizes[-1]
    for label in figures[first]:
        q1, q2 = figures[first][label][1], figures[last][label][1]
        slowest = max(figures[size][label][0] for size in sizes)
        print(
            f"{label:<24} queries {q1} for {first} stores, {q2} for {last}: "
            f"{'independent of the stores' if q1 == q2 else 'GROWING'}; slowest {slowest:.3f} s "
            f"({'within' if slowest <= 1 else 'OVER'} the 1 s goal)"
        )
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

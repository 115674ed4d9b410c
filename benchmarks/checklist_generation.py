"""Benchmark: one day's duty checklists for a dealer group of 100 stores x 100 employees.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    bash benchmarks/run checklist_generation [--stores 100] [--employees 100] [--keep]
It installs dealer_org (no demo) into a fresh database, applies the standard 4S template to
each store (a company), spreads each store's employees over its preloaded jobs by
headcount, then times the generation of one day's checklists and counts its SQL queries,
against a bare ``create()`` of the same checklist and line rows (one create of the
checklists, one of their lines, as a plain client of the ORM would write it). Two days are measured:
an ordinary Wednesday (daily checklists) and Monday 1 January 2024, when every period
type starts (daily, weekly, monthly, quarterly and yearly checklists at once).
Goals: at most 15 s, queries not growing with employees, at most 0.5x the bare create
(issue 11; the generation writes set-based: one INSERT of checklists, one INSERT … SELECT of lines).
``--keep`` reuses the database of a previous run with the same sizes.
"""

import argparse
import os
import sys
import time
from datetime import date, datetime

from common import install

DB = "dealer_org_bench_checklist"
ORDINARY_DAY = date(2024, 1, 3)  # a Wednesday: daily checklists only
EVERY_PERIOD_DAY = date(2024, 1, 1)  # a Monday, 1 January: every period type starts


def install_database():
    seconds = install(DB)
    print(f"setup: dealer_org installed in {seconds:.1f} s")


def populate(env, stores, per_store):
    """Companies with the 4S structure and their employees, in batches."""
    started = time.perf_counter()
    main = env.ref("base.main_company")
    template = env["dealer_org.org.template"].search([("is_default", "=", True)], limit=1)
    companies = main | env["res.company"].create(
        [{"name": f"4S Store {i:03d}", "parent_id": main.id} for i in range(2, stores + 1)]
    )
    for company in companies[1:]:
        template._apply_to_company(company)
    env.flush_all()
    print(f"setup: {len(companies)} stores with the 4S structure in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    jobs = env["hr.job"].search([("company_id", "in", companies.ids), ("library_code", "!=", False)])
    jobs_by_company = {}
    for job in jobs:
        jobs_by_company.setdefault(job.company_id.id, []).append(job)
    Employee = env["hr.employee"].with_context(
        tracking_disable=True, mail_create_nosubscribe=True, mail_create_nolog=True
    )
    for company in companies:
        # Each job gets employees in proportion to its headcount (at least one).
        slots = [job for job in jobs_by_company[company.id] for _ in range(max(job.headcount, 1))]
        Employee.create(
            [
                {
                    "name": f"Employee {company.id}-{n:03d}",
                    "company_id": company.id,
                    "job_id": slots[n % len(slots)].id,
                    "department_id": slots[n % len(slots)].department_id.id,
                    "tz": "Asia/Shanghai",
                }
                for n in range(per_store)
            ]
        )
    env.flush_all()
    count = env["hr.employee"].search_count([("company_id", "in", companies.ids)])
    print(f"setup: {count} employees in {time.perf_counter() - started:.1f} s")


def measure(env, run):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    result = run()
    env.flush_all()
    return result, time.perf_counter() - started, env.cr.sql_log_count - queries


def bench_day(env, day, period_types, label):
    from odoo.models import INSERT_BATCH_SIZE

    from odoo.addons.dealer_org.models.dealer_org_checklist import GENERATION_CONTEXT

    Checklist = env["dealer_org.checklist"]
    Line = env["dealer_org.checklist.line"]
    employees = Checklist._generate_checklists_eligible(period_types=period_types)
    checklists, seconds, queries = measure(
        env, lambda: Checklist._generate_checklists(on_date=day, period_types=period_types)
    )
    lines = checklists.line_ids
    n_employees = len(checklists.employee_id)
    # The cron's hourly runs that find everything generated already.
    again, again_s, again_q = measure(
        env,
        lambda: Checklist._generate_checklists(
            now=datetime.combine(day, datetime.min.time()), period_types=period_types
        ),
    )
    checklist_rows = [
        {
            "employee_id": c.employee_id.id,
            "job_id": c.job_id.id,
            "department_id": c.department_id.id,
            "company_id": c.company_id.id,
            "period_type": c.period_type,
            "period_start": c.period_start,
            "period_end": c.period_end,
            "deadline": c.deadline,
        }
        for c in checklists
    ]
    line_rows = [
        (
            index,
            {
                "duty_id": line.duty_id.id,
                "sequence": line.sequence,
                "name": line.name,
                "deadline": line.deadline,
            },
        )
        for index, checklist in enumerate(checklists)
        for line in checklist.line_ids
    ]
    env.cr.rollback()
    env.invalidate_all()

    def bare_create():
        created = Checklist.with_context(GENERATION_CONTEXT).create(checklist_rows)
        return Line.with_context(GENERATION_CONTEXT).create(
            [dict(vals, checklist_id=created[index].id) for index, vals in line_rows]
        )

    _bare, bare_s, bare_q = measure(env, bare_create)
    env.cr.rollback()
    env.invalidate_all()

    per_1000 = 1000 / max(n_employees, 1)
    print(f"\n{label} ({day:%a %Y-%m-%d}): {len(employees)} eligible employees")
    print(
        f"  generated:   {len(checklists):6d} checklists, {len(lines):6d} lines for {n_employees} employees"
    )
    print(
        f"  generation:  {seconds:6.2f} s  {queries:6d} queries"
        f"  ({queries * per_1000:.0f} per 1,000 employees)"
        f"   goal <= 15 s: {'met' if seconds <= 15 else 'NOT met'}"
    )
    print(
        f"  bare create: {bare_s:6.2f} s  {bare_q:6d} queries  ({bare_q * per_1000:.0f} per 1,000 employees)"
    )
    print(
        f"  ratio:       time {seconds / bare_s:.2f}x   queries {queries / bare_q:.2f}x"
        f"   goal <= 0.5x (issue 11): {'met' if seconds / bare_s <= 0.5 else 'NOT met'}"
        f"   [{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}]"
    )
    print(
        f"  of the generation's queries: 2 INSERTs (all checklists, then all lines), {queries - 2} others"
        f" (not growing with employees); the bare create: {INSERT_BATCH_SIZE} rows per INSERT (Odoo's batch)"
    )
    print(
        f"  a second run (cron, nothing left to do): {again_s:.2f} s, {again_q} queries, {len(again)} created"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=100)
    parser.add_argument("--employees", type=int, default=100, help="employees per store")
    parser.add_argument("--keep", action="store_true", help="reuse the database of a previous run")
    args = parser.parse_args()
    conf = os.environ["ODOO_CONF"]
    sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo
    from odoo import SUPERUSER_ID, api

    marker = f"{args.stores}x{args.employees}"
    odoo.tools.config.parse_config(["-c", conf, "--log-level=warn"])
    fresh = True
    if args.keep:
        try:
            registry = odoo.modules.registry.Registry(DB)
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                fresh = env["ir.config_parameter"].get_param("dealer_org.bench_checklist") != marker
        except Exception:  # noqa: BLE001 - no usable database: build one
            fresh = True
    if fresh:
        install_database()
        registry = odoo.modules.registry.Registry(DB)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            populate(env, args.stores, args.employees)
            env["ir.config_parameter"].set_param("dealer_org.bench_checklist", marker)
            cr.commit()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        bench_day(env, ORDINARY_DAY, ["daily"], "an ordinary day")
        bench_day(env, EVERY_PERIOD_DAY, None, "every period starts")
        cr.rollback()


if __name__ == "__main__":
    main()

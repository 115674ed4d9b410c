"""Benchmark: adopting a company's own organisation, at install and in the wizard, with 100 and
1,000 existing job positions and departments.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run template_adopt [--sizes 100,1000] [--keep]
Installs dealer_org (no demo) into a fresh database. For each size N, a company HR organised
before dealer_org gets N/2 departments and N/2 job positions of its own, among them the standard
4S structure's 7 departments and 38 jobs typed in Chinese (each job with an employee), so that
every template record is adopted. Then, each time from the same state (rolled back):
- the install's step (``dealer_org.library._install_default_organisation``: sync the library,
  compare, adopt, create) with that company as the database's only one (the main company, the
  structure the benchmark's install put there removed first);
- the Apply Organisation Template wizard on such a company (a second one) as superuser: preview,
  then apply.
Prints the wall time and SQL queries of each; goal: queries that do not grow with N (two queries
read a company's departments and jobs whatever their number; the adoption writes one per template
record).
"""

import argparse
import os
import time

from common import drop, install
from kpi_generation import measure

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_template_adopt"


def prepare(env, size, store=None):
    """A store (a new company unless given) with ``size`` departments and jobs of its own, the
    default template's among them."""
    from odoo.addons.dealer_org.tools.library import load_library  # the addons path is set by then

    library = load_library()
    tpl = library.default_template
    store = store or env["res.company"].create({"name": f"Bench adopt store {size}"})
    zh = env(context={"lang": "zh_CN"})
    departments = zh["hr.department"].create(
        [{"name": library.departments[d.ref].name.zh, "company_id": store.id} for d in tpl.departments]
        + [
            {"name": f"HR department {n}", "company_id": store.id}
            for n in range(size // 2 - len(tpl.departments))
        ]
    )
    by_ref = {d.ref: dep for d, dep in zip(tpl.departments, departments, strict=False)}
    own = departments[len(tpl.departments) :]
    jobs = zh["hr.job"].create(
        [
            {
                "name": library.jobs[p.ref].name.zh,
                "company_id": store.id,
                "department_id": by_ref[p.department].id,
            }
            for p in tpl.jobs
        ]
        + [
            {"name": f"HR job {n}", "company_id": store.id, "department_id": own[n % len(own)].id}
            for n in range(size // 2 - len(tpl.jobs))
        ]
    )
    env["hr.employee"].create(
        [
            {"name": f"Employee {job.id}", "company_id": store.id, "job_id": job.id}
            for job in jobs[: len(tpl.jobs)]
        ]
    )
    env.flush_all()
    return store, tpl


def report(label, size, elapsed, queries):
    print(f"{label:<36} {size:5d} existing: {elapsed:6.2f} s, {queries.total:5d} queries; {queries}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB, "--log-level=warn"])
    registry = Registry(DB)
    sizes = [int(s) for s in args.sizes.split(",")]
    totals = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("zh_CN")
        cr.commit()
        print(f"[{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}]")
        template = env["dealer_org.org.template"].search([("is_default", "=", True)])
        for size in sizes:
            started = time.perf_counter()
            # The install's case: the database's one company, organised by HR before dealer_org
            # (the structure the benchmark's own install created there is removed first).
            main = env.ref("base.main_company")
            env["hr.job"].search([("company_id", "=", main.id)]).unlink()
            env["hr.department"].search(
                [("company_id", "=", main.id), ("library_code", "!=", False)]
            ).unlink()
            store, tpl = prepare(env, size, main)
            print(f"setup: {size} departments and jobs in {time.perf_counter() - started:.1f} s")
            applied, elapsed, queries = measure(env, env["dealer_org.library"]._install_default_organisation)
            jobs = env["hr.job"].search([("company_id", "=", store.id)])
            adopted = jobs.filtered(lambda j: j.library_code and j.employee_ids)
            assert store in applied, "the store's organisation is adopted at install"
            assert len(jobs) == size // 2, f"nothing duplicated: {len(jobs)} jobs"
            report("install (_install_default_organisation)", size, elapsed, queries)
            print(f"  adopted {len(adopted)} jobs, {len(jobs.filtered('library_code'))} with a library code")
            totals[("install", size)] = queries.total
            cr.rollback()

            store, tpl = prepare(env, size)
            wizard = env["dealer_org.template.apply"].create(
                {"template_id": template.id, "company_ids": [Command.set(store.ids)]}
            )
            counts, elapsed, queries = measure(env, wizard._preview_counts)
            report("wizard preview", size, elapsed, queries)
            print(f"  {counts[store]}")
            totals[("preview", size)] = queries.total
            _a, elapsed, queries = measure(env, wizard.action_apply)
            report("wizard apply", size, elapsed, queries)
            totals[("apply", size)] = queries.total
            cr.rollback()
    for step in ("install", "preview", "apply"):
        figures = [totals[(step, size)] for size in sizes]
        growing = any(b > a * 1.02 + 2 for a, b in zip(figures, figures[1:], strict=False))
        print(
            f"{step}: "
            + ", ".join(f"{q} queries for {n}" for q, n in zip(figures, sizes, strict=True))
            + f" existing departments and jobs: {'GROWING' if growing else 'not growing'}"
        )
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

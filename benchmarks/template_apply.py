"""Benchmark: applying the largest organisation template to 100 new companies in one wizard run.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run template_apply [--companies N] [--keep]
Installs dealer_org (no demo) into a fresh database, creates the companies and an HR manager
allowed in them, then prints, for the wizard run as that HR manager:
- the wall time and SQL queries of the preview and of applying, in total and per company
  (goal: at most 1 s per company);
- the same for one company and for a tenth of the companies (goal: queries per company that
  do not grow with the number of companies applied at once);
- re-applying to the same companies (nothing to create).
The wizard applies all the companies in one batch per model (``_apply_to_companies``): the
queries grow only as the ORM splits large batches into 100-row statements.
"""

import argparse
import itertools
import os
import time

from common import drop, install
from kpi_generation import measure

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_template_apply"


def largest_template(env):
    from odoo.addons.dealer_org.tools.library import load_library  # the addons path is set by then

    library = load_library()
    code = max(library.templates, key=lambda c: (len(library.templates[c].jobs), c))
    return env["dealer_org.org.template"].search([("code", "=", code)]), library.templates[code]


def run_wizard(env, user, template, companies):
    Wizard = env["dealer_org.template.apply"].with_user(user)
    wizard = Wizard.create({"template_id": template.id, "company_ids": [Command.set(companies.ids)]})
    return wizard


def report(label, elapsed, queries, companies):
    n = len(companies)
    print(
        f"{label:<34} {n:4d} companies: {elapsed:7.2f} s ({elapsed / n:.3f} s per company), "
        f"{queries.total} queries ({queries.total / n:.1f} per company); {queries}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB, "--log-level=warn"])
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        companies = env["res.company"].create(
            [{"name": f"Bench store {n:03d}"} for n in range(args.companies)]
        )
        user = env["res.users"].create(
            {
                "name": "Bench HR manager",
                "login": "bench_hr_manager",
                "company_id": env.company.id,
                "company_ids": [Command.set((companies | env.company).ids)],
                "groups_id": [
                    Command.set([env.ref("hr.group_hr_manager").id, env.ref("base.group_user").id])
                ],
            }
        )
        cr.commit()
        print(
            f"setup: {len(companies)} companies in {time.perf_counter() - started:.1f} s"
            f"   [{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}]"
        )
        template, spec = largest_template(env)
        print(
            f"largest template: {template.code} ({len(spec.departments)} departments, {len(spec.jobs)} jobs)"
        )

        subsets = [companies[:1], companies[: max(1, len(companies) // 10)], companies]
        per_company = {}
        for subset in subsets:
            wizard = run_wizard(env, user, template, subset)
            _p, preview_time, preview_queries = measure(env, lambda wizard=wizard: wizard._preview_counts())
            report("preview", preview_time, preview_queries, subset)
            wizard = run_wizard(env, user, template, subset)
            _a, apply_time, apply_queries = measure(env, wizard.action_apply)
            report("apply (wizard)", apply_time, apply_queries, subset)
            per_company[len(subset)] = apply_queries.total / len(subset)
            jobs = env["hr.job"].search_count([("company_id", "in", subset.ids)])
            duties = env["dealer_org.job.duty"].search_count([("company_id", "in", subset.ids)])
            kpis = env["dealer_org.kpi"].search_count([("company_id", "in", subset.ids)])
            print(f"  created {jobs} job positions, {duties} duties, {kpis} KPIs")
            if subset is companies:
                wizard = run_wizard(env, user, template, subset)
                _a, again_time, again_queries = measure(env, wizard.action_apply)
                report("apply again (nothing missing)", again_time, again_queries, subset)
            cr.rollback()
        counts = sorted(per_company)
        growing = any(per_company[b] > 1.02 * per_company[a] for a, b in itertools.pairwise(counts))
        print(
            "apply queries per company: "
            + ", ".join(f"{per_company[n]:.1f} for {n}" for n in counts)
            + f" companies: {'GROWING' if growing else 'not growing'} with the number of companies "
            "(a fixed part per wizard run, then the same queries for every company); goal <= 1 s per company"
        )
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

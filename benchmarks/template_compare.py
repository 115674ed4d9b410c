"""Benchmark: comparing one organisation template with 100 stores (push a standard, library updates).

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run template_compare [--companies N] [--keep]
Installs dealer_org (no demo) into a fresh database, creates the stores with the standard 4S
structure applied (38 jobs, 201 duties, 66 KPIs each), makes each store differ a little (a duty
removed, a duty edited, its own duty, a job renamed by the store), then prints, for 1, a tenth and
all of the stores:
- the comparison with its differences (``_compare_differences``): wall time and SQL queries
  (goal: all the stores <= 10 s, queries independent of the number of stores);
- the push wizard as an HR manager (the comparison plus its rows), and applying the proposed
  differences, then comparing again (nothing left but the stores' own changes).
"""

import argparse
import os
import time

from common import drop, install
from kpi_generation import measure

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_template_compare"


def report(label, elapsed, queries, companies):
    print(f"{label:<30} {len(companies):4d} stores: {elapsed:7.2f} s, {queries.total} queries; {queries}")


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
        template = env["dealer_org.org.template"].search([("code", "=", "standard_4s")])
        spec = template._definition()[1]
        companies = env["res.company"].create(
            [{"name": f"Bench store {n:03d}"} for n in range(args.companies)]
        )
        template._apply_to_companies(companies)
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
        # Each store differs a little from the standard.
        jobs = env["hr.job"].search([("company_id", "in", companies.ids)], order="id")
        first_job = {}
        for job in jobs:
            first_job.setdefault(job.company_id.id, job)
        for job in first_job.values():
            job.duty_ids[:1].unlink()
            job.duty_ids[:1].deadline_days = 17
            env["dealer_org.job.duty"].create({"job_id": job.id, "name": "Store's own duty"})
            job.with_context(lang="en_US").name = f"{job.name} (store)"
        cr.commit()
        print(
            f"setup: {len(companies)} stores with {template.code} ({len(spec.departments)} departments, "
            f"{len(spec.jobs)} jobs), {len(jobs)} job positions, "
            f"{env['dealer_org.job.duty'].search_count([('company_id', 'in', companies.ids)])} duties "
            f"in {time.perf_counter() - started:.1f} s"
            f"   [{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}]"
        )
        queries_of = {}
        for subset in (companies[:1], companies[: max(1, len(companies) // 10)], companies):
            comparisons, elapsed, queries = measure(
                env, lambda subset=subset: template._compare_differences(subset)
            )
            changes = sum(len(m.changes) for c in comparisons.values() for m in c.matches())
            report("compare with differences", elapsed, queries, subset)
            print(f"  {changes} differences")
            queries_of[len(subset)] = queries.total
            Wizard = env["dealer_org.template.push"].with_user(user)
            wizard, elapsed, queries = measure(
                env,
                lambda subset=subset, Wizard=Wizard: Wizard.create(
                    {"template_id": template.id, "company_ids": [Command.set(subset.ids)]}
                ),
            )
            report("push wizard (rows)", elapsed, queries, subset)
            rows = wizard.sudo().line_ids
            print(f"  {len(rows)} rows, {len(rows.filtered('apply'))} ticked")
            _r, elapsed, queries = measure(env, wizard.action_apply)
            report("apply the proposed", elapsed, queries, subset)
            left, elapsed, queries = measure(env, lambda subset=subset: template._compare_differences(subset))
            kinds = sorted({ch.kind for c in left.values() for m in c.matches() for ch in m.changes})
            report("compare again", elapsed, queries, subset)
            print(f"  left: {', '.join(kinds) or 'nothing'}")
            cr.rollback()
        counts = sorted(queries_of)
        print(
            "comparison queries: "
            + ", ".join(f"{queries_of[n]} for {n}" for n in counts)
            + f" stores: {'independent of' if len(set(queries_of.values())) == 1 else 'GROWING with'} "
            "the number of stores; goal: 100 stores <= 10 s"
        )
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

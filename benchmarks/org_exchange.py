"""Benchmark: exporting and importing a 100-job organisation as an XML document.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run org_exchange [--jobs N] [--keep]
Installs dealer_org (no demo) into a fresh database, gives a store the largest template and
adds HR-created job positions (each with duties, qualifications and KPIs) until the store has
N job positions, then prints, as an HR manager allowed in the store, the wall time and SQL
queries of: exporting the organisation (the wizard), importing the document (the wizard:
parsing, schema and checks, creating the template), showing the imported template (its
definition parsed once, then cached), and applying it to a new company.
"""

import argparse
import base64
import os

from common import drop, install
from kpi_generation import measure

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_org_exchange"


def report(label, elapsed, queries, extra=""):
    print(f"{label:<38} {elapsed:7.3f} s, {queries}{extra}")


def grow(env, store, jobs_wanted):
    """Add HR-created job positions (with duties, qualifications, two KPIs) up to jobs_wanted."""
    Job = env["hr.job"]
    have = Job.search_count([("company_id", "=", store.id)])
    department = env["hr.department"].create({"name": "Bench extra department", "company_id": store.id})
    Job.create(
        [
            {
                "name": f"Bench position {n:03d}",
                "company_id": store.id,
                "department_id": department.id,
                "headcount": 2,
                "responsibility_summary": f"Bench summary {n}",
                "duty_ids": [
                    Command.create(
                        {"name": f"Weekly duty {n}-{d}", "period": "weekly", "weekday": str(d % 7)}
                    )
                    for d in range(8)
                ],
                "qualification_ids": [Command.create({"name": f"Qualification {n}", "kind": "skill"})],
                "kpi_ids": [
                    Command.create(
                        {"code": "A", "name": f"KPI A {n}", "target": 10, "maximum": 12, "weight": 60}
                    ),
                    Command.create(
                        {"code": "B", "name": f"KPI B {n}", "target": 10, "maximum": 12, "weight": 40}
                    ),
                ],
            }
            for n in range(max(0, jobs_wanted - have))
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB, "--log-level=warn"])
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("zh_CN")
        store, target = env["res.company"].create([{"name": "Bench store"}, {"name": "Bench new store"}])
        user = env["res.users"].create(
            {
                "name": "Bench HR manager",
                "login": "bench_hr_manager",
                "company_id": env.company.id,
                "company_ids": [Command.set((store | target | env.company).ids)],
                "groups_id": [
                    Command.set([env.ref("hr.group_hr_manager").id, env.ref("base.group_user").id])
                ],
            }
        )
        from odoo.addons.dealer_org.tools.library import load_library

        library = load_library()
        code = max(library.templates, key=lambda c: (len(library.templates[c].jobs), c))
        env["dealer_org.org.template"].search([("code", "=", code)])._apply_to_company(store)
        grow(env, store, args.jobs)
        cr.commit()
        counts = {
            model: env[model].search_count([("company_id", "=", store.id)])
            for model in ("hr.department", "hr.job", "dealer_org.job.duty", "dealer_org.kpi")
        }
        print(
            f"organisation of {store.name}: "
            + ", ".join(f"{n} {model}" for model, n in counts.items())
            + f"   [{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}]"
        )

        wizard = env["dealer_org.org.export"].with_user(user).create({"company_id": store.id})
        _r, elapsed, queries = measure(env, wizard.action_export)
        raw = base64.b64decode(wizard.data)
        report("export (wizard)", elapsed, queries, f"; {len(raw) / 1024:.0f} KiB")

        importer = (
            env["dealer_org.org.import"]
            .with_user(user)
            .create({"document": base64.b64encode(raw), "filename": wizard.filename})
        )
        action, elapsed, queries = measure(env, importer.action_import)
        report("import (wizard: parse, check, create)", elapsed, queries)
        template = env["dealer_org.org.template"].with_user(user).browse(action["res_id"])
        from odoo.addons.dealer_org.models import dealer_org_org_template_exchange as exchange

        exchange._DEFINITIONS.clear()
        _r, elapsed, queries = measure(env, lambda: template.structure)
        report("show the template (parse, uncached)", elapsed, queries)
        _r, elapsed, queries = measure(env, lambda: template.job_count)
        report("show the template again (cached)", elapsed, queries)
        applier = (
            env["dealer_org.template.apply"]
            .with_user(user)
            .create({"template_id": template.id, "company_ids": [Command.set(target.ids)]})
        )
        _r, elapsed, queries = measure(env, applier.action_apply)
        jobs = env["hr.job"].search_count([("company_id", "=", target.id)])
        report("apply the imported template", elapsed, queries, f"; {jobs} job positions created")
        cr.rollback()
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

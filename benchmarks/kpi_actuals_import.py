"""Benchmark: importing a month's KPI actuals from a file, 100,000 rows (20,000 employees x 5 KPIs).

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run kpi_actuals_import [--employees 20000] [--sizes 10000,100000]
                                       [--base-import-rows 10000] [--keep]
Installs dealer_org (no demo) into a fresh database, creates 1,000 employees on 100 jobs of 5
monthly KPIs (kpi_generation.setup_store) and clones them by SQL up to --employees, gives each
a Badge ID, generates the month's evaluations, then, as an HR officer (not an administrator),
for each size of file (CSV, one row per employee x KPI):
- previews it (dealer_org.kpi.actual.import.action_preview) and imports it (action_import):
  wall time (goal: each within 60 s at 100,000 rows) and SQL queries (goal: the same number
  at every size);
- notes the process's peak memory (max RSS) after each step.
Then, side by side, Odoo's own import (base_import, what the Import button runs) of the same
actuals identified by the external ids Odoo's export gives the lines ("id", "actual": the
round trip of issue 18) on --base-import-rows rows.
"""

import argparse
import base64
import os
import random
import resource
import time
from datetime import date

from common import drop, install
from kpi_generation import clone_employees, measure, setup_store

import odoo
from odoo import Command
from odoo.modules.registry import Registry

DB = "dealer_org_bench_actuals"
PERIOD = date(2026, 1, 1)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def actuals_csv(env, rows):
    """The first ``rows`` lines of the month as a DMS file: 工号, 期间, 指标代码, 实际值."""
    env.cr.execute(
        """SELECT e.barcode, line.code, line.id FROM dealer_org_kpi_evaluation_line line
             JOIN hr_employee e ON e.id = line.employee_id
            ORDER BY line.id LIMIT %s""",
        [rows],
    )
    random.seed(rows)
    data = env.cr.fetchall()
    values = [round(random.uniform(40, 140), 1) for _row in data]
    text = "工号,期间,指标代码,实际值\n" + "".join(
        f"{badge},2026-01,{code},{value}\n" for (badge, code, _id), value in zip(data, values, strict=True)
    )
    by_id = "id,actual\n" + "".join(
        f"__export__.dealer_org_kpi_evaluation_line_{line_id}_bench,{value}\n"
        for (_b, _c, line_id), value in zip(data, values, strict=True)
    )
    return text.encode(), by_id.encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=20000)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--base-import-rows", type=int, default=10000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB])
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        company, _departments = setup_store(env, 1000)
        clone_employees(cr, company, args.employees)
        cr.execute(
            "UPDATE hr_employee SET barcode = lpad(id::text, 8, '0') WHERE company_id = %s", [company.id]
        )
        env.invalidate_all()
        created = env["dealer_org.kpi.evaluation"]._generate("monthly", PERIOD, company)
        officer = env["res.users"].create(
            {
                "name": "Bench HR officer",
                "login": "bench_hr_officer",
                "groups_id": [Command.set([env.ref("hr.group_hr_user").id, env.ref("base.group_user").id])],
            }
        )
        # The external ids Odoo's export gives the lines (Export › "id"), for base_import's round trip.
        cr.execute(
            """INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
               SELECT '__export__', 'dealer_org_kpi_evaluation_line_' || id || '_bench',
                      'dealer_org.kpi.evaluation.line', id, false
                 FROM dealer_org_kpi_evaluation_line"""
        )
        cr.commit()
        lines = env["dealer_org.kpi.evaluation.line"].search_count([])
        print(
            f"setup: {args.employees} employees, {len(created)} evaluations, {lines} lines in "
            f"{time.perf_counter() - started:.1f} s [{os.cpu_count()} cores, load "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}]; peak memory {peak_mb():.0f} MB",
            flush=True,
        )
        Import = env["dealer_org.kpi.actual.import"].with_user(officer)
        queries_by_size = {}
        for size in [100, *sizes]:  # 100 rows first: warms Odoo's caches (rules, translations)
            data, _by_id = actuals_csv(env, size)
            record = Import.create({"file": base64.b64encode(data), "filename": f"dms_{size}.csv"})
            cr.commit()
            env.invalidate_all()
            _r, preview_time, preview_queries = measure(env, record.action_preview)
            counts = (record.row_count, record.update_count, record.error_count)
            preview_mb = peak_mb()
            _r, import_time, import_queries = measure(env, record.action_import)
            cr.execute("SELECT count(*) FROM mail_message WHERE model = 'dealer_org.kpi.evaluation'")
            messages = cr.fetchone()[0]
            applied = record.applied_count
            print(
                f"{size} rows ({len(data) / 1e6:.1f} MB): preview {preview_time:.1f} s, {preview_queries}; "
                f"rows/update/refused {counts}; peak memory {preview_mb:.0f} MB",
                flush=True,
            )
            print(
                f"{size} rows: import {import_time:.1f} s, {import_queries}; {applied} applied, "
                f"{messages} chatter messages; "
                f"peak memory {peak_mb():.0f} MB",
                flush=True,
            )
            if size != 100:
                queries_by_size[size] = (preview_queries.total, import_queries.total)
            cr.rollback()
            env.invalidate_all()
        if len(queries_by_size) > 1:
            same = len(set(queries_by_size.values())) == 1
            print(
                f"queries (preview, import) by size: {queries_by_size}: "
                f"{'independent of' if same else 'GROWING with'} the number of rows"
            )

        # Odoo's own import of the same actuals by database id, as the same HR officer.
        rows = args.base_import_rows
        _data, by_id = actuals_csv(env, rows)
        base = env["base_import.import"].with_user(officer).create(
            {"res_model": "dealer_org.kpi.evaluation.line", "file": by_id, "file_type": "text/csv",
             "file_name": "by_id.csv"}
        )  # fmt: skip
        options = {"has_headers": True, "separator": ",", "quoting": '"', "encoding": "utf-8"}
        result, base_time, base_queries = measure(
            env, lambda: base.execute_import(["id", "actual"], ["id", "actual"], options)
        )
        errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
        print(
            f"base_import (Odoo's Import button) of {rows} rows by external id: {base_time:.1f} s, "
            f"{base_queries}; "
            f"{len(result.get('ids') or [])} written, {len(errors)} errors {errors[:1]}; "
            f"{base_time / rows * 1000:.2f} ms per row "
            f"(100,000 rows: about {base_time / rows * 100000:.0f} s)",
            flush=True,
        )
        cr.rollback()
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

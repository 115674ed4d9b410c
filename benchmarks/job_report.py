"""Benchmark: the 岗位说明书 (job description) PDF of every job of the standard 4S template.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run job_report [--keep]
Installs dealer_org (no demo) into a fresh database (the main company receives the default
standard 4S structure), activates Chinese with dealer_org's terms, then prints, in Chinese and
in English, for the job descriptions of all its jobs in one print: the time and SQL queries of
the HTML rendering (QWeb), the time of the whole PDF (QWeb + wkhtmltopdf), the PDF's size and
pages; and the same for one job, so the cost per job is read from the same run. No HTTP server
runs: wkhtmltopdf cannot fetch the web assets and the report's inline style lays it out.
"""

import argparse
import logging
import os
import re
import time

from common import drop, install
from kpi_generation import Queries

import odoo
from odoo.modules.registry import Registry

DB = "dealer_org_bench_job_report"


def render(env, report, jobs, lang, pdf):
    Report = env["ir.actions.report"].with_context(lang=lang, force_report_rendering=True)
    env.invalidate_all()
    with Queries(env.cr) as queries:
        started = time.perf_counter()
        if pdf:
            content, _kind = Report._render_qweb_pdf(report, jobs.ids)
        else:
            content, _kind = Report._render_qweb_html(report, jobs.ids)
        elapsed = time.perf_counter() - started
    return content, elapsed, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d')}")
    install(DB)
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", DB, "--log-level=warn"])
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        template = env["dealer_org.org.template"].search([("is_default", "=", True)])
        jobs = env["hr.job"].search([("org_template_id", "=", template.id)], order="department_id, id")
        duties = sum(len(j.duty_ids) for j in jobs)
        kpis = sum(len(j.kpi_ids) for j in jobs)
        print(f"template {template.code}: {len(jobs)} jobs, {duties} duties, {kpis} KPIs")
        report = env.ref("dealer_org.action_report_hr_job")
        # No HTTP server runs here: wkhtmltopdf cannot fetch the web assets (it says so and Odoo
        # keeps the PDF); the report's own inline style is what lays it out, as in the tests.
        logging.getLogger("odoo.addons.base.models.ir_actions_report").setLevel(logging.ERROR)
        for lang in ("zh_CN", "en_US"):
            for label, selection in (("one job", jobs[:1]), (f"all {len(jobs)} jobs", jobs)):
                _html, html_time, html_queries = render(env, report, selection, lang, pdf=False)
                pdf, pdf_time, _q = render(env, report, selection, lang, pdf=True)
                pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
                print(
                    f"{lang} {label:<12}: HTML {html_time:6.2f} s, {html_queries}; PDF {pdf_time:6.2f} s, "
                    f"{len(pdf) / 1024:.0f} KiB, {pages} pages"
                )
    if not args.keep:
        drop(DB)


if __name__ == "__main__":
    main()

"""Benchmark: the checklist cron at scale (issue 11), in committed batches.

Run through benchmarks/run:
    bash benchmarks/run checklist_scale [--stores 10] [--sizes 10000,100000] [--batch 5000] [--keep]
Installs dealer_org (no demo) into a fresh database, applies the 4S template to ``--stores``
stores with 100 employees each (ORM), then clones those employees by SQL (same jobs,
departments and stores) up to the largest of ``--sizes``. Each measurement runs the cron
(``_cron_generate()``, no arguments but the moment: every active employee, the others made
inactive; one batch per call, committed, as Odoo's cron runner does) in a child process
until nothing is left, at the current hour, on the first day (the current daily,
weekly, monthly, quarterly and yearly checklists of everyone: the heaviest day), and prints:
- the whole run and each batch, for each size, and the linearity ratio between sizes;
- the child's peak memory (ru_maxrss) for each size, and its growth;
- a run killed (SIGKILL) after its first committed batch and started again: duplicates,
  missing checklists, checklists without all their lines;
- two generator processes at once: errors, duplicates, wall time against one generator;
- every checklist made overdue at once (activities for employees and managers on): the
  cron's overdue batches, their time, the activities and any scheduled twice, peak memory.
Every figure comes with the machine's core count and load average.
"""

import argparse
import importlib.util
import json
import os
import resource
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

DB = "dealer_org_bench_scale"
# The run's moment (naive UTC, the hour): today's checklists, not overdue yet (checklists of
# a past day would all be overdue at once and their overdue activities scheduled in the run).
NOW = datetime.now(timezone.utc).replace(tzinfo=None, minute=0, second=0, microsecond=0)


def _periods():
    """tools/periods.py (pure Python), read before Odoo is on the path."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dealer_org", "tools", "periods.py")
    spec = importlib.util.spec_from_file_location("dealer_org_periods", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The checklists' period types: the recurring periods of the one definition.
TYPES = _periods().RECURRING


_ODOO = []


def odoo_env():
    if _ODOO:
        return _ODOO[0], _ODOO[0].modules.registry.Registry(DB)
    sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo

    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "--log-level=warn"])
    _ODOO.append(odoo)
    return odoo, odoo.modules.registry.Registry(DB)


def child(limit, batch, now):
    """One generator: the cron called until it reports nothing done; prints JSON."""
    _odoo, registry = odoo_env()
    from odoo import SUPERUSER_ID, api

    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("dealer_org.generation_batch_size", str(batch))
        cr.commit()
    batches = []
    started = time.perf_counter()
    while True:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            t0 = time.perf_counter()
            # The real cron's call: every active employee (``staff`` made the others inactive).
            done = env["dealer_org.checklist"]._cron_generate(now=now)
            cr.commit()
            batches.append((done, time.perf_counter() - t0))
            print(json.dumps({"batch": batches[-1]}), flush=True)
        if not done:
            break
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "batches": batches,
                "base_rss_mb": base_rss / 1024,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        ),
        flush=True,
    )


def spawn(limit, batch):
    return subprocess.Popen(
        [sys.executable, __file__, "--child", str(limit), "--batch", str(batch)] + ["--now", NOW.isoformat()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def result(proc):
    out, err = proc.communicate()
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    final = lines[-1] if lines and "seconds" in lines[-1] else None
    return final, proc.returncode, err


def sql(query, params=None):
    _odoo, registry = odoo_env()
    with registry.cursor() as cr:
        cr.execute(query, params)
        rows = cr.fetchall() if cr.description else None
        cr.commit()
        return rows


def reset():
    sql("TRUNCATE dealer_org_checklist_line, dealer_org_checklist CASCADE")


def staff(limit):
    """Keep the first ``limit`` employees (by id) active, the others inactive: the cron then
    runs as in production, over every active employee, without a list of ids."""
    sql(
        "UPDATE hr_employee SET active = id IN (SELECT id FROM hr_employee ORDER BY id LIMIT %s)",
        [limit],
    )


def check(limit):
    """(duplicates, missing, checklists with lines missing) among the first ``limit`` employees."""
    dup = sql(
        """SELECT count(*) FROM (SELECT 1 FROM dealer_org_checklist GROUP BY employee_id, period_type,
           period_start HAVING count(*) > 1) d"""
    )[0][0]
    missing = sql(
        """WITH e AS (SELECT id, job_id FROM hr_employee WHERE active ORDER BY id LIMIT %s),
                due AS (SELECT DISTINCT e.id, d.period FROM e JOIN dealer_org_job_duty d
                         ON d.job_id = e.job_id AND d.checklist_item AND d.period = ANY(%s))
           SELECT count(*) FROM due WHERE NOT EXISTS (SELECT 1 FROM dealer_org_checklist c
                  WHERE c.employee_id = due.id AND c.period_type = due.period)""",
        [limit, list(TYPES)],
    )[0][0]
    partial = sql(
        """SELECT count(*) FROM dealer_org_checklist c WHERE c.line_count <>
           (SELECT count(*) FROM dealer_org_checklist_line l WHERE l.checklist_id = c.id)"""
    )[0][0]
    return dup, missing, partial


def populate(stores, total):
    from common import install

    sys.path.insert(0, os.path.dirname(__file__))
    import checklist_generation

    checklist_generation.DB = DB
    print(f"setup: dealer_org installed in {install(DB):.1f} s", flush=True)
    _odoo, registry = odoo_env()
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        checklist_generation.populate(env, stores, 100)
        cr.commit()
        started = time.perf_counter()
        cr.execute("SELECT count(*) FROM hr_employee")
        have = cr.fetchone()[0]
        rounds = 0
        while have < total:
            # Clone the ORM-made employees (and their resources) by SQL, n at a time.
            n = min(total - have, stores * 100)
            cr.execute(
                """WITH src AS (SELECT e.*, row_number() OVER (ORDER BY e.id) AS rn FROM hr_employee e
                                 WHERE e.active AND e.job_id IS NOT NULL ORDER BY e.id LIMIT %s),
                        res AS (INSERT INTO resource_resource (name, resource_type, tz, time_efficiency,
                                       company_id, calendar_id, active, create_uid, create_date,
                                       write_uid, write_date)
                                SELECT r.name || ' c' || %s, r.resource_type, r.tz, r.time_efficiency,
                                       r.company_id, r.calendar_id, true, 1, now(), 1, now()
                                  FROM src JOIN resource_resource r ON r.id = src.resource_id
                              ORDER BY src.rn RETURNING id),
                        numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM res)
                   INSERT INTO hr_employee (resource_id, company_id, job_id, department_id, active,
                          marital, distance_home_work_unit, employee_type, create_uid, create_date,
                          write_uid, write_date)
                   SELECT numbered.id, src.company_id, src.job_id, src.department_id, true, src.marital,
                          src.distance_home_work_unit, src.employee_type, 1, now(), 1, now()
                     FROM src JOIN numbered USING (rn)""",
                [n, rounds],
            )
            have += n
            rounds += 1
        cr.execute("SELECT count(*) FROM hr_employee WHERE active")
        print(
            f"setup: {cr.fetchone()[0]} employees ({total - stores * 100} cloned by SQL in "
            f"{time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        env["ir.config_parameter"].set_param("dealer_org.bench_scale", f"{stores}x{total}")
        cr.commit()


def managers(limit):
    """Each department of the first ``limit`` employees gets a manager with a user (ORM),
    the employees no manager of their own: every overdue checklist has an activity."""
    _odoo, registry = odoo_env()
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"no_reset_password": True})
        cr.execute(
            """SELECT DISTINCT ON (department_id) department_id, id, company_id FROM hr_employee
                WHERE active AND department_id IS NOT NULL ORDER BY department_id, id"""
        )
        rows = cr.fetchall()
        cr.execute("SELECT count(*) FROM res_users WHERE login LIKE 'bench_manager_%%'")
        if not cr.fetchone()[0]:
            group = env.ref("base.group_user")
            for department_id, employee_id, company_id in rows:
                user = env["res.users"].create(
                    {
                        "name": f"Bench manager {department_id}",
                        "login": f"bench_manager_{department_id}",
                        "company_id": company_id,
                        "company_ids": [(6, 0, [company_id])],
                        "groups_id": [(6, 0, [group.id])],
                    }
                )
                env.flush_all()
                cr.execute("UPDATE hr_employee SET user_id = %s WHERE id = %s", [user.id, employee_id])
                cr.execute(
                    "UPDATE hr_department SET manager_id = %s WHERE id = %s", [employee_id, department_id]
                )
        cr.execute("UPDATE hr_employee SET parent_id = NULL")
        cr.commit()
    return len(rows)


def header():
    load = os.getloadavg()
    return (
        f"[{NOW:%Y-%m-%d %H:00} UTC, {os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}]"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", type=int)
    parser.add_argument("--now", help="(child) the run's moment, naive UTC ISO")
    parser.add_argument("--skip", default="", help="comma-separated: kill,two,overdue")
    parser.add_argument("--only-overdue", action="store_true", help="generate the largest size, then overdue")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.batch, datetime.fromisoformat(args.now))
    sizes = [int(size) for size in args.sizes.split(",")]
    fresh = True
    if args.keep:
        try:
            marker = sql("SELECT value FROM ir_config_parameter WHERE key = 'dealer_org.bench_scale'")
            fresh = not marker or marker[0][0] != f"{args.stores}x{max(sizes)}"
        except Exception:  # noqa: BLE001 - no usable database: build one
            fresh = True
    if fresh:
        populate(args.stores, max(sizes))

    timings = {}
    if args.only_overdue:
        size = sizes[-1]
        reset()
        staff(size)
        final, rc, err = result(spawn(size, args.batch))
        timings[size] = final
        args.skip = "kill,two"
        sizes = []
    for size in sizes:
        reset()
        staff(size)
        final, rc, err = result(spawn(size, args.batch))
        if not final:
            print(f"{size}: generator failed ({rc}):\n{err[-3000:]}")
            return 1
        timings[size] = final
        created = sql("SELECT count(*) FROM dealer_org_checklist")[0][0]
        lines = sql("SELECT count(*) FROM dealer_org_checklist_line")[0][0]
        per_batch = [seconds for done, seconds in final["batches"] if done]
        print(
            f"\n{size} employees {header()}: {created} checklists, {lines} lines in {final['seconds']:.1f} s"
            f" ({len(final['batches'])} cron calls of {args.batch}); per batch: max {max(per_batch):.2f} s,"
            f" mean {sum(per_batch) / len(per_batch):.2f} s; final pass (nothing left + overdue):"
            f" {final['batches'][-1][1]:.2f} s"
        )
        print(
            f"  peak memory of the generator: {final['peak_rss_mb']:.0f} MB"
            f" (after loading Odoo: {final['base_rss_mb']:.0f} MB)"
        )
        print(f"  duplicates, missing, partial: {check(size)}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        a, b = timings[small], timings[large]
        print(
            f"\nlinearity {header()}: {large} vs {small} employees: time {b['seconds'] / a['seconds']:.2f}x"
            f" for {large / small:.0f}x the employees; peak memory {b['peak_rss_mb']:.0f} MB vs"
            f" {a['peak_rss_mb']:.0f} MB (growth {100 * (b['peak_rss_mb'] / a['peak_rss_mb'] - 1):.1f} %)"
        )

    size = max(timings)
    staff(size)
    one = timings[size]["seconds"]
    if "kill" not in args.skip:
        reset()
        proc = spawn(size, args.batch)
        while True:
            line = proc.stdout.readline()
            if not line or line.startswith('{"batch"'):
                break
        time.sleep(timings[size]["batches"][0][1] / 2)  # in the middle of the second batch
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before = sql("SELECT count(*) FROM dealer_org_checklist")[0][0]
        final, rc, err = result(spawn(size, args.batch))
        print(
            f"\nkilled mid-run {header()}: {before} checklists committed before SIGKILL; resumed in"
            f" {final['seconds'] if final else float('nan'):.1f} s (rc {rc});"
            f" duplicates, missing, partial: {check(size)}"
        )
    if "two" not in args.skip:
        reset()
        started = time.perf_counter()
        procs = [spawn(size, args.batch) for _ in range(2)]
        outcomes = [result(proc) for proc in procs]
        wall = time.perf_counter() - started
        errors = [rc for _final, rc, _err in outcomes if rc]
        tracebacks = sum(err.count("Traceback") for _f, _rc, err in outcomes)
        inner = float("nan")
        if not errors:
            inner = max(final["seconds"] for final, _rc, _err in outcomes if final)
        print(
            f"\ntwo generators at once {header()}: {wall:.1f} s wall (with loading Odoo in each), the"
            f" longer generator {inner:.1f} s vs {one:.1f} s for one ({inner / one:.2f}x);"
            f" failed processes: {len(errors)}, tracebacks: {tracebacks};"
            f" duplicates, missing, partial: {check(size)}"
        )
    if "overdue" not in args.skip:
        # Every checklist of the last run overdue at once (a deployment on a past date, a long
        # outage): the cron flags them and schedules their activities in batches, to the
        # managers of the departments (a user each).
        managers(size)
        sql("UPDATE dealer_org_checklist SET create_date = create_date - interval '3 days'")
        sql("UPDATE dealer_org_checklist_line SET deadline = %s", [(NOW - timedelta(days=2)).date()])
        sql("UPDATE res_company SET checklist_overdue_activity = true, checklist_notify_manager = true")
        sql("DELETE FROM mail_activity WHERE res_model = 'dealer_org.checklist'")
        total = sql("SELECT count(*) FROM dealer_org_checklist")[0][0]
        final, rc, err = result(spawn(size, args.batch))
        if not final:
            print(f"overdue run failed ({rc}):\n{err[-3000:]}")
            return 1
        per_batch = [seconds for done, seconds in final["batches"] if done]
        activities, pairs = sql(
            """SELECT count(*), count(DISTINCT (res_id, user_id)) FROM mail_activity
                WHERE res_model = 'dealer_org.checklist'"""
        )[0]
        flagged = sql(
            "SELECT count(*) FILTER (WHERE state = 'overdue'), count(*) FILTER (WHERE overdue_notified)"
            " FROM dealer_org_checklist"
        )[0]
        print(
            f"\nall {total} checklists overdue at once {header()}: {final['seconds']:.1f} s in"
            f" {len(per_batch)} batches of {args.batch} (max {max(per_batch or [0]):.2f} s, mean"
            f" {sum(per_batch) / max(len(per_batch), 1):.2f} s); overdue/notified {flagged};"
            f" {activities} activities, {activities - pairs} twice; peak memory {final['peak_rss_mb']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

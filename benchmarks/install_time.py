"""Benchmark: install time of `hr` alone vs `hr` + `dealer_org`, on fresh databases.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run install_time [--rounds N]
Prints each install's wall time and the ratio; the goal is a ratio of at most 1.20.
Both installs load no demo data, so they compare the module's own cost.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

MODULE_TIMES = {}


def odoo(conf, db, modules):
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile("r", suffix=".log") as log:
        subprocess.run(
            [
                sys.executable,
                os.path.join(os.environ["ODOO_PATH"], "odoo-bin"),
                "-c",
                conf,
                "-d",
                db,
                "-i",
                modules,
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=info",
                f"--logfile={log.name}",
            ],
            check=True,
        )
        elapsed = time.perf_counter() - started
        # Odoo logs each module's own load time: "Module dealer_org loaded in 1.39s, 663 queries"
        for name, seconds, queries in re.findall(
            r"Module (\w+) loaded in ([\d.]+)s, (\d+) queries", log.read()
        ):
            MODULE_TIMES.setdefault(name, []).append((float(seconds), int(queries)))
    return elapsed


def install(conf, db, modules, then=None):
    """Seconds to install ``modules`` on a fresh database (and ``then`` on top of them)."""
    subprocess.run(["dropdb", "--if-exists", *PG_ARGS, db], check=True, env=PG_ENV)
    elapsed = odoo(conf, db, modules)
    if then:
        elapsed = odoo(conf, db, then)
    subprocess.run(["dropdb", "--if-exists", *PG_ARGS, db], check=True, env=PG_ENV)
    return elapsed


PG_ARGS = [
    "-h",
    os.environ.get("DB_HOST", "127.0.0.1"),
    "-p",
    os.environ.get("DB_PORT", "5432"),
    "-U",
    os.environ.get("DB_USER", "odoo"),
]
PG_ENV = dict(os.environ, PGPASSWORD=os.environ.get("DB_PASSWORD", ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="installs of each kind; the median counts")
    args = parser.parse_args()
    conf = os.environ["ODOO_CONF"]
    hr, dealer, on_top = [], [], []
    for _ in range(args.rounds):
        hr.append(install(conf, "dealer_org_bench_hr", "hr"))
        dealer.append(install(conf, "dealer_org_bench_dealer", "hr,dealer_org"))
        on_top.append(install(conf, "dealer_org_bench_on_top", "hr", then="dealer_org"))
    hr_s, dealer_s = statistics.median(hr), statistics.median(dealer)
    ratio = dealer_s / hr_s
    print(f"install hr:              {hr_s:6.1f} s   (runs: {', '.join(f'{t:.1f}' for t in hr)})")
    print(f"install hr + dealer_org: {dealer_s:6.1f} s   (runs: {', '.join(f'{t:.1f}' for t in dealer)})")
    print(
        f"dealer_org on an hr db:  {statistics.median(on_top):6.1f} s   "
        "(a separate run, Odoo's start-up included)"
    )
    for name in ("web_hierarchy", "dealer_org"):
        seconds, queries = min(MODULE_TIMES.get(name, [(0.0, 0)]))
        print(f"  module {name + ':':15s} {seconds:5.2f} s, {queries} queries (Odoo's own log, best run)")
    print(
        f"dealer_org adds:         {dealer_s - hr_s:6.1f} s   ratio {ratio:.3f}  "
        f"(goal <= 1.20: {'met' if ratio <= 1.2 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()

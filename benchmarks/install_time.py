"""Benchmark: install time of `hr` alone vs `hr` + `dealer_org`, on fresh databases.

Run through benchmarks/run (it provides Odoo, the Python environment and PostgreSQL):
    benchmarks/run install_time [--rounds N]
Prints each install's wall time and the ratio; the goal is a ratio of at most 1.20.
Both installs load no demo data, so they compare the module's own cost.
"""

import argparse
import re
import statistics
import tempfile

from common import install, pg

MODULE_TIMES = {}


def install_logged(db, modules, fresh=True):
    """Seconds to install ``modules``; each module's own load time is kept from Odoo's log."""
    with tempfile.NamedTemporaryFile("r", suffix=".log") as log:
        elapsed = install(db, modules, logfile=log.name, fresh=fresh)
        # Odoo logs each module's own load time: "Module dealer_org loaded in 1.39s, 663 queries"
        for name, seconds, queries in re.findall(
            r"Module (\w+) loaded in ([\d.]+)s, (\d+) queries", log.read()
        ):
            MODULE_TIMES.setdefault(name, []).append((float(seconds), int(queries)))
    return elapsed


def measure(db, modules, then=None):
    """Seconds to install ``modules`` on a fresh database (and, when given, ``then`` on top of them)."""
    elapsed = install_logged(db, modules)
    if then:
        elapsed = install_logged(db, then, fresh=False)
    pg("dropdb", "--if-exists", db)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="installs of each kind; the median counts")
    args = parser.parse_args()
    hr, dealer, on_top = [], [], []
    for _ in range(args.rounds):
        hr.append(measure("dealer_org_bench_hr", "hr"))
        dealer.append(measure("dealer_org_bench_dealer", "hr,dealer_org"))
        on_top.append(measure("dealer_org_bench_on_top", "hr", then="dealer_org"))
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

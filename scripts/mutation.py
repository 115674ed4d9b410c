"""Mutation testing of dealer_org/tools/ with mutmut (scripts/mutation runs it).

The tools are plain Python, and so are their tests (the test files of dealer_org/tests that
import nothing of Odoo but ``odoo.addons.dealer_org.tools``): mutmut runs them without Odoo, in a
copy laid out as ``odoo/addons/dealer_org`` with empty package files standing in for Odoo and
the addon (nothing of the ORM is imported). The copy lives in a work folder of its own
(DEALER_ORG_HOME/mutation-<checkout>), so the checkout is never mutated and a run continues
where the last one stopped while the sources and tests are unchanged.

Prints mutmut's counts, the score (killed / mutants) and the survivors by function (--diffs: each
survivor's diff too; `mutmut show NAME` in the work folder shows one); exits 1 below --min-score
(default 90).
Usage: python scripts/mutation.py [--min-score N] [--fresh] [--diffs] [--max-children N] [MUTANT_GLOB ...]
"""

import argparse
import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDON = os.path.join(ROOT, "dealer_org")
PACKAGE = os.path.join("odoo", "addons", "dealer_org")
TOOLS_IMPORT = "odoo.addons.dealer_org.tools"
STANDARD = set(sys.stdlib_module_names) | {"hypothesis", "lxml", "pytz", "xmlschema"}
CONFIG = """[tool.mutmut]
source_paths = ["{package}/tools"]
also_copy = ["conftest.py", "odoo/__init__.py", "odoo/addons/__init__.py", "{package}/__init__.py",
             "{package}/data", "{package}/tests"]
pytest_add_cli_args = ["-p", "no:odoo", "-p", "no:cacheprovider", "-q"]
pytest_add_cli_args_test_selection = ["{package}/tests"]
use_git_change_detection = false
"""
# mutmut runs a test several times in one process (with other TestCase instances): Hypothesis's
# differing-executors health check would fail it, and test_kpi_scoring.py loads a profile of its
# own (settings cannot be changed around it): that one check is switched off here, in the copy only.
CONFTEST = """import hypothesis.core
from hypothesis import HealthCheck

_fail_health_check = hypothesis.core.fail_health_check


def fail_health_check(settings, message, label):
    if label != HealthCheck.differing_executors:
        _fail_health_check(settings, message, label)


hypothesis.core.fail_health_check = fail_health_check
"""


def plain_test_files():
    """The test files (and their helper modules) that import nothing of Odoo but the tools."""
    tests_dir = os.path.join(ADDON, "tests")
    cache = {}

    def plain(name):
        if name in cache:
            return cache[name]
        cache[name] = False  # no cycles
        path = os.path.join(tests_dir, name + ".py")
        if not os.path.isfile(path):
            return False
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    if node.level > 1 or not node.module or not plain(node.module):
                        return False
                    continue
                modules = [node.module]
            else:
                continue
            for module in modules:
                if module.startswith(TOOLS_IMPORT):
                    continue
                if module.split(".")[0] not in STANDARD:
                    return False
        cache[name] = True
        return True

    names = sorted(f[:-3] for f in os.listdir(tests_dir) if f.endswith(".py") and f != "__init__.py")
    tests = [n for n in names if n.startswith("test_") and plain(n)]
    helpers = [n for n in names if not n.startswith("test_") and cache.get(n)]
    return tests, helpers


def digest(paths):
    sha = hashlib.sha1()
    for path in sorted(paths):
        with open(path, "rb") as handle:
            sha.update(path.encode() + handle.read())
    return sha.hexdigest()[:12]


def lay_out(work, tests, helpers, fresh):
    """The copy mutmut works in; rebuilt (results dropped) when a source or test changed."""
    tools = [
        os.path.join(ADDON, "tools", f) for f in os.listdir(os.path.join(ADDON, "tools")) if f.endswith(".py")
    ]
    files = tools + [os.path.join(ADDON, "tests", n + ".py") for n in tests + helpers] + [__file__]
    key = digest(files)
    stamp = os.path.join(work, ".sources")
    if not fresh and os.path.isfile(stamp) and open(stamp).read() == key:
        return False
    shutil.rmtree(work, ignore_errors=True)
    package = os.path.join(work, PACKAGE)
    os.makedirs(os.path.join(package, "tests"))
    for folder in ("odoo", os.path.join("odoo", "addons"), PACKAGE, os.path.join(PACKAGE, "tests")):
        with open(os.path.join(work, folder, "__init__.py"), "w") as handle:
            handle.write('"""Stand-in package for scripts/mutation: no Odoo is imported."""\n')
    shutil.copytree(
        os.path.join(ADDON, "tools"),
        os.path.join(package, "tools"),
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(os.path.join(ADDON, "data", "library"), os.path.join(package, "data", "library"))
    for name in tests + helpers:
        shutil.copy(os.path.join(ADDON, "tests", name + ".py"), os.path.join(package, "tests"))
    # the files some plain tests read (tests/data/actuals/*.csv, *.xlsx)
    shutil.copytree(os.path.join(ADDON, "tests", "data"), os.path.join(package, "tests", "data"))
    with open(os.path.join(work, "pyproject.toml"), "w") as handle:
        handle.write(CONFIG.format(package=PACKAGE))
    with open(os.path.join(work, "conftest.py"), "w") as handle:
        handle.write(CONFTEST)
    with open(stamp, "w") as handle:
        handle.write(key)
    return True


def mutmut(work, *args, capture=False):
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the real Odoo must not be importable: the stand-ins are
    command = [sys.executable, "-m", "mutmut", *args]
    if capture:
        return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    return subprocess.run(command, cwd=work, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-score", type=float, default=90.0)
    parser.add_argument("--fresh", action="store_true", help="drop the results of earlier runs")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--diffs", action="store_true", help="print each survivor's diff (mutmut show)")
    parser.add_argument("mutants", nargs="*", help="mutant name globs (default: all)")
    options = parser.parse_args()
    tests, helpers = plain_test_files()
    state = os.environ.get("DEALER_ORG_HOME", os.path.expanduser("~/.cache/dealer_org"))
    checkout = hashlib.sha1(ROOT.encode()).hexdigest()[:8]
    work = os.path.join(state, f"mutation-{checkout}")
    print(
        f"[dealer_org] mutation: dealer_org/tools/ against {len(tests)} plain test files: {', '.join(tests)}"
    )
    if lay_out(work, tests, helpers, options.fresh):
        print(f"[dealer_org] mutation: fresh copy in {work}")
    run = mutmut(work, "run", "--max-children", str(options.max_children), *options.mutants)
    if run.returncode not in (0, 1):
        print(f"[dealer_org] mutation: mutmut failed (exit {run.returncode})")
        return 2
    results = mutmut(work, "results", "--all", "true", capture=True).stdout
    statuses = {}
    for line in results.splitlines():
        match = re.match(r"\s*(\S+): (\S.*)$", line)
        if match:
            statuses[match.group(1)] = match.group(2).strip()
    tested = {name: s for name, s in statuses.items() if s != "not checked"}
    if options.mutants:  # a partial run: the mutants it did not select do not count
        statuses = tested
    total = len(statuses)
    if not tested:
        print("[dealer_org] mutation: no mutant was tested (see mutmut's output above)")
        return 2
    killed = sum(1 for s in statuses.values() if s in ("killed", "timeout", "caught by type check"))
    survivors = sorted(
        name for name, s in statuses.items() if s not in ("killed", "timeout", "caught by type check")
    )
    by_function = {}
    for name in survivors:
        function = re.sub(r"__mutmut_\d+$", "", name).replace(".x_", ".", 1)
        by_function.setdefault(function, []).append(f"{name.rsplit('_', 1)[1]} ({statuses[name]})")
    for function, mutants in sorted(by_function.items()):
        print(f"survived: {function}: {len(mutants)}: {', '.join(mutants)}")
    for name in survivors if options.diffs else ():
        print(mutmut(work, "show", name, capture=True).stdout.rstrip())
    by_status = {}
    for s in statuses.values():
        by_status[s] = by_status.get(s, 0) + 1
    score = 100.0 * killed / total if total else 0.0
    print(
        f"[dealer_org] mutation: {total} mutants, "
        + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
    )
    print(
        f"[dealer_org] mutation score: {score:.1f} % ({killed} of {total} killed, {len(survivors)} survived)"
    )
    return 0 if total and score >= options.min_score else 1


if __name__ == "__main__":
    sys.exit(main())

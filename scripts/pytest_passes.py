"""pytest plugin of scripts/test: what each test pass has, ran, passed, failed and skipped.

Loaded with ``-p pytest_passes`` (scripts/ on PYTHONPATH). Every collected test gets a kind:

- ``tours``: an Odoo ``HttpCase`` (browser tours, JSON-RPC as real users), which needs ``--odoo-http``;
- ``payroll``: a test of the bridge ``dealer_org_payroll``;
- ``upgrade``: a test in a ``test_upgrade*.py`` file, which needs the database scripts/test edited
  and upgraded;
- ``reinstall``: a test in ``test_reinstall*.py``, which needs the database scripts/test
  uninstalled dealer_org from and installed it again;
- ``release``: a test in ``test_release*.py``, which needs a database installed from an earlier
  release and upgraded to the checkout;
- ``main``: another test of this repository;
- ``hr``: another test from outside it (Odoo's own ``hr`` tests).

``--passes-report=FILE`` writes, per kind, how many tests the files have (collected before any
``-k``/``--deselect``/``--passes-drop``), how many were selected, and the outcomes, as JSON;
scripts/test judges and prints them. ``--passes-drop=KIND,...`` deselects whole kinds (the
upgrade tests in the main run, the tours under DEALER_ORG_TEST_TOURS=0).

It also reads every collected test file and reports the test methods it defines that pytest
did not collect (a method defined twice in a class silently replaces the first; a class that is
not a test case is never run): a suite cannot be green with tests that never run.
"""

import ast
import json
import os
from collections import defaultdict

import pytest

KINDS = ("main", "hr", "tours", "upgrade", "reinstall", "release", "payroll")
# Test files that need a database of their own, by the start of their name.
FILE_KINDS = (("test_upgrade", "upgrade"), ("test_reinstall", "reinstall"), ("test_release", "release"))
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAYROLL_DIR = os.path.join(REPO_ROOT, "dealer_org_payroll") + os.sep


def pytest_addoption(parser):
    group = parser.getgroup("dealer_org passes")
    group.addoption("--passes-report", help="write the per-kind counts and outcomes to this JSON file")
    group.addoption("--passes-drop", default="", help="deselect these kinds (comma-separated)")


def _path_kind(path):
    """The kind a test file's tests have, unless they are HttpCase tests (tours)."""
    if path.startswith(PAYROLL_DIR):
        return "payroll"
    if not path.startswith(REPO_ROOT + os.sep):
        return "hr"
    name = os.path.basename(path)
    return next((kind for prefix, kind in FILE_KINDS if name.startswith(prefix)), "main")


def _kind(item):
    path = str(item.path)
    kind = _path_kind(path)
    if kind not in ("main", "hr"):
        return kind
    cls = getattr(item, "cls", None)
    try:
        from odoo.tests.common import HttpCase
    except ImportError:  # pragma: no cover - pytest-odoo always has odoo importable
        HttpCase = ()
    if cls is not None and HttpCase and issubclass(cls, HttpCase):
        return "tours"
    return kind


def _base_name(name):
    return name.split("[", 1)[0]


def _defined_tests(path):
    """{(class name or '', method name): number of definitions} of a test file."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    found = defaultdict(int)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            found[("", node.name)] += 1
        elif isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef) and sub.name.startswith("test"):
                    found[(node.name, sub.name)] += 1
    return found


class PassesReport:
    def __init__(self, config):
        self.config = config
        self.kind_of = {}
        self.counts = {kind: defaultdict(int) for kind in KINDS}
        self.outcome = {}
        self.skips = {}
        self.failures = []
        self.problems = []

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, session, config, items):
        # tryfirst: before -k / -m / --deselect narrow the selection
        by_file = defaultdict(set)
        for item in items:
            kind = self.kind_of[item.nodeid] = _kind(item)
            self.counts[kind]["collected"] += 1
            by_file[str(item.path)].add(_base_name(item.name))
        for path, collected in sorted(by_file.items()):
            if not path.startswith(REPO_ROOT + os.sep):
                continue  # Odoo's own test files are Odoo's
            kind = _path_kind(path)
            for (cls, name), count in sorted(_defined_tests(path).items()):
                where = f"{os.path.relpath(path, REPO_ROOT)}::{cls + '::' if cls else ''}{name}"
                if count > 1:
                    self.problems.append([kind, f"{where} is defined {count} times: only the last one runs"])
                if name not in collected:
                    self.problems.append([kind, f"{where} is defined but not collected (never runs)"])
        drop = {kind.strip() for kind in config.getoption("passes_drop").split(",") if kind.strip()}
        if drop:
            kept = [item for item in items if self.kind_of[item.nodeid] not in drop]
            dropped = [item for item in items if self.kind_of[item.nodeid] in drop]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    def pytest_collection_finish(self, session):
        for item in session.items:
            self.counts[self.kind_of[item.nodeid]]["selected"] += 1

    def pytest_runtest_logreport(self, report):
        rank = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}
        if report.passed:
            outcome = "passed"
        elif report.skipped:
            outcome = "skipped"
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.skips[report.nodeid] = reason
        elif report.when == "call":
            outcome = "failed"
        else:
            outcome = "error"
        if outcome in ("failed", "error"):
            self.failures.append(report.nodeid)
        previous = self.outcome.get(report.nodeid)
        if previous is None or rank[outcome] > rank[previous]:
            self.outcome[report.nodeid] = outcome

    def pytest_sessionfinish(self, session, exitstatus):
        path = self.config.getoption("passes_report")
        if not path:
            return
        for nodeid, outcome in self.outcome.items():
            kind = self.kind_of.get(nodeid)
            if kind:
                self.counts[kind][outcome] += 1
        report = {
            "exitstatus": int(exitstatus),
            "kinds": {kind: dict(self.counts[kind]) for kind in KINDS},
            "skipped": {self.kind_of.get(n, "?") + " " + n: r for n, r in sorted(self.skips.items())},
            "failed": sorted(set(self.failures)),
            "problems": self.problems,
        }
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=1)


def pytest_configure(config):
    config.pluginmanager.register(PassesReport(config), "dealer_org_passes_report")


def judge(report_path, kinds, exitstatus, strict):
    """Print one line per kind (pass) and return whether all of them hold: every test the files
    have ran (unless narrowed by arguments outside CI), none failed, none skipped under CI.
    ``kinds``: kinds, or KIND:NAME to print the pass of KIND as NAME (the same tests run on
    another database)."""
    names = dict(kind.partition(":")[::2] for kind in kinds)
    kinds = list(names)
    names = {kind: name or kind for kind, name in names.items()}
    try:
        with open(report_path, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, ValueError):
        for kind in kinds:
            print(
                f"[dealer_org] pass {names[kind]}: 0 passed, 0 failed, 0 skipped: FAILED, did not run "
                f"(pytest exited {exitstatus} before reporting)"
            )
        return False
    ok = True
    for _kind, problem in report["problems"]:
        print(f"[dealer_org] {problem}")
    for nodeid in report["failed"]:
        print(f"[dealer_org] failed: {nodeid}")
    for nodeid, reason in report["skipped"].items():
        print(f"[dealer_org] skipped: {nodeid}: {reason}")
    explained = False
    for kind in kinds:
        counts = defaultdict(int, report["kinds"].get(kind, {}))
        collected, selected = counts["collected"], counts["selected"]
        passed, skipped = counts["passed"], counts["skipped"]
        failed = counts["failed"] + counts["error"]
        ran = passed + failed + skipped
        verdicts = []
        if not collected:
            verdicts.append("FAILED, no tests collected")
        elif selected < collected:
            if strict:
                verdicts.append(f"FAILED, only {selected} of {collected} selected")
            else:
                verdicts.append(f"{selected} of {collected} selected by the arguments")
        never_run = sum(1 for problem_kind, _problem in report["problems"] if problem_kind == kind)
        if never_run:
            verdicts.append(f"FAILED, {never_run} test(s) defined but never run")
        if ran < selected:
            verdicts.append(f"FAILED, only {ran} of {selected} ran")
        if failed:
            verdicts.append(
                f"FAILED, {failed} failed" + (f" ({counts['error']} errors)" if counts["error"] else "")
            )
            explained = True
        if skipped:
            verdicts.append(
                f"FAILED, {skipped} skipped under CI"
                if strict
                else f"{skipped} skipped (a failure under CI=true)"
            )
        failed_pass = any(v.startswith("FAILED") for v in verdicts)
        ok = ok and not failed_pass
        verdict = "; ".join(verdicts) if verdicts else "ok"
        print(
            f"[dealer_org] pass {names[kind]}: {passed} passed, {failed} failed, {skipped} skipped "
            f"of {collected} collected: {verdict}"
        )
    if exitstatus not in (0, 1) or (exitstatus == 1 and not explained):
        print(
            f"[dealer_org] pytest exited with status {exitstatus}"
            + (" (no tests ran)" if exitstatus == 5 else "")
        )
        ok = False
    return ok


if __name__ == "__main__":
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Judge the passes of one pytest run of scripts/test.")
    parser.add_argument("report")
    parser.add_argument("--kinds", required=True)
    parser.add_argument("--exitstatus", type=int, required=True)
    parser.add_argument("--strict", action="store_true", help="CI: skipped or unselected tests fail")
    args = parser.parse_args()
    sys.exit(0 if judge(args.report, args.kinds.split(","), args.exitstatus, args.strict) else 1)

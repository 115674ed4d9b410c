"""The differences of a template with a company's records (tools/org_compare.py ``differences``),
without the ORM: renamed, lines added, changed or removed by the template, what the store changed
itself (its edits of a line of library origin), and the store's own lines (no library origin);
a line's identity is its code (KPIs, targets) or its text as the template gave it (its origin),
in English or Chinese; the library's updates are only the lines added."""

import dataclasses
from unittest import TestCase

from odoo.addons.dealer_org.tools.library import Text, load_library
from odoo.addons.dealer_org.tools.org_compare import (
    ADDED,
    CHANGED,
    DEPARTMENT,
    DUTY,
    FUNCTION,
    JOB,
    KPI,
    NAME,
    PRESENT,
    REMOVED,
    RENAMED,
    STORE_CHANGED,
    STORE_OWN,
    TARGET,
    Comparison,
    Match,
    Owner,
    StoreLine,
    diff_lines,
    differences,
    library_updates,
    record_definitions,
    state,
    template_state,
)

CONSULTANT = ("sales_consultant", "sales")


class TestOrgCompareDifferences(TestCase):
    def setUp(self):
        # in each test (the library is parsed once): mutmut maps a test to the code it runs itself
        super().setUp()
        self.library = load_library()
        self.tpl = self.library.templates["standard_4s"]
        self.name, self.lines = record_definitions(self.tpl, self.library, JOB, CONSULTANT)
        self.dep_name, self.dep_lines = record_definitions(self.tpl, self.library, DEPARTMENT, "sales")

    def as_applied(self, kind, definitions, start=100):
        """The store's lines as a template created them: their state is their origin."""
        return [
            StoreLine(
                start + i,
                template_state(kind, d),
                code=getattr(d, "code", None),
                origin=template_state(kind, d),
                library=True,
            )
            for i, d in enumerate(definitions)
        ]

    def owner(self, **overrides):
        name = template_state(NAME, self.name)
        lines = {
            kind: self.as_applied(kind, defs, 100 * n) for n, (kind, defs) in enumerate(self.lines.items(), 1)
        }
        lines.update(overrides.pop("lines", {}))
        return Owner(overrides.pop("name", StoreLine(1, name, origin=name)), lines)

    def changes(self, owner):
        comparison = Comparison(jobs={CONSULTANT: Match(JOB, CONSULTANT, PRESENT, 1)})
        return differences(self.tpl, self.library, comparison, {(JOB, 1): owner}).jobs[CONSULTANT].changes

    def test_as_applied_no_difference(self):
        self.assertTrue(self.lines[DUTY] and self.lines[KPI])
        self.assertEqual(self.changes(self.owner()), ())

    def test_renamed_by_the_template_or_by_the_store(self):
        given = state(NAME, {"en": "Sales Advisor", "zh": "销售专员"})
        # The store kept the name the template gave it; the template now names it otherwise.
        (change,) = self.changes(self.owner(name=StoreLine(1, given, origin=given)))
        self.assertEqual((change.kind, change.line, change.fields), (RENAMED, NAME, ("en", "zh")))
        self.assertEqual(change.template, template_state(NAME, self.name))
        # The store renamed it itself: the store's change, the template's name only offered.
        template_name = template_state(NAME, self.name)
        (change,) = self.changes(self.owner(name=StoreLine(1, given, origin=template_name)))
        self.assertEqual(change.kind, STORE_CHANGED)
        # Only the Chinese differs: still a difference.
        zh_only = state(NAME, {"en": self.name.en, "zh": "销售顾问（新）"})
        (change,) = self.changes(self.owner(name=StoreLine(1, zh_only, origin=zh_only)))
        self.assertEqual((change.kind, change.fields), (RENAMED, ("zh",)))

    def test_line_added_and_removed(self):
        duties = self.as_applied(DUTY, self.lines[DUTY])
        missing, rest = duties[0], duties[1:]
        old = StoreLine(
            99,
            state(DUTY, {"en": "Old duty", "zh": "旧职责", "period": "none"}),
            origin=state(DUTY, {"en": "Old duty", "zh": "旧职责"}),
            library=True,
        )
        changes = self.changes(self.owner(lines={DUTY: [*rest, old]}))
        self.assertEqual(sorted((c.kind, c.record_id) for c in changes), [(ADDED, None), (REMOVED, 99)])
        added = next(c for c in changes if c.kind == ADDED)
        self.assertEqual(added.template, missing.state)
        self.assertIs(added.definition, self.lines[DUTY][0])

    def test_store_own_line_never_removed(self):
        own = StoreLine(99, state(DUTY, {"en": "Wash the demo car", "zh": "清洗试驾车"}))
        (change,) = self.changes(self.owner(lines={DUTY: [*self.as_applied(DUTY, self.lines[DUTY]), own]}))
        self.assertEqual((change.kind, change.record_id), (STORE_OWN, 99))
        # A line with a source (a library line before origins were kept) is of library origin.
        sourced = dataclasses.replace(own, library=True)
        (change,) = self.changes(
            self.owner(lines={DUTY: [*self.as_applied(DUTY, self.lines[DUTY]), sourced]})
        )
        self.assertEqual(change.kind, REMOVED)

    def test_changed_by_the_template_settings(self):
        duty = self.lines[DUTY][0]
        duties = self.as_applied(DUTY, self.lines[DUTY])
        # What the template gave: a different period; the store kept it; the template changed it.
        given = state(DUTY, {**dict(duties[0].state), "period": "yearly", "checklist_item": True})
        duties[0] = StoreLine(100, given, origin=given, library=True)
        (change,) = self.changes(self.owner(lines={DUTY: duties}))
        self.assertEqual((change.kind, change.line, change.record_id), (CHANGED, DUTY, 100))
        self.assertIn("period", change.fields)
        self.assertEqual(change.template, template_state(DUTY, duty))

    def test_changed_by_the_store(self):
        duties = self.as_applied(DUTY, self.lines[DUTY])
        edited = state(DUTY, {**dict(duties[0].state), "en": "Edited by the store", "deadline_days": 9})
        duties[0] = dataclasses.replace(duties[0], state=edited)
        (change,) = self.changes(self.owner(lines={DUTY: duties}))
        self.assertEqual((change.kind, change.record_id), (STORE_CHANGED, 100))
        self.assertEqual(set(change.fields), {"en", "deadline_days"})
        # Identified by its text as the template gave it, in Chinese too: the store's English
        # wording is the same line.
        self.assertEqual(change.template, template_state(DUTY, self.lines[DUTY][0]))

    def test_unknown_origin_counts_as_the_store(self):
        duties = self.as_applied(DUTY, self.lines[DUTY])
        edited = state(DUTY, {**dict(duties[0].state), "deadline_days": 9})
        duties[0] = StoreLine(100, edited, library=True)  # made before origins were kept
        (change,) = self.changes(self.owner(lines={DUTY: duties}))
        self.assertEqual(change.kind, STORE_CHANGED)

    def test_kpi_by_code(self):
        kpis = self.as_applied(KPI, self.lines[KPI])
        first = kpis[0]
        given = state(KPI, {**dict(first.state), "target": 1.0, "en": "Renamed KPI"})
        kpis[0] = dataclasses.replace(first, state=given, origin=given)
        (change,) = self.changes(self.owner(lines={KPI: kpis}))
        self.assertEqual((change.kind, change.record_id), (CHANGED, first.id))
        self.assertEqual(set(change.fields), {"en", "target"})
        # An archived KPI of library origin the template no longer has is not removed again.
        gone = StoreLine(
            999,
            state(KPI, {"en": "Gone"}),
            code="GONE",
            origin=state(KPI, {"en": "Gone"}),
            library=True,
            active=False,
        )
        self.assertEqual(
            self.changes(self.owner(lines={KPI: [*self.as_applied(KPI, self.lines[KPI]), gone]})), ()
        )
        gone = dataclasses.replace(gone, active=True)
        (change,) = self.changes(self.owner(lines={KPI: [*self.as_applied(KPI, self.lines[KPI]), gone]}))
        self.assertEqual((change.kind, change.record_id), (REMOVED, 999))

    def test_duty_of_several_periods_pairs_by_period(self):
        line = Text("Plan the year, quarter and month", "制定年、季、月计划")
        yearly = state(DUTY, {"en": line.en, "zh": line.zh, "period": "yearly", "checklist_item": True})
        monthly = state(DUTY, {"en": line.en, "zh": line.zh, "period": "monthly", "checklist_item": True})
        defs = [_Duty(line, "yearly"), _Duty(line, "monthly")]
        store = [
            StoreLine(2, monthly, origin=monthly, library=True),
            StoreLine(3, yearly, origin=yearly, library=True),
        ]
        self.assertEqual(diff_lines(DUTY, defs, store), ())

    def test_department_functions_and_targets(self):
        self.assertTrue(self.dep_lines[FUNCTION] and self.dep_lines[TARGET])
        functions = self.as_applied(FUNCTION, self.dep_lines[FUNCTION])
        changes = diff_lines(FUNCTION, self.dep_lines[FUNCTION], functions[1:])
        self.assertEqual([c.kind for c in changes], [ADDED])
        targets = self.as_applied(TARGET, self.dep_lines[TARGET])
        self.assertEqual(diff_lines(TARGET, self.dep_lines[TARGET], targets), ())

    def test_library_updates_only_offer_what_was_added(self):
        duties = self.as_applied(DUTY, self.lines[DUTY])
        edited = dataclasses.replace(
            duties[1], state=state(DUTY, {**dict(duties[1].state), "deadline_days": 9})
        )
        owner = self.owner(lines={DUTY: [edited, *duties[2:]]})
        comparison = Comparison(jobs={CONSULTANT: Match(JOB, CONSULTANT, PRESENT, 1)})
        full = differences(self.tpl, self.library, comparison, {(JOB, 1): owner})
        self.assertEqual(sorted(c.kind for c in full.jobs[CONSULTANT].changes), [ADDED, STORE_CHANGED])
        (change,) = library_updates(full).jobs[CONSULTANT].changes
        self.assertEqual(change.kind, ADDED)

    def test_new_records_have_no_changes(self):
        comparison = Comparison(jobs={CONSULTANT: Match(JOB, CONSULTANT, "new")})
        self.assertEqual(differences(self.tpl, self.library, comparison, {}).jobs[CONSULTANT].changes, ())


@dataclasses.dataclass(frozen=True)
class _Duty:
    text: Text
    period: str

    @property
    def schedule(self):
        # Absolute: the mutation run (scripts/mutation) runs this file outside the package.
        from odoo.addons.dealer_org.tools.duty_schedule import (  # pylint: disable=odoo-addons-relative-import
            Schedule,
        )

        return Schedule(self.period)

    sources = ()
    adapted = False
    settings = ()

"""One definition of the periods (tools/periods.py): every list of periods in the module is built
from it or agrees with it. Each test names a place that could disagree: a selection, the
recurring flag and the checklists the cron generates, the shared check of a duty's settings
(model, paste wizard, organisation import), the parser, the views' conditions, the XSD, the
import's period words and the benchmarks."""

import ast
import os
import re
from datetime import date, datetime, timedelta

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.dealer_org.tools import checklist_periods, duty_schedule, org_exchange, periods

from .common import DealerOrgCase

MODULE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(MODULE)
SETTINGS = (periods.WEEKDAY, periods.MONTH_DAY, periods.PERIOD_MONTH, periods.EVENT)
# A value of each setting a duty of a period that takes it accepts.
VALUES = {
    periods.WEEKDAY: "2",
    periods.MONTH_DAY: 3,
    periods.PERIOD_MONTH: 2,
    periods.EVENT: "after delivery",
}


@tagged("post_install", "-at_install")
class TestPeriodDefinition(DealerOrgCase):
    def test_the_definition_is_consistent(self):
        self.assertEqual(len(set(periods.KEYS)), len(periods.PERIODS))
        for period in periods.PERIODS:
            self.assertTrue(period.label, period.key)
            self.assertIn(periods.DEADLINE_DAYS, period.settings, period.key)
            # A recurring period has its date arithmetic; the others have none.
            self.assertEqual(period.recurring, period.bounds is not None, period.key)
            self.assertEqual(period.recurring, period.code is not None, period.key)
            self.assertEqual(bool(period.months), periods.PERIOD_MONTH in period.settings, period.key)
            if period.parsed_day:
                self.assertIn(period.parsed_day, period.settings, period.key)
        self.assertTrue(set(periods.KPI) <= set(periods.RECURRING))

    def test_every_period_selection_is_built_from_the_definition(self):
        """Every selection field named period or period_type of the module's models offers the
        periods of the definition (all of them, the recurring ones or the KPI ones), with its
        labels, in its order."""
        allowed = {
            tuple(periods.selection()): "all",
            tuple(periods.selection(periods.RECURRING)): "recurring",
            tuple(periods.selection(periods.KPI)): "kpi",
        }
        found = {}
        for model_name in self.env.registry:
            if not model_name.startswith("dealer_org."):
                continue
            for name in ("period", "period_type"):
                field = self.env[model_name]._fields.get(name)
                if field is None or field.type != "selection":
                    continue
                selection = field._description_selection(self.env)
                self.assertIn(tuple(selection), allowed, f"{model_name}.{name}: {selection}")
                found[f"{model_name}.{name}"] = allowed[tuple(selection)]
        self.assertEqual(found["dealer_org.job.duty.period"], "all")
        self.assertEqual(found["dealer_org.duty.paste.line.period"], "all")
        self.assertEqual(found["dealer_org.checklist.period_type"], "recurring")
        self.assertEqual(found["dealer_org.kpi.period"], "kpi")
        self.assertEqual(found["dealer_org.kpi.evaluation.period_type"], "kpi")

    def test_is_recurring_and_checklist_item_follow_the_definition(self):
        Duty = self.env["dealer_org.job.duty"]
        for period in periods.PERIODS:
            duty = Duty.new({"name": "x", "period": period.key})
            self.assertEqual(duty.is_recurring, period.recurring, period.key)
            self.assertEqual(duty.checklist_item, period.recurring, period.key)
            self.assertEqual(duty_schedule.Schedule(period.key).is_recurring, period.recurring, period.key)

    def test_the_cron_generates_a_checklist_of_every_recurring_period(self):
        """A recurring period the checklist does not know would silently never be generated."""
        job = self.env["hr.job"].create(
            {
                "name": "Every period",
                "duty_ids": [(0, 0, {"name": f"Duty {key}", "period": key}) for key in periods.KEYS],
            }
        )
        self.assertEqual(
            set(job.duty_ids.filtered("checklist_item").mapped("period")), set(periods.RECURRING)
        )
        employee = self.env["hr.employee"].create({"name": "Every period", "job_id": job.id, "tz": "UTC"})
        self.env["dealer_org.checklist"]._cron_generate(employees=employee, now=datetime(2099, 5, 4, 2, 0))
        checklists = self.env["dealer_org.checklist"].search([("employee_id", "=", employee.id)])
        self.assertEqual(sorted(checklists.mapped("period_type")), sorted(periods.RECURRING))
        for checklist in checklists:
            self.assertEqual(checklist.line_ids.duty_id.period, checklist.period_type)

    def test_date_arithmetic_of_every_recurring_period(self):
        day = date(2024, 5, 15)
        for key in periods.RECURRING:
            period = checklist_periods.period_of(key, day)
            self.assertLessEqual(period.start, day)
            self.assertGreaterEqual(period.end, day)
            self.assertEqual(period.next().start, period.end + timedelta(days=1))
            self.assertLess(period.previous().key, period.key)
            self.assertEqual(
                checklist_periods.duty_deadline(period), period.start if key == "daily" else period.end
            )
        for key in set(periods.KEYS) - set(periods.RECURRING):
            with self.assertRaises(ValueError):
                checklist_periods.period_of(key, day)
        self.assertEqual(checklist_periods.PERIOD_TYPES, periods.RECURRING)
        self.assertEqual(checklist_periods.MONTHS_IN_PERIOD, {"quarterly": 3, "yearly": 12})

    def test_the_parser_knows_the_recurring_periods_shortest_first(self):
        self.assertEqual(duty_schedule.PERIODS, periods.KEYS)
        self.assertEqual(tuple(key for key, _words in duty_schedule._PERIOD_WORDS), periods.RECURRING)
        self.assertEqual(set(duty_schedule._ABBREVIATION.values()), set(periods.RECURRING))
        self.assertEqual(duty_schedule._ORDER, periods.RECURRING)
        # The parser's day fills the setting the definition names.
        self.assertEqual(
            periods.parsed_day(duty_schedule.parse_schedule("每周五提交周报").period), periods.WEEKDAY
        )
        self.assertEqual(
            periods.parsed_day(duty_schedule.parse_schedule("每月5日前提交").period), periods.MONTH_DAY
        )

    def test_the_import_words_every_period(self):
        """The import's messages word every period (an unknown one would show as its key)."""
        for key in periods.KEYS:
            self.assertTrue(org_exchange._period(key, lambda text: f"<{text}>").startswith("<"), key)


@tagged("post_install", "-at_install")
class TestOneCheckOfADutysSettings(DealerOrgCase):
    """The duty model, the organisation import and the paste wizard refuse or drop exactly the
    settings the definition says a period does not take."""

    def test_the_model_refuses_what_the_definition_refuses(self):
        job = self.env["hr.job"].create({"name": "Settings"})
        Duty = self.env["dealer_org.job.duty"]
        for period in periods.PERIODS:
            for setting in (periods.WEEKDAY, periods.MONTH_DAY, periods.PERIOD_MONTH):
                values = {"job_id": job.id, "name": f"{period.key} {setting}", "period": period.key}
                values[setting] = VALUES[setting]
                with self.subTest(period=period.key, setting=setting):
                    if periods.takes(period.key, setting):
                        Duty.create(values)
                    else:
                        self.assertIn(
                            setting, periods.duty_problems(period.key, **{setting: VALUES[setting]})
                        )
                        with self.assertRaises(ValidationError), self.cr.savepoint():
                            Duty.create(values)
            with self.subTest(period=period.key, setting="checklist"):
                values = {"job_id": job.id, "name": f"{period.key} checklist", "period": period.key}
                if period.recurring:
                    self.assertTrue(Duty.create(dict(values, checklist_item=True)).checklist_item)
                else:
                    with self.assertRaises(ValidationError), self.cr.savepoint():
                        Duty.create(dict(values, checklist_item=True))
        # The month in the period is bounded by the period's months.
        for key, months in periods.MONTHS_IN_PERIOD.items():
            with self.assertRaises(ValidationError), self.cr.savepoint():
                Duty.create({"job_id": job.id, "name": "too far", "period": key, "period_month": months + 1})

    def test_the_import_refuses_what_the_definition_refuses(self):
        attributes = {
            periods.WEEKDAY: "weekday",
            periods.MONTH_DAY: "month-day",
            periods.PERIOD_MONTH: "period-month",
        }
        job = etree.fromstring('<job code="J"><name><en>Job</en></name></job>')
        for period in periods.PERIODS:
            for setting, attribute in attributes.items():
                duty = etree.SubElement(job, "duty", period=period.key)
                duty.set(attribute, str(VALUES[setting]))
                problems = org_exchange._check_duty(duty, job, lambda text, **kw: text)
                with self.subTest(period=period.key, setting=setting):
                    self.assertEqual(bool(problems), not periods.takes(period.key, setting))
            duty = etree.SubElement(job, "duty", period=period.key, checklist="true")
            self.assertEqual(
                bool(org_exchange._check_duty(duty, job, lambda text, **kw: text)), not period.recurring
            )

    def test_the_paste_keeps_only_what_the_period_takes(self):
        job = self.env["hr.job"].create({"name": "Paste settings"})
        for period in periods.PERIODS:
            wizard = self.env["dealer_org.duty.paste"].create({"job_id": job.id, "text": "x"})
            values = {"wizard_id": wizard.id, "name": f"Pasted {period.key}", "period": period.key}
            values.update({periods.WEEKDAY: "2", periods.MONTH_DAY: 3, periods.EVENT: "after delivery"})
            self.env["dealer_org.duty.paste.line"].create(values)
            wizard.action_confirm()
            duty = job.duty_ids.filtered(lambda d, key=period.key: d.name == f"Pasted {key}")
            self.assertEqual(duty.period, period.key)
            # What the paste reads from a text: the day of 每周一 or 每月5日, the event.
            self.assertEqual(bool(duty.weekday), period.parsed_day == periods.WEEKDAY, period.key)
            self.assertEqual(bool(duty.month_day), period.parsed_day == periods.MONTH_DAY, period.key)
            self.assertEqual(bool(duty.event), periods.takes(period.key, periods.EVENT), period.key)


# A condition on a period field in a view: period != 'weekly', period_type in ('a', 'b') …
_CONDITION = re.compile(r"\b(?:period|period_type)\s*(==|!=|not in|in)\s*(\([^)]*\)|'[^']*')")
# A domain leaf on one: ('period', '=', 'daily'), ('duty_ids.period', 'in', (...))
_LEAF = re.compile(
    r"\('(?:[\w.]*\.)?(?:period|period_type)',\s*'(?:=|!=|in|not in)',\s*(\([^)]*\)|\[[^]]*\]|'[^']*')\)"
)


def _keys(literal):
    return set(re.findall(r"'([^']*)'", literal))


def _view_files():
    for folder in ("views", "wizard"):
        for name in sorted(os.listdir(os.path.join(MODULE, folder))):
            if name.endswith(".xml"):
                yield os.path.join(MODULE, folder, name)


def _visible_for(condition):
    """The periods for which a field with ``invisible="<condition>"`` on ``period`` shows."""
    match = _CONDITION.fullmatch(condition.strip())
    assert match, condition
    operator, keys = match.group(1), _keys(match.group(2))
    if operator in ("!=", "not in"):
        return keys
    return set(periods.KEYS) - keys


@tagged("post_install", "-at_install")
class TestListsOfPeriodsOutsidePython(DealerOrgCase):
    def test_views_name_only_defined_periods(self):
        seen = set()
        for path in _view_files():
            for element in etree.parse(path).iter():
                for attribute, value in element.attrib.items():
                    literals = [m.group(2) for m in _CONDITION.finditer(value)]
                    literals += [m.group(1) for m in _LEAF.finditer(value)]
                    for literal in literals:
                        keys = _keys(literal)
                        seen |= keys
                        self.assertLessEqual(
                            keys,
                            set(periods.KEYS),
                            f"{os.path.basename(path)}:{element.sourceline} {attribute}",
                        )
        self.assertIn("weekly", seen)

    def test_the_duty_settings_show_for_the_periods_that_take_them(self):
        """The job form's duty list shows each day setting for exactly the periods that take it;
        the paste wizard shows the ones the paste keeps (the parsed day, the event)."""
        forms = {
            "views/hr_job_views.xml": lambda setting: set(periods.periods_taking(setting)),
            "wizard/dealer_org_duty_paste_views.xml": lambda setting: (
                {p.key for p in periods.PERIODS if p.parsed_day == setting}
                if setting != periods.EVENT
                else set(periods.periods_taking(setting))
            ),
        }
        for path, expected in forms.items():
            tree = etree.parse(os.path.join(MODULE, path))
            found = 0
            for field in tree.iter("field"):
                name = field.get("name")
                if name in SETTINGS and "period" in (field.get("invisible") or ""):
                    found += 1
                    self.assertEqual(_visible_for(field.get("invisible")), expected(name), f"{path} {name}")
            self.assertGreaterEqual(found, 3, path)

    def test_the_xsd_enumerates_the_periods(self):
        tree = etree.parse(os.path.join(MODULE, "data", "library", "dealer_org_library.xsd"))
        ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
        duty = tree.xpath(
            "//xs:simpleType[@name='period']/xs:restriction/xs:enumeration/@value", namespaces=ns
        )
        self.assertEqual(tuple(duty), periods.KEYS)
        # The KPI's period (the type of a kpi's period attribute).
        kpi = tree.xpath(
            "//xs:simpleType[@name='kpiPeriod']/xs:restriction/xs:enumeration/@value", namespaces=ns
        )
        self.assertEqual(tuple(kpi), periods.KPI)

    def test_the_benchmarks_take_the_definition(self):
        path = os.path.join(REPO, "benchmarks", "checklist_scale.py")
        if not os.path.exists(path):
            self.skipTest("no benchmarks in this installation")
        tree = ast.parse(open(path, encoding="utf-8").read())
        literals = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in periods.KEYS
        }
        self.assertFalse(
            literals, "benchmarks/checklist_scale.py writes periods out instead of importing them"
        )

"""The checks of an imported organisation (tools/org_exchange.py), layer by layer (issue 20).

The KPI weights of a job are checked twice: by check_organisation, which names the line, and
by check_library behind it (a safety net, without lines). Each layer is tested on its own, so a
bug in the first (weights over 100 % let through) fails a test even though the second still
refuses the file. The messages name a job as users know it (its name in their language, not its
code) and say its period in their language ("其 monthly KPI" was the bug).

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
``_`` stands for Odoo's ``env._``: a method of an environment with a language.
"""

from unittest import TestCase

from lxml import etree

from odoo.addons.dealer_org.tools import org_exchange
from odoo.addons.dealer_org.tools.library import build_library, check_library
from odoo.addons.dealer_org.tools.org_exchange import (
    OrgDocumentError,
    check_organisation,
    load_organisation,
)

DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<library version="1" kind="organisation">
  <sources>
    <source code="x01"><title><en>Store handbook</en><zh>门店手册</zh></title></source>
  </sources>
  <departments>
    <department code="dep_sales" sources="x01"><name><en>Sales</en><zh>销售部</zh></name></department>
  </departments>
  <jobs>
    <job code="job_sm" sources="x01">
      <name><en>Sales manager</en><zh>销售经理</zh></name>
      <duty sources="x01" period="weekly" weekday="0" within-days="0" checklist="false">
        <en>Hold the weekly sales meeting</en><zh>召开每周销售例会</zh>
      </duty>
      <kpi code="UNITS" sources="x01" period="monthly" minimum="20" target="30" maximum="40" weight="60">
        <name><en>Units sold</en><zh>销量</zh></name>
      </kpi>
      <kpi code="CSI" sources="x01" period="monthly" minimum="80" target="90" maximum="100" weight="40">
        <name><en>Customer satisfaction</en><zh>客户满意度</zh></name>
      </kpi>
    </job>
  </jobs>
  <templates>
    <template code="imported_store" sources="x01">
      <name><en>Imported store</en><zh>导入的门店</zh></name>
      <description><en>A small store</en><zh>小门店</zh></description>
      <department ref="dep_sales"/>
      <job ref="job_sm" department="dep_sales" headcount="1"/>
    </template>
  </templates>
</library>
"""
ZH = {
    "Line %(line)s, job %(job)s: the weights of its %(period)s KPIs add up to %(total)s, not 100. "
    "Adjust the weights.": "第 %(line)s 行,岗位 %(job)s:其%(period)s KPI 的权重合计为 %(total)s,"
    "而不是 100。请调整权重。",
    "Line %(line)s, %(element)s of job %(job)s: a weekday is set but the period is %(period)s. "
    'Set period="weekly" or remove the weekday.': "第 %(line)s 行,岗位 %(job)s 的 %(element)s:"
    '设置了星期几,但周期为 %(period)s。请设置 period="weekly" 或删除星期几。',
    "monthly": "月度",
    "daily": "每日",
    "quarterly": "季度",
}


class Env:
    """What the checks need of an Odoo environment: its language and ``_``."""

    def __init__(self, lang, terms=None):
        self.lang = lang
        self.terms = terms or {}

    def _(self, source, *args, **kwargs):
        text = self.terms.get(source, source)
        return text % (kwargs or args) if (kwargs or args) else text


EN = Env("en_US")._
CN = Env("zh_CN", ZH)._


def parse(text):
    return etree.fromstring(text.encode())


def line_of(text, fragment):
    return text[: text.index(fragment)].count("\n") + 1


class TestWeightsNamedWithTheirLine(TestCase):
    """The first layer: check_organisation."""

    def test_the_document_is_good(self):
        self.assertEqual(check_organisation(parse(DOCUMENT), EN), [])
        library = load_organisation(DOCUMENT.encode(), 100_000, EN)
        self.assertEqual(set(library.jobs), {"job_sm"})

    def test_over_100(self):
        doc = DOCUMENT.replace('weight="40"', 'weight="55"')
        line = line_of(doc, '<job code="job_sm"')
        self.assertEqual(
            check_organisation(parse(doc), EN),
            [
                f"Line {line}, job Sales manager: the weights of its monthly KPIs add up to 115.0, "
                "not 100. Adjust the weights."
            ],
        )

    def test_under_100(self):
        doc = DOCUMENT.replace('weight="40"', 'weight="30"')
        (problem,) = check_organisation(parse(doc), EN)
        self.assertIn(f"Line {line_of(doc, '<job code=')}", problem)
        self.assertIn("add up to 90.0, not 100", problem)

    def test_a_rounding_error_is_not_an_error(self):
        doc = DOCUMENT.replace('weight="60"', 'weight="59.995"')
        self.assertEqual(check_organisation(parse(doc), EN), [])
        doc = DOCUMENT.replace('weight="60"', 'weight="59.98"')
        self.assertEqual(len(check_organisation(parse(doc), EN)), 1)

    def test_each_period_adds_up_on_its_own(self):
        doc = DOCUMENT.replace('period="monthly" minimum="80"', 'period="quarterly" minimum="80"')
        problems = check_organisation(parse(doc), EN)
        self.assertEqual(len(problems), 2)
        self.assertIn("monthly KPIs add up to 60.0", problems[0])
        self.assertIn("quarterly KPIs add up to 40.0", problems[1])

    def test_in_chinese_the_job_by_its_name_and_the_period_translated(self):
        doc = DOCUMENT.replace('weight="40"', 'weight="55"')
        (problem,) = check_organisation(parse(doc), CN)
        line = line_of(doc, '<job code="job_sm"')
        self.assertEqual(
            problem, f"第 {line} 行,岗位 销售经理:其月度 KPI 的权重合计为 115.0,而不是 100。请调整权重。"
        )
        self.assertNotIn("monthly", problem)
        self.assertNotIn("job_sm", problem)

    def test_a_job_without_chinese_name_keeps_its_english_one(self):
        doc = DOCUMENT.replace("<zh>销售经理</zh>", "<zh></zh>").replace('weight="40"', 'weight="55"')
        (problem,) = check_organisation(parse(doc), CN)
        self.assertIn("岗位 Sales manager", problem)
        doc = doc.replace("<en>Sales manager</en>", "<en></en>")
        (problem,) = check_organisation(parse(doc), CN)
        self.assertIn("岗位 job_sm", problem)

    def test_department_targets_carry_no_weights(self):
        doc = DOCUMENT.replace(
            "<name><en>Sales</en><zh>销售部</zh></name></department>",
            "<name><en>Sales</en><zh>销售部</zh></name>"
            '<kpi code="T" sources="x01" period="yearly" minimum="1" target="2" maximum="3" weight="0">'
            "<name><en>Target</en><zh>目标</zh></name></kpi></department>",
        )
        self.assertEqual(check_organisation(parse(doc), EN), [])

    def test_a_weight_outside_0_100(self):
        doc = DOCUMENT.replace('weight="40"', 'weight="140"').replace('weight="60"', 'weight="-40"')
        problems = check_organisation(parse(doc), EN)
        self.assertEqual(len(problems), 2)
        self.assertIn("the weight -40 is not between 0 and 100", problems[0])
        self.assertIn(f"Line {line_of(doc, 'weight=' + chr(34) + '-40')}", problems[0])
        self.assertIn("the weight 140 is not between 0 and 100", problems[1])


class TestWeightsSafetyNet(TestCase):
    """The second layer on its own: check_library, behind check_organisation."""

    def library(self, doc):
        return build_library(parse(doc))

    def test_over_100(self):
        library = self.library(DOCUMENT.replace('weight="40"', 'weight="55"'))
        self.assertEqual(
            check_library(library), ["job job_sm: the weights of its monthly KPIs add up to 115, not 100"]
        )

    def test_under_100_and_exactly_100(self):
        library = self.library(DOCUMENT.replace('weight="40"', 'weight="30"'))
        self.assertEqual(
            check_library(library), ["job job_sm: the weights of its monthly KPIs add up to 90, not 100"]
        )
        self.assertEqual(check_library(self.library(DOCUMENT)), [])

    def test_load_refuses_what_the_first_layer_missed(self):
        """With the first layer switched off, load_organisation still refuses the file."""
        doc = DOCUMENT.replace('weight="40"', 'weight="55"')
        original = org_exchange.check_organisation
        org_exchange.check_organisation = lambda root, _: []
        try:
            with self.assertRaises(OrgDocumentError) as caught:
                load_organisation(doc.encode(), 100_000, EN)
        finally:
            org_exchange.check_organisation = original
        self.assertEqual(
            caught.exception.problems,
            [
                "The document is not consistent: job job_sm: the weights of its monthly KPIs add up "
                "to 115, not 100. Correct it."
            ],
        )

    def test_load_says_the_line(self):
        doc = DOCUMENT.replace('weight="40"', 'weight="55"')
        with self.assertRaises(OrgDocumentError) as caught:
            load_organisation(doc.encode(), 100_000, EN)
        (problem,) = caught.exception.problems
        self.assertTrue(problem.startswith(f"Line {line_of(doc, '<job code=')}, job Sales manager:"), problem)


class TestDutyMessages(TestCase):
    def test_a_weekday_outside_a_weekly_duty(self):
        doc = DOCUMENT.replace('period="weekly" weekday="0"', 'period="daily" weekday="0"')
        (problem,) = check_organisation(parse(doc), EN)
        line = line_of(doc, 'period="daily"')
        self.assertEqual(
            problem,
            f"Line {line}, <duty> of job Sales manager: a weekday is set but the period is daily. "
            'Set period="weekly" or remove the weekday.',
        )
        (problem,) = check_organisation(parse(doc), CN)
        self.assertIn("岗位 销售经理", problem)
        self.assertIn("周期为 每日", problem)

    def test_other_duty_settings(self):
        cases = {
            'period="monthly" month-day="5"': [],
            'period="daily" month-day="5"': ["a day of the month is set but the period is daily"],
            'period="quarterly" period-month="3"': [],
            'period="quarterly" period-month="4"': ["period-month does not fit the quarterly period"],
            'period="yearly" period-month="12"': [],
            'period="yearly" period-month="13"': ["period-month does not fit the yearly period"],
            'period="monthly" period-month="1"': ["period-month does not fit the monthly period"],
            'period="event" checklist="true"': ["needs a recurring period, not event-driven"],
            'checklist="true"': ["a checklist item needs a recurring period, not no period"],
            'period="daily" checklist="1"': [],
        }
        for attributes, expected in cases.items():
            with self.subTest(attributes=attributes):
                doc = DOCUMENT.replace(
                    'period="weekly" weekday="0" within-days="0" checklist="false"', attributes
                )
                problems = check_organisation(parse(doc), EN)
                self.assertEqual(len(problems), len(expected), problems)
                for problem, words in zip(problems, expected, strict=True):
                    self.assertIn(words, problem)
                    self.assertIn(f"Line {line_of(doc, attributes)}, <duty> of job Sales manager", problem)

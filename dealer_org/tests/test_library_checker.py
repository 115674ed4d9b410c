"""The library checker (dealer_org/tools/library.py) refuses what the XSD cannot say, on small
library documents written here: a repeated duty, qualification or function line, an English term
given two Chinese texts, unknown references (sources, departments, jobs, parents, superiors), a
department or job placed twice, cycles in departments and reporting lines, a job reporting to
itself, not exactly one default template; and a duty's ``period``/``day``/``within-days``
attributes override the period read from its text. Each refusal names what to fix."""

from unittest import TestCase

from odoo.addons.dealer_org.tools.library import LibraryError, parse_library

SOURCES = '<source code="s01"><title><en>Doc</en><zh>文件</zh></title></source>'
DEPARTMENTS = """
    <department code="sales" sources="s01"><name><en>Sales</en><zh>销售部</zh></name>
      <function sources="s01"><en>Sell cars</en><zh>销售汽车</zh></function>
      <function sources="s01"><en>Keep customers</en><zh>维护客户</zh></function>
    </department>
    <department code="service" sources="s01"><name><en>Service</en><zh>售后部</zh></name></department>"""
JOBS = """
    <job code="manager" sources="s01"><name><en>Manager</en><zh>经理</zh></name>
      <duty sources="s01"><en>Hold the morning meeting</en><zh>每日主持晨会</zh></duty>
      <qualification kind="education" sources="s01">
        <en>College degree</en><zh>大专以上学历</zh></qualification>
    </job>
    <job code="consultant" sources="s01"><name><en>Consultant</en><zh>顾问</zh></name>
      <duty sources="s01"><en>Clean the display cars</en><zh>每日清洁展车</zh></duty>
      <duty sources="s01"><en>Report the sales plan</en><zh>每月5日上报销售计划</zh></duty>
    </job>"""
TEMPLATE_BODY = """
      <department ref="sales"/>
      <department ref="service" parent="sales"/>
      <job ref="manager" department="sales"/>
      <job ref="consultant" department="sales" superior="manager" headcount="3"/>"""


def document(departments=DEPARTMENTS, jobs=JOBS, template_body=TEMPLATE_BODY, templates=None):
    """A small valid library; each argument replaces one part of it."""
    if templates is None:
        templates = f"""
    <template code="store" sources="s01" default="true">
      <name><en>Store</en><zh>门店</zh></name><description><en>A store</en><zh>一家门店</zh></description>
      {template_body}
    </template>"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<library version="1">
  <sources>{SOURCES}</sources>
  <departments>{departments}</departments>
  <jobs>{jobs}</jobs>
  <templates>{templates}</templates>
</library>""".encode()


class TestLibraryChecker(TestCase):
    def assertRefused(self, doc, *fragments):
        with self.assertRaises(LibraryError) as caught:
            parse_library(doc)
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))
        return caught.exception

    def test_the_small_document_is_valid(self):
        library = parse_library(document())
        self.assertEqual(set(library.jobs), {"manager", "consultant"})
        self.assertEqual(library.default_template.code, "store")

    # repeated lines
    def test_a_repeated_duty_is_refused(self):
        jobs = JOBS.replace(
            "</duty>",
            '</duty><duty sources="s01"><en>Lead the morning meeting</en><zh>每日主持晨会</zh></duty>',
            1,
        )
        self.assertRefused(document(jobs=jobs), "job manager repeats the line '每日主持晨会'")

    def test_a_repeated_qualification_is_refused(self):
        jobs = JOBS.replace(
            "</qualification>",
            '</qualification><qualification kind="skill" sources="s01"><en>Degree</en>'
            "<zh>大专以上学历</zh></qualification>",
        )
        self.assertRefused(document(jobs=jobs), "job manager repeats the line '大专以上学历'")

    def test_a_repeated_function_is_refused(self):
        departments = DEPARTMENTS.replace("<zh>维护客户</zh>", "<zh>销售汽车</zh>")
        self.assertRefused(document(departments=departments), "department sales repeats the line '销售汽车'")

    def test_the_same_line_in_two_jobs_is_allowed(self):
        jobs = JOBS.replace(
            "<en>Clean the display cars</en><zh>每日清洁展车</zh>",
            "<en>Hold the morning meeting</en><zh>每日主持晨会</zh>",
        )
        library = parse_library(document(jobs=jobs))
        self.assertEqual(library.jobs["consultant"].duties[0].text.zh, "每日主持晨会")

    # one Chinese text per English term
    def test_one_english_term_with_two_chinese_texts_is_refused(self):
        jobs = JOBS.replace("<en>Clean the display cars</en>", "<en>Hold the morning meeting</en>")
        self.assertRefused(
            document(jobs=jobs),
            "the English text 'Hold the morning meeting' translates both '每日主持晨会' and '每日清洁展车'",
        )

    def test_names_count_as_terms_too(self):
        departments = DEPARTMENTS.replace("<en>Service</en>", "<en>Sales</en>")
        self.assertRefused(document(departments=departments), "the English text 'Sales' translates both")

    # period overrides
    def test_the_period_is_read_from_the_text(self):
        duties = parse_library(document()).jobs["consultant"].duties
        self.assertEqual((duties[0].schedule.period, duties[0].schedule.day), ("daily", None))
        self.assertEqual((duties[1].schedule.period, duties[1].schedule.day), ("monthly", 5))

    def test_period_attributes_override_the_text(self):
        jobs = JOBS.replace(
            '<duty sources="s01"><en>Clean the display cars</en>',
            '<duty sources="s01" period="weekly" day="2"><en>Clean the display cars</en>',
        ).replace(
            '<duty sources="s01"><en>Report the sales plan</en>',
            '<duty sources="s01" period="event" within-days="3"><en>Report the sales plan</en>',
        )
        duties = parse_library(document(jobs=jobs)).jobs["consultant"].duties
        self.assertEqual((duties[0].schedule.period, duties[0].schedule.day), ("weekly", 2))
        self.assertEqual((duties[1].schedule.period, duties[1].schedule.within_days), ("event", 3))

    def test_an_unknown_period_is_refused(self):
        jobs = JOBS.replace('<duty sources="s01"><en>Clean', '<duty sources="s01" period="hourly"><en>Clean')
        self.assertRefused(document(jobs=jobs), "line", "hourly")

    # unknown references
    def test_an_unknown_source_is_refused(self):
        departments = DEPARTMENTS.replace(
            '<function sources="s01"><en>Sell', '<function sources="s42"><en>Sell'
        )
        self.assertRefused(
            document(departments=departments), "a function of department sales cites unknown source 's42'"
        )

    def test_an_unknown_department_or_job_is_refused(self):
        self.assertRefused(
            document(
                template_body=TEMPLATE_BODY.replace('<department ref="service"', '<department ref="parts"')
            ),
            "parts",
        )
        self.assertRefused(
            document(template_body=TEMPLATE_BODY.replace('<job ref="manager"', '<job ref="director"')),
            "director",
        )

    def test_a_parent_outside_the_template_is_refused(self):
        body = TEMPLATE_BODY.replace('<department ref="sales"/>', "")
        self.assertRefused(
            document(template_body=body),
            "template store: department 'service' has parent 'sales', which is not in the template",
            "template store: job 'manager' is in department 'sales', which is not in the template",
        )

    def test_a_superior_outside_the_template_is_refused(self):
        body = TEMPLATE_BODY.replace('<job ref="manager" department="sales"/>', "")
        self.assertRefused(
            document(template_body=body),
            "template store: job 'consultant' reports to 'manager', which is not in the template",
        )

    def test_placing_twice_is_refused(self):
        body = TEMPLATE_BODY.replace('<job ref="manager"', '<department ref="service"/><job ref="manager"', 1)
        body += '<job ref="manager" department="sales"/>'
        self.assertRefused(
            document(template_body=body),
            "template store lists department 'service' twice",
            "template store places job 'manager' twice in department 'sales'",
        )

    # cycles
    def test_a_department_cycle_is_refused(self):
        body = TEMPLATE_BODY.replace(
            '<department ref="sales"/>', '<department ref="sales" parent="service"/>'
        )
        self.assertRefused(
            document(template_body=body), "template store: the department hierarchy has a cycle"
        )

    def test_a_reporting_cycle_is_refused(self):
        body = TEMPLATE_BODY.replace(
            '<job ref="manager" department="sales"/>',
            '<job ref="manager" department="sales" superior="consultant"/>',
        )
        self.assertRefused(document(template_body=body), "template store: the reporting lines have a cycle")

    def test_reporting_to_oneself_is_refused(self):
        body = TEMPLATE_BODY.replace(
            '<job ref="manager" department="sales"/>',
            '<job ref="manager" department="sales" superior="manager"/>',
        )
        self.assertRefused(document(template_body=body), "template store: job 'manager' reports to itself")

    # the default template
    def test_exactly_one_default_template(self):
        second = """
    <template code="second" sources="s01" default="true">
      <name><en>Second</en><zh>第二</zh></name><description><en>Another</en><zh>另一个</zh></description>
      <department ref="sales"/>
    </template>"""
        first = document().decode().split("<templates>")[1].split("</templates>")[0]
        self.assertRefused(
            document(templates=first + second), "exactly one template must be the default, found 2"
        )
        self.assertRefused(
            document(templates=first.replace(' default="true"', "")),
            "exactly one template must be the default, found 0",
        )

    def test_every_problem_is_listed_at_once(self):
        jobs = JOBS.replace("<en>Clean the display cars</en>", "<en>Hold the morning meeting</en>")
        body = TEMPLATE_BODY.replace('<job ref="manager" department="sales"/>', "")
        error = self.assertRefused(document(jobs=jobs, template_body=body))
        self.assertEqual(len(error.problems), 2, error.problems)

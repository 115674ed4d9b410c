"""The parts of tools/library.py the checker tests do not reach (issue 20, mutation testing):
what build_library reads of each element (an exported organisation's duties exactly as stated),
the KPI description it composes, the lines a template gives a placement, periods expanded,
superiors resolved, departments by depth, and check_library on an organisation.

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

import os
import tempfile
from unittest import TestCase

from lxml import etree

from odoo.addons.dealer_org.tools.duty_schedule import Schedule
from odoo.addons.dealer_org.tools.library import (
    Duty,
    Kpi,
    Library,
    LibraryError,
    Line,
    Qualification,
    Source,
    Template,
    TemplateDepartment,
    TemplateJob,
    Text,
    build_library,
    check_library,
    expand_periods,
    kpi_description,
    load_library,
    parse_library,
    resolve_superiors,
)

from .test_library_checker import document

ORGANISATION = """<library version="1" kind="organisation">
  <sources><source code="x01"><title><en> Handbook </en><zh> 手册 </zh></title></source></sources>
  <departments>
    <department code="dep" sources="x01"><name><en>Sales</en><zh>销售部</zh></name>
      <function sources="x01"><en>Sell</en><zh>销售</zh></function>
      <kpi code="T" sources="x01" period="yearly" minimum="1" target="2" maximum="3" weight="0">
        <name><en>Target</en><zh>目标</zh></name></kpi>
    </department>
  </departments>
  <jobs>
    <job code="sm" sources="x01" inferred="true" fill-from="other">
      <name><en>Manager</en><zh>经理</zh></name>
      <inference><en>Why</en><zh>为何</zh></inference>
      <summary sources="x01"><en>Leads</en><zh>领导</zh></summary>
      <duty sources="x01" period="weekly" weekday="2" within-days="3" checklist="true" adapted="1">
        <en>Meet</en><zh>每月5日开会</zh></duty>
      <duty sources="x01" period="quarterly" month-day="15" period-month="2" checklist="1">
        <en>Plan</en><zh>计划</zh></duty>
      <duty sources="x01" period="event" within-days="0">
        <en>Deliver</en><zh>交车</zh><event><en>a sale</en><zh>成交</zh></event></duty>
      <duty sources="x01" weekday="0" checklist="false"><en>Anything</en><zh>每日清洁</zh></duty>
      <qualification kind="education" sources="x01"><en>Degree</en><zh>学历</zh></qualification>
      <kpi code="U" sources="x01" period="monthly" minimum="1.5" target="2" maximum="3" weight="100"
           direction="lower" measure="computed" library-choice="period weight">
        <name><en>Units</en><zh>销量</zh></name><quote><en>Q</en><zh>引</zh></quote>
        <description><en>D</en><zh>述</zh></description><unit><en>cars</en><zh>台</zh></unit></kpi>
    </job>
    <job code="other" sources="x01"><name><en>Other</en><zh>其他</zh></name>
      <kpi code="V" sources="x01" period="monthly" minimum="0" target="1" maximum="2" weight="100">
        <name><en>V</en><zh>V</zh></name></kpi>
    </job>
  </jobs>
  <templates>
    <template code="t" sources="x01" default="1" brand="kia">
      <name><en>Store</en><zh>门店</zh></name><description><en>Small</en><zh>小</zh></description>
      <department ref="dep" library-choice="department"/>
      <department ref="dep2" parent="dep"/>
      <job ref="sm" department="dep" headcount="2" library-choice="job headcount" lines-from="x01"/>
      <job ref="other" superior="sm"/>
    </template>
  </templates>
  <phrases><phrase code="kpi_own"><en>Own</en><zh>自定</zh></phrase></phrases>
</library>"""


def text(en, zh=None):
    return Text(en, zh if zh is not None else en + "_zh")


class TestBuildOrganisation(TestCase):
    def setUp(self):
        super().setUp()
        # built in each test, not once per class: mutmut maps a test to the code it runs itself
        self.library = build_library(etree.fromstring(ORGANISATION), "org.xml")

    def test_library(self):
        library = self.library
        self.assertEqual(library.kind, "organisation")
        self.assertTrue(library.verbatim)
        self.assertEqual(library.path, "org.xml")
        self.assertEqual(library.sources, {"x01": Source("x01", Text("Handbook", "手册"))})
        self.assertEqual(library.phrases, {"kpi_own": Text("Own", "自定")})
        self.assertEqual(build_library(etree.fromstring('<library kind="organisation"/>')).path, "")

    def test_department(self):
        dep = self.library.departments["dep"]
        self.assertEqual(dep.code, "dep")
        self.assertEqual(dep.name, Text("Sales", "销售部"))
        self.assertEqual(dep.sources, ("x01",))
        self.assertEqual(dep.functions, (Line(Text("Sell", "销售"), ("x01",)),))
        self.assertEqual([k.code for k in dep.kpis], ["T"])

    def test_job(self):
        job = self.library.jobs["sm"]
        self.assertEqual((job.code, job.name, job.sources), ("sm", Text("Manager", "经理"), ("x01",)))
        self.assertTrue(job.inferred)
        self.assertEqual(job.inference, Text("Why", "为何"))
        self.assertEqual(job.summary, Line(Text("Leads", "领导"), ("x01",)))
        self.assertEqual(job.fill_from, "other")
        self.assertEqual(
            job.qualifications, (Qualification(Text("Degree", "学历"), ("x01",), kind="education"),)
        )
        other = self.library.jobs["other"]
        self.assertEqual(
            (other.inferred, other.inference, other.summary, other.fill_from), (False, None, None, None)
        )

    def test_kpi(self):
        (kpi,) = self.library.jobs["sm"].kpis
        self.assertEqual(
            kpi,
            Kpi(
                code="U",
                name=Text("Units", "销量"),
                sources=("x01",),
                period="monthly",
                minimum=1.5,
                target=2.0,
                maximum=3.0,
                weight=100.0,
                direction="lower",
                measure="computed",
                quote=Text("Q", "引"),
                description=Text("D", "述"),
                unit=Text("cars", "台"),
                choices=frozenset({"period", "weight"}),
            ),
        )
        (other,) = self.library.jobs["other"].kpis
        self.assertEqual(
            (other.direction, other.measure, other.quote, other.description, other.unit),
            ("higher", "manual", None, None, None),
        )
        self.assertEqual(other.choices, frozenset())

    def test_duties_exactly_as_stated(self):
        meet, plan, deliver, anything = self.library.jobs["sm"].duties
        self.assertEqual(
            meet,
            Duty(
                text=Text("Meet", "每月5日开会"),
                sources=("x01",),
                schedule=Schedule("weekly"),
                adapted=True,
                settings=(
                    ("period", "weekly"),
                    ("weekday", "2"),
                    ("month_day", 0),
                    ("period_month", 0),
                    ("deadline_days", 3),
                    ("checklist_item", True),
                    ("event", False),
                ),
            ),
        )
        self.assertEqual(
            plan.settings,
            (
                ("period", "quarterly"),
                ("weekday", False),
                ("month_day", 15),
                ("period_month", 2),
                ("deadline_days", 0),
                ("checklist_item", True),
                ("event", False),
            ),
        )
        self.assertFalse(plan.adapted)
        self.assertEqual(deliver.schedule, Schedule("event", event_zh="成交", event_en="a sale"))
        self.assertEqual(dict(deliver.settings)["event"], "a sale")
        self.assertEqual(dict(deliver.settings)["deadline_days"], 0)
        self.assertEqual(anything.schedule, Schedule("none"))
        self.assertEqual(dict(anything.settings)["period"], "none")
        self.assertEqual(dict(anything.settings)["weekday"], "0")
        self.assertIs(dict(anything.settings)["checklist_item"], False)

    def test_template(self):
        tpl = self.library.templates["t"]
        self.assertEqual(
            tpl,
            Template(
                code="t",
                name=Text("Store", "门店"),
                description=Text("Small", "小"),
                sources=("x01",),
                is_default=True,
                departments=(
                    TemplateDepartment("dep", None, frozenset({"department"})),
                    TemplateDepartment("dep2", "dep", frozenset()),
                ),
                jobs=(
                    TemplateJob("sm", "dep", None, 2, frozenset({"job", "headcount"}), ("x01",)),
                    TemplateJob("other", None, "sm", None, frozenset(), ()),
                ),
                brand="kia",
                verbatim=True,
            ),
        )

    def test_a_library_duty_reads_its_text(self):
        doc = ORGANISATION.replace('kind="organisation"', 'kind="library"')
        library = build_library(etree.fromstring(doc))
        self.assertEqual(library.kind, "library")
        self.assertFalse(library.verbatim)
        self.assertFalse(library.templates["t"].verbatim)
        meet, plan, _deliver, anything = library.jobs["sm"].duties
        self.assertEqual(meet.settings, ())
        self.assertEqual((meet.adapted, meet.brand, plan.adapted), (True, None, False))
        self.assertEqual(meet.schedule.period, "weekly")
        self.assertEqual(meet.schedule.within_days, 3)
        self.assertEqual(plan.schedule.day, None)
        self.assertEqual(anything.schedule.period, "daily")
        self.assertEqual(build_library(etree.fromstring("<library/>")).kind, "library")

    def test_organisation_descriptions_are_kept(self):
        (kpi,) = self.library.jobs["sm"].kpis
        self.assertEqual(kpi_description(self.library, kpi), Text("D", "述"))
        (other,) = self.library.jobs["other"].kpis
        self.assertEqual(kpi_description(self.library, other), Text("", ""))

    def test_check_library_of_an_organisation(self):
        self.assertEqual(
            check_library(self.library),
            [
                "job sm fills from 'other', which is no other job with duties",
                "template t uses unknown department 'dep2'",
            ],
        )


PHRASES = {
    "kpi_source": Text("From {titles}: “{quote}”", "出自{titles}:“{quote}”"),
    "kpi_own": Text("Chosen for {titles}", "为{titles}选定"),
    "kpi_suggested": Text("Suggested: {what}", "建议:{what}"),
    "kpi_period": Text("period", "周期"),
    "kpi_thresholds": Text("thresholds", "阈值"),
    "kpi_weight": Text("weight", "权重"),
}


def catalogue(phrases=None):
    phrases = PHRASES if phrases is None else phrases
    return Library(
        sources={"s1": Source("s1", Text("Book", "书")), "s2": Source("s2", Text("Guide", "指南"))},
        departments={},
        jobs={},
        templates={},
        phrases=phrases,
    )


def kpi(**values):
    base = dict(
        code="K",
        name=text("K"),
        sources=("s1", "s2"),
        period="monthly",
        minimum=0,
        target=1,
        maximum=2,
        weight=100,
    )
    base.update(values)
    return Kpi(**base)


class TestKpiDescription(TestCase):
    def test_quoted(self):
        self.assertEqual(
            kpi_description(catalogue(), kpi(quote=Text("sell", "卖"))),
            Text("From Book; Guide: “sell”", "出自书; 指南:“卖”"),
        )

    def test_chosen_by_the_library_with_its_description_and_suggestions(self):
        self.assertEqual(
            kpi_description(
                catalogue(),
                kpi(
                    sources=("s2", "s9"),
                    description=Text("Count", "计数"),
                    choices=frozenset({"kpi", "weight", "period", "thresholds"}),
                ),
            ),
            Text(
                "Count\nChosen for Guide\nSuggested: period, thresholds, weight",
                "计数\n为指南选定\n建议:周期、阈值、权重",
            ),
        )

    def test_one_suggestion(self):
        self.assertEqual(
            kpi_description(catalogue(), kpi(quote=Text("q", "引"), choices=frozenset({"thresholds"}))),
            Text("From Book; Guide: “q”\nSuggested: thresholds", "出自书; 指南:“引”\n建议:阈值"),
        )

    def test_missing_phrases_say_nothing(self):
        self.assertEqual(kpi_description(catalogue({}), kpi(quote=Text("q", "引"))), Text("", ""))


def duty(en, sources=("s1",), period="none", periods=(), day=None, brand=None, adapted=False):
    return Duty(
        text=text(en),
        sources=sources,
        schedule=Schedule(period, day=day, within_days=2, periods=periods),
        brand=brand,
        adapted=adapted,
    )


class TestExpandPeriods(TestCase):
    def test_one_period_or_none(self):
        lines = (duty("a"), duty("b", period="monthly", periods=("monthly",), day=5))
        self.assertEqual(expand_periods(lines), lines)
        self.assertEqual(expand_periods(iter([])), ())

    def test_several_periods(self):
        line = duty("plan", period="monthly", periods=("monthly", "quarterly", "yearly"), day=5)
        expanded = expand_periods([duty("first"), line])
        self.assertEqual(len(expanded), 4)
        self.assertEqual(expanded[0], duty("first"))
        self.assertEqual(
            [d.schedule for d in expanded[1:]],
            [
                Schedule("monthly", day=5, within_days=2, periods=("monthly",)),
                Schedule("quarterly", day=None, within_days=2, periods=("quarterly",)),
                Schedule("yearly", day=None, within_days=2, periods=("yearly",)),
            ],
        )
        self.assertEqual({d.text for d in expanded[1:]}, {text("plan")})
        self.assertIsInstance(expanded, tuple)


def template(brand=None, verbatim=False, sources=("s1",)):
    return Template(
        code="t",
        name=text("T"),
        description=text("D"),
        sources=sources,
        is_default=True,
        departments=(
            TemplateDepartment("child", "top"),
            TemplateDepartment("top", None),
            TemplateDepartment("grandchild", "child"),
            TemplateDepartment("other", None),
        ),
        jobs=(),
        brand=brand,
        verbatim=verbatim,
    )


class TestTemplateLines(TestCase):
    LINES = (
        duty("mine"),
        duty("theirs", sources=("s2",)),
        duty("both", sources=("s2", "s1")),
        duty("adapted", adapted=True),
        duty("kia", brand="kia"),
        duty("bmw", brand="bmw"),
        Qualification(text("q"), ("s1",)),
    )

    def names(self, tpl, placement=None):
        placement = placement or TemplateJob("j", None, None, None)
        return [line.text.en for line in tpl.lines_for(placement, self.LINES)]

    def test_a_brand_neutral_template(self):
        self.assertEqual(self.names(template()), ["mine", "both", "adapted", "q"])

    def test_a_brand_template(self):
        self.assertEqual(self.names(template(brand="kia")), ["mine", "both", "kia", "q"])

    def test_lines_from(self):
        placement = TemplateJob("j", None, None, None, lines_from=("s2",))
        self.assertEqual(self.names(template(), placement), ["theirs", "both"])

    def test_an_organisation_gives_every_line(self):
        lines = template(verbatim=True).lines_for(TemplateJob("j", None, None, None), iter(self.LINES))
        self.assertEqual(lines, self.LINES)
        self.assertIsInstance(template().lines_for(TemplateJob("j", None, None, None), []), tuple)

    def test_departments_by_depth(self):
        levels = template().departments_by_depth()
        self.assertEqual(
            [[d.ref for d in level] for level in levels], [["top", "other"], ["child"], ["grandchild"]]
        )


class TestResolveSuperiors(TestCase):
    def test_the_nearest_superior(self):
        tpl = Template(
            code="t",
            name=text("T"),
            description=text("D"),
            sources=(),
            is_default=True,
            departments=(
                TemplateDepartment("top", None),
                TemplateDepartment("sales", "top"),
                TemplateDepartment("team", "sales"),
                TemplateDepartment("service", "top"),
                TemplateDepartment("far", None),
            ),
            jobs=(
                TemplateJob("boss", "far", None, None),
                TemplateJob("boss", "sales", None, None),
                TemplateJob("boss", "top", None, None),
                TemplateJob("staff", "team", "boss", None),
                TemplateJob("staff", "service", "boss", None),
                TemplateJob("staff", "sales", "boss", None),
                TemplateJob("temp", "nowhere", "boss", None),
                TemplateJob("free", None, "boss", None),
            ),
        )
        self.assertEqual(
            resolve_superiors(tpl),
            {
                ("staff", "team"): ("boss", "sales"),
                ("staff", "service"): ("boss", "top"),
                ("staff", "sales"): ("boss", "sales"),
                ("temp", "nowhere"): ("boss", "far"),
                ("free", None): ("boss", "far"),
            },
        )


class TestParseLibrary(TestCase):
    def test_not_well_formed(self):
        with self.assertRaises(LibraryError) as caught:
            parse_library(b"<library>", "doc.xml")
        self.assertEqual(caught.exception.path, "doc.xml")
        self.assertTrue(
            str(caught.exception).startswith("doc.xml: not well-formed XML: "), str(caught.exception)
        )
        with self.assertRaises(LibraryError) as caught:
            parse_library(b"<library>")
        self.assertIsNone(caught.exception.path)
        self.assertTrue(str(caught.exception).startswith("not well-formed XML: "))

    def test_problems_are_joined(self):
        error = LibraryError(["a", "b"], "p.xml")
        self.assertEqual((str(error), error.problems, error.path), ("p.xml: a; b", ["a", "b"], "p.xml"))
        self.assertEqual(str(LibraryError(["a"])), "a")


class TestLoadLibrary(TestCase):
    def test_parsed_again_when_the_file_changes(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "library.xml")
            with open(path, "wb") as handle:
                handle.write(document())
            first = load_library(path)
            self.assertIs(load_library(path), first)
            self.assertEqual(first.path, path)
            with open(path, "wb") as handle:
                handle.write(document().replace(b"<en>Store</en>", b"<en>Shop</en>"))
            stat = os.stat(path)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
            self.assertEqual(load_library(path).templates["store"].name.en, "Shop")

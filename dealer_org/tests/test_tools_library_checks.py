"""check_library's refusals word for word, and parse_library's handling of paths, files and
entities (tools/library.py; issue 20: mutation testing found them asserted loosely or not at all).

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

import io
import os
import tempfile
from unittest import TestCase

from lxml import etree

from odoo.addons.dealer_org.tools.library import (
    KPI_PHRASES,
    LibraryError,
    build_library,
    check_library,
    parse_library,
    validate_document,
)

from .test_library_checker import document

KPI = (
    '<kpi code="{code}" sources="s01" period="monthly" minimum="{minimum}" target="{target}" maximum="3" '
    'weight="{weight}" {extra}><name><en>K {code}</en><zh>指标 {code}</zh></name>{quote}</kpi>'
)
QUOTE = "<quote><en>Sell</en><zh>卖</zh></quote>"
PHRASES = "".join(f'<phrase code="{code}"><en>{code}</en><zh>{code}中</zh></phrase>' for code in KPI_PHRASES)


def kpi(code="A", minimum=1, target=2, weight=100, extra="", quote=QUOTE):
    return KPI.format(code=code, minimum=minimum, target=target, weight=weight, extra=extra, quote=quote)


def library(jobs_extra="", phrases=PHRASES, kind="library", job_attrs="", department_sources="s01"):
    doc = document(
        departments=f'<department code="sales" sources="{department_sources}"><name><en>Sales</en>'
        "<zh>销售部</zh></name></department>",
        jobs=f'<job code="manager" sources="s01"{job_attrs}><name><en>Manager</en><zh>经理</zh></name>'
        '<duty sources="s01"><en>Meet</en><zh>开会</zh></duty>'
        f"{jobs_extra}</job>",
        template_body='<department ref="sales"/><job ref="manager" department="sales"/>',
    ).decode()
    doc = doc.replace('<library version="1">', f'<library version="1" kind="{kind}">')
    doc = doc.replace("</templates>", f"</templates><phrases>{phrases}</phrases>")
    return build_library(etree.fromstring(doc.split("?>", 1)[1].encode()))


class TestKpiChecks(TestCase):
    def test_good_kpis(self):
        self.assertEqual(check_library(library(kpi())), [])
        self.assertEqual(check_library(library(kpi(minimum=2, target=2) + kpi("B", target=3, weight=0))), [])

    def test_a_code_twice(self):
        self.assertEqual(
            check_library(library(kpi() + kpi(weight=0))), ["the KPIs of job manager repeats the line 'A'"]
        )

    def test_thresholds(self):
        self.assertEqual(
            check_library(library(kpi(minimum=3, target=2))),
            ["KPI A of job manager: minimum <= target <= maximum does not hold"],
        )
        self.assertEqual(
            check_library(library(kpi(target=4))),
            ["KPI A of job manager: minimum <= target <= maximum does not hold"],
        )

    def test_a_quote_or_the_librarys_choice(self):
        self.assertEqual(
            check_library(library(kpi(quote=""))),
            ["KPI A of job manager: quote the document's words, or mark the KPI as the library's choice"],
        )
        self.assertEqual(check_library(library(kpi(quote="", extra='library-choice="kpi"'))), [])

    def test_an_unknown_source(self):
        problems = check_library(library(kpi().replace('sources="s01"', 'sources="s01 s77"')))
        self.assertEqual(problems, ["KPI A of job manager cites unknown source 's77'"])

    def test_weights(self):
        self.assertEqual(
            check_library(library(kpi(weight=99.999))),
            ["job manager: the weights of its monthly KPIs add up to 99.999, not 100"],
        )
        self.assertEqual(check_library(library(kpi(weight=99.9995))), [])
        self.assertEqual(
            check_library(library(kpi(weight=99))),
            ["job manager: the weights of its monthly KPIs add up to 99, not 100"],
        )

    def test_the_kpi_phrases(self):
        phrases = PHRASES.replace('code="kpi_own"', 'code="other"').replace('code="kpi_weight"', 'code="x"')
        self.assertEqual(
            check_library(library(kpi(), phrases=phrases)),
            ["the KPIs' notes need the phrases kpi_own, kpi_weight"],
        )
        self.assertEqual(check_library(library(phrases=phrases)), [])


class TestSourcesAndFills(TestCase):
    def test_no_source(self):
        self.assertEqual(
            check_library(library(department_sources="")), ["department sales names no source document"]
        )
        self.assertEqual(check_library(library(department_sources="", kind="organisation")), [])

    def test_unknown_sources(self):
        lines = (
            '<qualification kind="other" sources="s02"><en>Q</en><zh>资格</zh></qualification>'
            '<summary sources="s03"><en>S</en><zh>概述</zh></summary>'
        )
        self.assertEqual(
            check_library(library(lines, job_attrs=' fill-from="manager"')),
            [
                "a line of job manager cites unknown source 's02'",
                "a line of job manager cites unknown source 's03'",
                "job manager fills from 'manager', which is no other job with duties",
            ],
        )

    def test_lines_from_an_unknown_source(self):
        doc = document(template_body='<department ref="sales"/><job ref="manager" lines-from="s01 s09"/>')
        lib = build_library(etree.fromstring(doc))
        self.assertEqual(
            check_library(lib), ["template store: job 'manager' takes lines from unknown source 's09'"]
        )

    def test_an_unknown_job(self):
        doc = document(template_body='<department ref="sales"/><job ref="boss"/>')
        self.assertIn(
            "template store uses unknown job 'boss'", check_library(build_library(etree.fromstring(doc)))
        )

    def test_texts(self):
        lines = (
            '<summary sources="s01"><en>Sum</en><zh>概述</zh></summary>'
            "<inference><en>Inf</en><zh>推断</zh></inference>" + kpi()
        )
        texts = library(lines).texts()
        for en in ("Sum", "Inf", "K A", "Sell", "Sales", "Manager", "Meet"):
            self.assertIn(en, [t.en for t in texts])
        # the composed description is among them
        self.assertIn("kpi_source", [t.en for t in texts])


class TestParseLibrary(TestCase):
    def test_entities_are_not_expanded(self):
        doc = document().decode()
        doc = doc.replace("?>", '?><!DOCTYPE library [<!ENTITY boss "Boss">]>', 1)
        doc = doc.replace("<en>Manager</en>", "<en>&boss;</en>").encode()
        for source in (doc, io.BytesIO(doc)):
            with self.subTest(source=type(source).__name__):
                with self.assertRaises(LibraryError) as caught:
                    parse_library(source)
                self.assertIn("a simple content element can't have child elements", str(caught.exception))

    def test_the_path_is_named(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "lib.xml")
            with open(path, "wb") as handle:
                handle.write(document(template_body='<job ref="boss"/>'))
            for source in (path, open(path, "rb")):  # noqa: SIM115 - closed below
                with self.subTest(source=type(source).__name__):
                    with self.assertRaises(LibraryError) as caught:
                        parse_library(source)
                    self.assertEqual(caught.exception.path, path)
                    self.assertTrue(str(caught.exception).startswith(f"{path}: "))
                    if not isinstance(source, str):
                        source.close()
            with open(path, "wb") as handle:
                handle.write(document())
            self.assertEqual(parse_library(path).path, path)
            self.assertEqual(parse_library(document(), "given.xml").path, "given.xml")
            with self.assertRaises(LibraryError) as caught:
                parse_library(document().replace(b'code="store"', b'code="Bad Code"'), "given.xml")
            self.assertEqual(caught.exception.path, "given.xml")

    def test_at_most_20_schema_errors(self):
        jobs = "".join(
            f'<job code="j{i}" sources="s01" colour="x"><name><en>J{i}</en><zh>岗{i}</zh></name></job>'
            for i in range(25)
        )
        with self.assertRaises(LibraryError) as caught:
            validate_document(etree.fromstring(document(jobs=jobs)), "p.xml")
        self.assertEqual(len(caught.exception.problems), 20)
        self.assertEqual(caught.exception.path, "p.xml")

"""Each refusal of an uploaded organisation document (tools/org_exchange.py), with its exact
sentence and the line (and column, element) it names (issue 20: mutation testing found that only
the weights and duty checks were asserted).

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

from unittest import TestCase

from odoo.addons.dealer_org.tools import org_exchange
from odoo.addons.dealer_org.tools.org_exchange import (
    MAX_SCHEMA_ERRORS,
    OrgDocumentError,
    _describe,
    _language,
    _name,
    _period,
    _position,
    check_codes,
    check_organisation,
    check_root,
    check_schema,
    load_organisation,
    read_document,
)

from .test_tools_org_exchange import DOCUMENT, EN, Env, line_of, parse

LIMIT = 100_000
TEMPLATE_LINES = (
    '      <department ref="dep_sales"/>\n      <job ref="job_sm" department="dep_sales" headcount="1"/>\n'
)
SECOND_DEPARTMENT = (
    '    <department code="dep_after" sources="x01"><name><en>After sales</en><zh>售后部</zh></name>'
    "</department>\n  </departments>"
)
SECOND_JOB = (
    '    <job code="job_sa" sources="x01"><name><en>Advisor</en><zh>顾问</zh></name></job>\n  </jobs>'
)


def refusal(raw, max_bytes=LIMIT):
    try:
        read_document(raw, max_bytes, EN)
    except OrgDocumentError as exc:
        return exc.problems
    raise AssertionError("the document was accepted")


def with_template(lines):
    """DOCUMENT with a second department and job, and the template's placements ``lines``."""
    doc = DOCUMENT.replace("  </departments>", SECOND_DEPARTMENT, 1).replace("  </jobs>", SECOND_JOB, 1)
    return doc.replace(TEMPLATE_LINES, lines)


class TestReadDocument(TestCase):
    def test_a_good_document(self):
        root = read_document(DOCUMENT.encode(), LIMIT, EN)
        self.assertEqual(root.tag, "library")
        self.assertEqual(root.find("jobs/job").get("code"), "job_sm")

    def test_empty(self):
        message = "The file is empty: choose an organisation document (.xml) exported by dealer_org."
        for raw in (b"", b" \n\t "):
            with self.subTest(raw=raw):
                self.assertEqual(refusal(raw), [message])

    def test_too_large(self):
        raw = DOCUMENT.encode()
        self.assertEqual(read_document(raw, len(raw), EN).tag, "library")
        self.assertEqual(
            refusal(raw, len(raw) - 1),
            [
                f"The file has {len(raw)} bytes, more than the {len(raw) - 1} bytes an organisation "
                "document may have: export fewer departments, or ask your administrator to raise the "
                "system parameter dealer_org.org_exchange_max_bytes."
            ],
        )

    def test_not_utf8(self):
        raw = b'<library version="1">\n  <x>caf\xe9</x>\n</library>'
        self.assertEqual(
            refusal(raw),
            [
                "Line 2, column 9: the file is not UTF-8 text. Choose an organisation document exported "
                "by dealer_org, or save the file as UTF-8."
            ],
        )

    def test_a_document_type_or_entities(self):
        for marker, raw in (
            ("<!DOCTYPE", '<?xml version="1.0"?>\n  <!DOCTYPE library>\n<library/>'),
            ("<!ENTITY", '<?xml version="1.0"?>\n<library>\n <x/><!ENTITY e "x"></library>'),
        ):
            with self.subTest(marker=marker):
                line, column = (2, 3) if marker == "<!DOCTYPE" else (3, 6)
                self.assertEqual(
                    refusal(raw.encode()),
                    [
                        f"Line {line}, column {column}: the file declares a document type or entities "
                        f"({marker}). Organisation documents may not (entities and external files are "
                        "never read): remove the declaration."
                    ],
                )

    def test_not_well_formed(self):
        raw = b"<library>\n  <jobs>\n</library>"
        (problem,) = refusal(raw)
        self.assertTrue(problem.startswith("Line 3, column 11: the file is not well-formed XML ("), problem)
        self.assertIn("Opening and ending tag mismatch: jobs line 2 and library", problem)
        self.assertTrue(problem.endswith("). Correct it, or export the organisation again."), problem)

    def test_a_declaration_at_the_very_start(self):
        self.assertEqual(
            refusal(b"<!DOCTYPE library><library/>"),
            [
                "Line 1, column 1: the file declares a document type or entities (<!DOCTYPE). Organisation "
                "documents may not (entities and external files are never read): remove the declaration."
            ],
        )

    def test_the_first_declaration_is_named(self):
        raw = b'<library>\n<!ENTITY a "x">\n  <!ENTITY b "y"></library>'
        (problem,) = refusal(raw)
        self.assertTrue(problem.startswith("Line 2, column 1: "), problem)

    def test_too_deep(self):
        raw = ("<library>" + "<a>" * 300 + "</a>" * 300 + "</library>").encode()
        (problem,) = refusal(raw)
        self.assertIn("the file is not well-formed XML (Excessive depth in document: 256", problem)

    def test_another_encoding(self):
        raw = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<library/>'
        self.assertEqual(
            refusal(raw),
            [
                "Line 1: the file declares the encoding ISO-8859-1 or a document type: an organisation "
                "document is UTF-8 without a document type. Export it again."
            ],
        )

    def test_utf8_however_spelt(self):
        for encoding in ("UTF-8", "utf-8", "utf8", "UTF8"):
            with self.subTest(encoding=encoding):
                raw = f'<?xml version="1.0" encoding="{encoding}"?>\n<library/>'.encode()
                self.assertEqual(read_document(raw, LIMIT, EN).tag, "library")
        self.assertEqual(read_document(b"<library/>", LIMIT, EN).tag, "library")

    def test_xinclude(self):
        for namespace in org_exchange.XINCLUDE_NAMESPACES:
            with self.subTest(namespace=namespace):
                raw = (
                    f'<library xmlns:xi="{namespace}">\n<jobs/>'
                    '\n  <xi:include href="/etc/passwd"/>\n</library>'
                )
                self.assertEqual(
                    refusal(raw.encode()),
                    [
                        "Line 3, <include>: the file includes other files (XInclude). Organisation "
                        "documents may not: remove the element."
                    ],
                )

    def test_comments_and_processing_instructions_are_dropped(self):
        raw = b'<library version="1"><!-- a note --><?pi x?><jobs/></library>'
        root = read_document(raw, LIMIT, EN)
        self.assertEqual([child.tag for child in root], ["jobs"])


class TestPosition(TestCase):
    def test_bytes_and_text(self):
        self.assertEqual(_position(b"ab\ncd\nef", 0), (1, 1))
        self.assertEqual(_position(b"ab\ncd\nef", 4), (2, 2))
        self.assertEqual(_position("ab\ncd\nef", 6), (3, 1))
        self.assertEqual(_position("ab\ncd\nef", 2), (1, 3))
        self.assertEqual(_position(b"\nab", 2), (2, 2))
        self.assertEqual(_position("\n\nab", 3), (3, 2))


class TestCheckRoot(TestCase):
    def test_a_good_root(self):
        self.assertEqual(check_root(parse(DOCUMENT), EN), [])

    def test_a_namespace(self):
        root = parse('<x:library xmlns:x="urn:other" version="1" kind="organisation"/>')
        self.assertEqual(
            check_root(root, EN),
            [
                "Line 1: the root element <library> is in the namespace urn:other; dealer_org documents "
                "use no namespace. Choose an organisation document exported by dealer_org."
            ],
        )

    def test_another_root(self):
        self.assertEqual(
            check_root(parse('\n<catalogue version="1" kind="organisation"/>'), EN),
            [
                "Line 2: the root element is <catalogue>; an organisation document starts with "
                '<library kind="organisation">. Choose an organisation document exported by dealer_org.'
            ],
        )

    def test_the_library_not_an_organisation(self):
        for root in ('<library version="1" kind="library"/>', '<library version="1"/>'):
            with self.subTest(root=root):
                self.assertEqual(
                    check_root(parse("\n\n" + root), EN),
                    [
                        "Line 3, <library>: this is an organisation library, not an exported organisation "
                        '(kind="organisation"). Export the organisation of a company and import that file.'
                    ],
                )

    def test_another_version(self):
        self.assertEqual(
            check_root(parse('<library version="2" kind="organisation"/>'), EN),
            [
                "Line 1, <library>: the document has version 2; this version of dealer_org reads version "
                "1. Export the organisation again with this version."
            ],
        )
        (problem,) = check_root(parse('<library kind="organisation"/>'), EN)
        self.assertIn("the document has version None;", problem)


class TestCheckCodes(TestCase):
    def test_no_code_twice(self):
        self.assertEqual(check_codes(parse(DOCUMENT), EN), [])

    def test_each_kind_twice(self):
        doc = (
            DOCUMENT.replace("  </sources>", '    <source code="x01"/>\n  </sources>')
            .replace("  </departments>", '    <department code="dep_sales"/>\n  </departments>')
            .replace("  </jobs>", '    <job code="job_sm"/>\n    <job/>\n    <job/>\n  </jobs>')
            .replace("  </templates>", '    <template code="imported_store"/>\n  </templates>')
        )
        first = {
            tag: line_of(doc, f'<{tag} code="{code}"')
            for tag, code in (
                ("source", "x01"),
                ("department", "dep_sales"),
                ("job", "job_sm"),
                ("template", "imported_store"),
            )
        }
        twice = {
            tag: line_of(doc, f'<{tag} code="{code}"/>')
            for tag, code in (
                ("source", "x01"),
                ("department", "dep_sales"),
                ("job", "job_sm"),
                ("template", "imported_store"),
            )
        }
        self.assertEqual(
            check_codes(parse(doc), EN),
            [
                f'Line {twice[tag]}, <{tag} code="{code}">: the {tag} code {code} is used twice (first on '
                f"line {first[tag]}). Give each {tag} its own code."
                for tag, code in (
                    ("source", "x01"),
                    ("department", "dep_sales"),
                    ("job", "job_sm"),
                    ("template", "imported_store"),
                )
            ],
        )

    def test_three_times_names_the_first(self):
        doc = DOCUMENT.replace(
            "  </sources>", '    <source code="x01"/>\n    <source code="x01"/>\n  </sources>'
        )
        first = line_of(doc, '<source code="x01">')
        problems = check_codes(parse(doc), EN)
        self.assertEqual(len(problems), 2)
        for problem in problems:
            self.assertIn(f"(first on line {first})", problem)

    def test_an_element_without_code_does_not_end_the_check(self):
        doc = DOCUMENT.replace("  </jobs>", '    <job code="job_sm"/>\n  </jobs>').replace(
            "  <jobs>\n", "  <jobs>\n    <job/>\n"
        )
        (problem,) = check_codes(parse(doc), EN)
        self.assertIn("the job code job_sm is used twice", problem)


class TestCheckSchema(TestCase):
    def test_a_valid_document(self):
        self.assertEqual(check_schema(parse(DOCUMENT), EN), [])

    def test_an_unknown_attribute(self):
        doc = DOCUMENT.replace(
            '<job code="job_sm" sources="x01">', '<job code="job_sm" sources="x01" colour="red">'
        )
        (problem,) = check_schema(parse(doc), EN)
        line = line_of(doc, 'colour="red"')
        self.assertTrue(problem.startswith(f'Line {line}, <job code="job_sm">: '), problem)
        self.assertIn("colour", problem)
        self.assertTrue(
            problem.endswith(". Correct it as the organisation schema (dealer_org_library.xsd) requires."),
            problem,
        )
        self.assertNotIn("..", problem)

    def test_codes_are_left_to_check_codes(self):
        doc = DOCUMENT.replace(
            "  </jobs>",
            '    <job code="job_sm" sources="x01"><name><en>A</en><zh>甲</zh></name></job>\n  </jobs>',
        )
        self.assertEqual(check_schema(parse(doc), EN), [])
        self.assertEqual(len(check_codes(parse(doc), EN)), 1)

    def test_references_are_left_to_check_organisation(self):
        doc = DOCUMENT.replace(
            '<job ref="job_sm" department="dep_sales"', '<job ref="job_xx" department="dep_sales"'
        )
        self.assertEqual(check_schema(parse(doc), EN), [])
        (problem,) = check_organisation(parse(doc), EN)
        self.assertIn("the template places job job_xx, which is not among the document's <jobs>", problem)

    def test_a_code_twice_does_not_hide_the_next_error(self):
        doc = DOCUMENT.replace(
            "  </jobs>",
            '    <job code="job_sm" sources="x01"><name><en>A</en><zh>甲</zh></name></job>\n  </jobs>',
        ).replace(
            '<template code="imported_store" sources="x01">',
            '<template code="imported_store" sources="x01" colour="x">',
        )
        self.assertEqual(
            check_schema(parse(doc), EN),
            [
                f'Line {line_of(doc, "colour=")}, <template code="imported_store">: '
                f'\'colour\' attribute not allowed '
                "for element. Correct it as the organisation schema (dealer_org_library.xsd) requires."
            ],
        )

    def test_at_most_ten(self):
        extra = "".join(f' bad{i}="x"' for i in range(MAX_SCHEMA_ERRORS + 5))
        duties = "".join(
            f'      <duty sources="x01" colour{i}="x"><en>D{i}</en><zh>职{i}</zh></duty>\n'
            for i in range(MAX_SCHEMA_ERRORS + 5)
        )
        doc = DOCUMENT.replace(
            '<job code="job_sm" sources="x01">', f'<job code="job_sm" sources="x01"{extra}>\n{duties}'
        )
        problems = check_schema(parse(doc), EN)
        self.assertEqual(MAX_SCHEMA_ERRORS, 10)
        self.assertEqual(len(problems), 10)
        doc = DOCUMENT.replace(
            '<job code="job_sm" sources="x01">', '<job code="job_sm" sources="x01" colour="red">'
        )
        doc = doc.replace(
            '<department code="dep_sales" sources="x01">',
            '<department code="dep_sales" sources="x01" size="9">',
        )
        problems = check_schema(parse(doc), EN)
        self.assertEqual(len(problems), 2)
        self.assertTrue(
            problems[0].startswith(f'Line {line_of(doc, "size=")}, <department code="dep_sales">: ')
        )
        self.assertTrue(problems[1].startswith(f'Line {line_of(doc, "colour=")}, <job code="job_sm">: '))


class TestDescribeAndName(TestCase):
    def test_describe(self):
        self.assertEqual(_describe(parse('<job code="a" ref="b"/>')), '<job code="a">')
        self.assertEqual(_describe(parse('<job ref="b"/>')), '<job ref="b">')
        self.assertEqual(_describe(parse('<job code="" ref="b"/>')), '<job ref="b">')
        self.assertEqual(_describe(parse("<job/>")), "<job>")

    def test_language(self):
        self.assertEqual(_language(Env("zh_CN")._), "zh")
        self.assertEqual(_language(Env("en_US")._), "en")
        self.assertEqual(_language(Env(None)._), "en")
        self.assertEqual(_language(lambda text: text), "en")

    def test_name(self):
        job = parse('<job code="j"><name><en> Manager </en><zh> 经理 </zh></name></job>')
        self.assertEqual(_name(job, EN), "Manager")
        self.assertEqual(_name(job, Env("zh_CN")._), "经理")
        job = parse('<job code="j"><name><en></en><zh>经理</zh></name></job>')
        self.assertEqual(_name(job, EN), "经理")
        self.assertEqual(_name(parse('<job code="j"><name/></job>'), EN), "j")
        self.assertEqual(_name(parse('<job code="j"/>'), EN), "j")
        self.assertEqual(_name(parse("<job/>"), EN), "?")

    def test_period(self):
        words = {
            "none": "no period",
            "daily": "daily",
            "weekly": "weekly",
            "monthly": "monthly",
            "quarterly": "quarterly",
            "yearly": "yearly",
            "event": "event-driven",
            "other": "other",
        }
        for period, word in words.items():
            self.assertEqual(_period(period, EN), word)
        terms = {w: w.upper() for w in words.values()}
        for period, word in words.items():
            self.assertEqual(
                _period(period, Env("en_US", terms)._), word.upper() if period != "other" else word
            )


class TestCheckOrganisation(TestCase):
    def test_templates_other_than_one(self):
        doc = DOCUMENT.replace(
            "  </templates>",
            '    <template code="second" sources="x01"><name><en>B</en><zh>乙</zh></name>'
            "<description><en>B</en><zh>乙</zh></description></template>\n  </templates>",
        )
        line = line_of(doc, "<templates>")
        self.assertEqual(
            check_organisation(parse(doc), EN),
            [
                f"Line {line}, <templates>: the document holds 2 templates; an exported organisation holds "
                "exactly one. Keep one <template>."
            ],
        )
        start = doc.index("    <template code=")
        doc = doc[:start] + "  </templates>\n</library>\n"
        self.assertEqual(
            check_organisation(parse(doc), EN),
            [
                f"Line {line}, <templates>: the document holds 0 templates; an exported organisation holds "
                "exactly one. Keep one <template>."
            ],
        )

    def test_unknown_sources(self):
        doc = DOCUMENT.replace(
            '<department code="dep_sales" sources="x01">', '<department code="dep_sales" sources="x01 x99">'
        )
        doc = doc.replace(
            '<job ref="job_sm" department="dep_sales" headcount="1"/>',
            '<job ref="job_sm" department="dep_sales" headcount="1" lines-from="x01 x98"/>',
        )
        self.assertEqual(
            check_organisation(parse(doc), EN),
            [
                f'Line {line_of(doc, "x99")}, <department code="dep_sales">: the source x99 is not among the '
                "document's <sources>. Add it there, or remove it from the sources attribute.",
                f'Line {line_of(doc, "x98")}, <job ref="job_sm">: the source x98 is not among the '
                "document's <sources>. Add it there, or remove it from the lines-from attribute.",
            ],
        )

    def test_a_comment_does_not_end_the_check(self):
        doc = DOCUMENT.replace("  <sources>", "  <!-- exported -->\n  <sources>").replace(
            '<department code="dep_sales" sources="x01">', '<department code="dep_sales" sources="x99">'
        )
        (problem,) = check_organisation(parse(doc), EN)
        self.assertIn("the source x99 is not among the document's <sources>", problem)

    def test_department_targets_are_checked(self):
        doc = DOCUMENT.replace(
            "<name><en>Sales</en><zh>销售部</zh></name></department>",
            "<name><en>Sales</en><zh>销售部</zh></name>"
            '<kpi code="T" sources="x01" period="yearly" minimum="3" target="2" maximum="1" weight="0">'
            "<name><en>Target</en><zh>目标</zh></name></kpi></department>",
        )
        self.assertEqual(
            check_organisation(parse(doc), EN),
            [
                f'Line {line_of(doc, "<kpi code=" + chr(34) + "T")}, <kpi code="T">: '
                f'minimum ≤ target ≤ maximum '
                "does not hold (3, 2, 1). Correct the figures."
            ],
        )

    def test_duty_messages_word_for_word(self):
        cases = {
            'period="daily" month-day="5"': (
                "a day of the month is set but the period is daily. Set a monthly, "
                "quarterly or yearly period, or remove month-day."
            ),
            'period="monthly" period-month="1"': (
                "period-month does not fit the monthly period (quarterly: 1 to 3, "
                "yearly: 1 to 12, others: none). Correct it."
            ),
            'period="event" checklist="1"': (
                "a checklist item needs a recurring period, not event-driven. Set the "
                'period or checklist="false".'
            ),
            'period="quarterly" month-day="5"': None,
            'period="yearly" month-day="31" period-month="12"': None,
        }
        for attributes, words in cases.items():
            with self.subTest(attributes=attributes):
                doc = DOCUMENT.replace(
                    'period="weekly" weekday="0" within-days="0" checklist="false"', attributes
                )
                expected = (
                    [f"Line {line_of(doc, attributes)}, <duty> of job Sales manager: {words}"]
                    if words
                    else []
                )
                self.assertEqual(check_organisation(parse(doc), EN), expected)

    def test_a_kpi_code_twice(self):
        doc = DOCUMENT.replace('<kpi code="CSI"', '<kpi code="UNITS"')
        self.assertEqual(
            check_organisation(parse(doc), EN),
            [
                f'Line {line_of(doc, "minimum=" + chr(34) + "80")}, <kpi code="UNITS">: '
                f'the KPI code UNITS is '
                f'used twice in <job code="job_sm"> (first on line {line_of(doc, "<kpi code=")}). Give each '
                "KPI its own code."
            ],
        )

    def test_a_kpi_code_three_times_names_the_first(self):
        kpi = (
            '      <kpi code="UNITS" sources="x01" period="yearly" minimum="1" target="2" '
            'maximum="3" weight="100">'
            "<name><en>U</en><zh>U</zh></name></kpi>\n"
        )
        doc = DOCUMENT.replace("    </job>", kpi + kpi + "    </job>")
        problems = check_organisation(parse(doc), EN)
        self.assertEqual(len(problems), 3)  # twice "used twice", and the yearly weights (200)
        first = line_of(doc, '<kpi code="UNITS"')
        for problem in problems[:2]:
            self.assertIn(f"(first on line {first})", problem)

    def test_thresholds(self):
        cases = {
            ('minimum="20" target="30" maximum="40"', 'minimum="0" target="0" maximum="0"'): (
                "minimum, target and maximum are all 0, so no value could be scored. Set the target."
            ),
            ('minimum="20" target="30" maximum="40"', 'minimum="31" target="30" maximum="40"'): (
                "minimum ≤ target ≤ maximum does not hold (31, 30, 40). Correct the figures."
            ),
            ('minimum="20" target="30" maximum="40"', 'minimum="20" target="41" maximum="40"'): (
                "minimum ≤ target ≤ maximum does not hold (20, 41, 40). Correct the figures."
            ),
        }
        for (old, new), words in cases.items():
            with self.subTest(new=new):
                doc = DOCUMENT.replace(old, new)
                self.assertEqual(
                    check_organisation(parse(doc), EN),
                    [f'Line {line_of(doc, new)}, <kpi code="UNITS">: {words}'],
                )
        for new in (
            'minimum="30" target="30" maximum="30"',
            'minimum="0" target="0" maximum="5"',
            'minimum="0" target="5" maximum="5"',
            'minimum="-5" target="0" maximum="0"',
        ):
            with self.subTest(new=new):
                doc = DOCUMENT.replace('minimum="20" target="30" maximum="40"', new)
                self.assertEqual(check_organisation(parse(doc), EN), [])

    def test_weights_0_and_100_are_allowed(self):
        doc = DOCUMENT.replace('weight="60"', 'weight="100"').replace('weight="40"', 'weight="0"')
        self.assertEqual(check_organisation(parse(doc), EN), [])
        doc = DOCUMENT.replace('weight="60"', 'weight="100.5"').replace('weight="40"', 'weight="-0.5"')
        problems = check_organisation(parse(doc), EN)
        self.assertEqual(len(problems), 2)
        self.assertEqual(
            problems[0],
            f'Line {line_of(doc, "100.5")}, <kpi code="UNITS">: the weight 100.5 is not between 0 and 100. '
            "Correct it.",
        )

    def test_weights_message_rounds_the_total(self):
        doc = DOCUMENT.replace('weight="60"', 'weight="60.123"')
        (problem,) = check_organisation(parse(doc), EN)
        self.assertIn("add up to 100.12, not 100", problem)


class TestTemplate(TestCase):
    def problems(self, lines):
        doc = with_template(lines)
        return doc, check_organisation(parse(doc), EN)

    def test_two_departments_and_jobs(self):
        doc, problems = self.problems(
            '      <department ref="dep_sales"/>\n'
            '      <department ref="dep_after" parent="dep_sales"/>\n'
            '      <job ref="job_sm" department="dep_sales" headcount="1"/>\n'
            '      <job ref="job_sa" department="dep_after" superior="job_sm"/>\n'
            '      <job ref="job_sa" department="dep_sales" superior="job_sm"/>\n'
        )
        self.assertEqual(problems, [])

    def test_an_unknown_department_and_one_twice(self):
        doc, problems = self.problems(
            '      <department ref="dep_sales"/>\n'
            '      <department ref="dep_x"/>\n'
            '      <department ref="dep_sales" parent="dep_x"/>\n'
            '      <job ref="job_sm" department="dep_sales" headcount="1"/>\n'
        )
        self.assertEqual(
            problems,
            [
                f'Line {line_of(doc, "dep_x" + chr(34) + "/>")}, <department ref="dep_x">: '
                f'the template places '
                "department dep_x, which is not among the document's <departments>. Add it there, or remove "
                "the placement.",
                f'Line {line_of(doc, "parent=")}, <department ref="dep_sales">: '
                f'the template places department '
                "dep_sales twice. Keep one.",
            ],
        )

    def test_a_parent_outside_the_template(self):
        doc, problems = self.problems(
            '      <department ref="dep_sales" parent="dep_after"/>\n'
            '      <job ref="job_sm" department="dep_sales" headcount="1"/>\n'
        )
        self.assertEqual(
            problems,
            [
                f'Line {line_of(doc, "parent=")}, <department ref="dep_sales">: '
                f'its parent department dep_after '
                "is not in the template. Place the parent in the template, or remove the parent attribute."
            ],
        )

    def test_a_department_cycle(self):
        doc, problems = self.problems(
            '      <department ref="dep_sales" parent="dep_after"/>\n'
            '      <department ref="dep_after" parent="dep_sales"/>\n'
            '      <job ref="job_sm" department="dep_sales" headcount="1"/>\n'
        )
        self.assertEqual(
            problems,
            [
                f'Line {line_of(doc, "<department ref=")}, <department ref="dep_sales">: the department '
                "hierarchy has a cycle through dep_sales (a department is its own ancestor). Give one of "
                "them another parent."
            ],
        )

    def test_jobs(self):
        doc, problems = self.problems(
            '      <department ref="dep_sales"/>\n'
            '      <job ref="job_sm" department="dep_sales" headcount="1"/>\n'
            '      <job ref="job_x" department="dep_after"/>\n'
            '      <job ref="job_sm" department="dep_sales" superior="job_sm"/>\n'
            '      <job ref="job_sa" superior="job_y"/>\n'
            '      <job ref="job_sa" department="dep_sales"/>\n'
        )
        lines = {
            n: line_of(doc, f'<job ref="{r}"{rest}')
            for n, r, rest in (
                ("x", "job_x", ""),
                ("self", "job_sm", ' department="dep_sales" superior'),
                ("y", "job_sa", ' superior="job_y"'),
            )
        }
        self.assertEqual(
            problems,
            [
                f'Line {lines["x"]}, <job ref="job_x">: '
                f'the template places job job_x, which is not among the '
                "document's <jobs>. Add it there, or remove the placement.",
                f'Line {lines["x"]}, <job ref="job_x">: '
                f'job job_x is placed in department dep_after, which is '
                "not in the template. Place the department, or change the job's department.",
                f'Line {lines["self"]}, <job ref="job_sm">: job job_sm '
                f'is placed twice in the same department. '
                "Keep one placement.",
                f'Line {lines["self"]}, <job ref="job_sm">: job job_sm reports to itself. Give it another '
                "superior or none.",
                f'Line {lines["y"]}, <job ref="job_sa">: job job_sa reports to job_y, which is not in the '
                "template. Place that job, or change the superior.",
            ],
        )

    def test_a_reporting_cycle(self):
        doc, problems = self.problems(
            '      <department ref="dep_sales"/>\n'
            '      <job ref="job_sm" department="dep_sales" superior="job_sa"/>\n'
            '      <job ref="job_sa" department="dep_sales" superior="job_sm"/>\n'
            '      <job ref="job_sa" superior="job_sa"/>\n'
        )
        self.assertEqual(
            problems,
            [
                f'Line {line_of(doc, "<job ref=" + chr(34) + "job_sa" + chr(34) + " superior")}, <job '
                'ref="job_sa">: job job_sa reports to itself. Give it another superior or none.',
                f'Line {line_of(doc, "<job ref=")}, <job ref="job_sm">: the reporting lines have a cycle '
                "through job job_sm (it reports, through its superiors, to itself). Give one of them another "
                "superior.",
            ],
        )


class TestLoadOrganisation(TestCase):
    def refused(self, doc):
        with self.assertRaises(OrgDocumentError) as caught:
            load_organisation(doc.encode(), LIMIT, EN)
        return caught.exception

    def test_each_check_refuses(self):
        error = self.refused(DOCUMENT.replace('kind="organisation"', 'kind="library"'))
        self.assertEqual(len(error.problems), 1)
        self.assertIn('not an exported organisation (kind="organisation")', error.problems[0])
        self.assertEqual(str(error), error.problems[0])
        doc = DOCUMENT.replace(
            "  </sources>",
            '    <source code="x01"><title><en>A</en><zh>甲</zh></title></source>\n  </sources>',
        )
        (problem,) = self.refused(doc).problems
        self.assertIn("the source code x01 is used twice", problem)
        doc = DOCUMENT.replace(
            '<job code="job_sm" sources="x01">', '<job code="job_sm" sources="x01" colour="red">'
        )
        (problem,) = self.refused(doc).problems
        self.assertIn("Correct it as the organisation schema", problem)
        doc = DOCUMENT.replace('headcount="1"/>', 'headcount="1" superior="job_sm"/>')
        (problem,) = self.refused(doc).problems
        self.assertIn("job job_sm reports to itself", problem)
        error = self.refused("")
        self.assertIn("The file is empty", str(error))

    def test_several_problems_in_one_message(self):
        doc = DOCUMENT.replace('weight="40"', 'weight="55"').replace(
            'period="weekly" weekday="0"', 'period="daily" weekday="0"'
        )
        error = self.refused(doc)
        self.assertEqual(len(error.problems), 2)
        self.assertEqual(str(error), "\n".join(error.problems))

    def test_a_good_document(self):
        library = load_organisation(DOCUMENT.encode(), LIMIT, EN)
        self.assertEqual(library.kind, "organisation")
        self.assertEqual(list(library.templates), ["imported_store"])

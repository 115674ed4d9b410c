"""Exchanging organisations as XML documents (issue 9).

Guards: a company's organisation, as HR edited it, exports as ONE document valid against the
shipped XSD, in English and Chinese; importing the document creates a template that shows and
applies like the bundled ones, and applying it to another company gives that company the same
organisation (names in both languages, department tree, reporting lines, duties with their
periods and checklist settings in order, qualifications, KPIs with every figure, department
targets, headcounts); re-applying it creates nothing; an imported template's document downloads
again. A bad file is refused with a UserError naming the element, its line (and column) and what
to fix, and nothing is written: every kind of bad file below, including the unsafe ones (entity
expansion, external entities and DTDs, XInclude, oversize, non-UTF-8).
"""

import base64

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from odoo.addons.dealer_org.tools.library import schema_errors
from odoo.addons.dealer_org.wizard.dealer_org_org_exchange import _codes

from .common import DealerOrgCase

TEMPLATE = "kia_4s"

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<library version="1" kind="organisation">
  <sources>
    <source code="x01"><title><en>Store handbook</en><zh>门店手册</zh></title></source>
  </sources>
  <departments>
    <department code="dep_gm" sources="x01"><name><en>Management</en><zh>总经理室</zh></name></department>
    <department code="dep_sales" sources="x01">
      <name><en>Sales</en><zh>销售部</zh></name>
      <function sources="x01"><en>Sell cars</en><zh>销售整车</zh></function>
      <kpi code="SALES_TARGET" sources="x01" period="yearly"
           minimum="80" target="100" maximum="120" weight="0">
        <name><en>Sales target</en><zh>销售目标</zh></name>
      </kpi>
    </department>
  </departments>
  <jobs>
    <job code="job_gm" sources="x01"><name><en>General manager</en><zh>总经理</zh></name></job>
    <job code="job_sm" sources="x01">
      <name><en>Sales manager</en><zh>销售经理</zh></name>
      <duty sources="x01" period="weekly" weekday="0" within-days="0" checklist="false">
        <en>Hold the weekly sales meeting</en><zh>召开每周销售例会</zh>
      </duty>
      <qualification sources="x01" kind="education">
        <en>College degree</en><zh>大专以上学历</zh>
      </qualification>
      <kpi code="UNITS" sources="x01" period="monthly" minimum="20" target="30" maximum="40" weight="60">
        <name><en>Units sold</en><zh>销量</zh></name>
      </kpi>
      <kpi code="CSI" sources="x01" period="monthly" minimum="80" target="90" maximum="100" weight="40">
        <name><en>Customer satisfaction</en><zh>客户满意度</zh></name>
      </kpi>
    </job>
    <job code="job_sc" sources="x01"><name><en>Sales consultant</en><zh>销售顾问</zh></name></job>
  </jobs>
  <templates>
    <template code="imported_store" sources="x01">
      <name><en>Imported store</en><zh>导入的门店</zh></name>
      <description><en>A small store</en><zh>小门店</zh></description>
      <department ref="dep_gm"/>
      <department ref="dep_sales" parent="dep_gm"/>
      <job ref="job_gm" department="dep_gm" headcount="1"/>
      <job ref="job_sm" department="dep_sales" superior="job_gm" headcount="1"/>
      <job ref="job_sc" department="dep_sales" superior="job_sm" headcount="4"/>
    </template>
  </templates>
</library>
"""


def line_of(text, fragment):
    """The line (from 1) of the first occurrence of ``fragment`` in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1


def at(text, fragment):
    """ "Line N" of the first occurrence of ``fragment`` in ``text``, as the errors say it."""
    return f"Line {line_of(text, fragment)}"


class ExchangeCase(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a = cls.env["res.company"].create({"name": "Exchange Store A"})
        cls.store_b = cls.env["res.company"].create({"name": "Exchange Store B"})
        mine = cls.main_company | cls.store_a | cls.store_b
        cls.manager = new_test_user(
            cls.env,
            "exchange_hr_manager",
            groups="base.group_user,hr.group_hr_manager",
            company_id=cls.main_company.id,
            company_ids=[Command.set(mine.ids)],
        )
        cls.template = cls.env["dealer_org.org.template"].search([("code", "=", TEMPLATE)])

    def export(self, company, user=None, **values):
        wizard = (
            self.env["dealer_org.org.export"]
            .with_user(user or self.manager)
            .create({"company_id": company.id, **values})
        )
        wizard.action_export()
        self.assertEqual(wizard.state, "done")
        return wizard, base64.b64decode(wizard.data)

    def import_document(self, raw, user=None, filename="store-organisation.xml"):
        wizard = (
            self.env["dealer_org.org.import"]
            .with_user(user or self.manager)
            .create({"document": base64.b64encode(raw), "filename": filename})
        )
        action = wizard.action_import()
        return self.env["dealer_org.org.template"].browse(action["res_id"])

    def apply(self, template, company):
        wizard = (
            self.env["dealer_org.template.apply"]
            .with_user(self.manager)
            .create({"template_id": template.id, "company_ids": [Command.set(company.ids)]})
        )
        wizard.action_apply()
        return wizard


class TestOrgExchangeRoundTrip(ExchangeCase):
    def snapshot(self, company):
        """The company's organisation, by export code, in both languages."""
        self.env.invalidate_all()  # lines in their order, not in the order of creation
        env = self.env(context={"active_test": False})
        departments = env["hr.department"].search([("company_id", "=", company.id)])
        jobs = env["hr.job"].search([("company_id", "=", company.id)])
        dep_code, job_code = _codes(departments, "department"), _codes(jobs, "job")

        def both(record, name):
            return (self.en(record)[name] or False, self.zh(record)[name] or False)

        def kpi(k, weight=True):
            return (
                k.code,
                both(k, "name"),
                both(k, "description"),
                both(k, "unit"),
                both(k, "quote"),
                k.direction,
                k.minimum,
                k.target,
                k.maximum,
                k.weight if weight else None,
                k.period,
                k.source if weight else None,
                k.is_suggested,
                tuple(sorted(k.source_ids.mapped("code"))),
            )

        result = {}
        for dep in departments:
            result[("department", dep_code[dep.id])] = (
                both(dep, "name"),
                dep_code.get(dep.parent_id.id),
                tuple(both(f, "name") for f in dep.function_ids),
                tuple(kpi(t, weight=False) for t in dep.target_ids),
                tuple(sorted(dep.source_ids.mapped("code"))),
            )
        for job in jobs:
            result[("job", job_code[job.id])] = (
                both(job, "name"),
                dep_code.get(job.department_id.id),
                job_code.get(job.parent_id.id),
                job.headcount,
                both(job, "responsibility_summary"),
                job.is_inferred,
                tuple(sorted(job.source_ids.mapped("code"))),
                tuple(
                    (
                        both(d, "name"),
                        d.period,
                        d.weekday,
                        d.month_day,
                        d.period_month,
                        d.deadline_days,
                        d.checklist_item,
                        both(d, "event"),
                        d.is_adapted,
                        tuple(sorted(d.source_ids.mapped("code"))),
                    )
                    for d in job.duty_ids
                ),
                tuple(
                    (both(q, "name"), q.kind, tuple(sorted(q.source_ids.mapped("code"))))
                    for q in job.qualification_ids
                ),
                tuple(kpi(k) for k in job.kpi_ids),
            )
        return result

    def edit_as_hr(self, company):
        """What HR changes after applying the template."""
        Job = self.env["hr.job"].with_user(self.manager).with_company(company)
        jobs = Job.search([("company_id", "=", company.id)])
        consultant = jobs.filtered(lambda j: j.library_code == "sales_consultant")[:1]
        consultant.with_context(lang="en_US").name = "Product Genius"
        consultant.with_context(lang="zh_CN").name = "产品专家"
        consultant.headcount = 7
        consultant.write(
            {
                "duty_ids": [
                    Command.create(
                        {
                            "name": "Check the showroom cars every Monday",
                            "period": "weekly",
                            "weekday": "0",
                            "checklist_item": False,
                            "sequence": 999,
                        }
                    )
                ]
            }
        )
        weighted = jobs.filtered(lambda j: len(j.kpi_ids.filtered(lambda k: k.period == "monthly")) >= 2)[:1]
        self.assertTrue(weighted, "the template has a job with two monthly KPIs")
        monthly = weighted.kpi_ids.filtered(lambda k: k.period == "monthly")
        weights = [70.0, 30.0] + [0.0] * (len(monthly) - 2)
        weighted.write(
            {"kpi_ids": [Command.update(k.id, {"weight": w}) for k, w in zip(monthly, weights, strict=True)]}
        )
        root = self.env["hr.department"].search(
            [("company_id", "=", company.id), ("parent_id", "=", False)], limit=1
        )
        new_department = (
            self.env["hr.department"]
            .with_user(self.manager)
            .with_company(company)
            .create({"name": "Used Cars", "company_id": company.id, "parent_id": root.id})
        )
        new_department.with_context(lang="zh_CN").name = "二手车部"
        new_job = Job.create(
            {
                "name": "Used-car appraiser",
                "company_id": company.id,
                "department_id": new_department.id,
                "parent_id": consultant.id,
                "headcount": 2,
                "responsibility_summary": "Appraise trade-ins",
                "qualification_ids": [Command.create({"name": "Appraiser licence", "kind": "training"})],
            }
        )
        new_job.with_context(lang="zh_CN").name = "二手车评估师"
        return consultant, weighted, new_department, new_job

    def test_round_trip_gives_the_same_organisation(self):
        self.template._apply_to_company(self.store_a)
        _consultant, _weighted, _department, new_job = self.edit_as_hr(self.store_a)
        wizard, raw = self.export(self.store_a)
        self.assertEqual(wizard.filename, "Exchange_Store_A-organisation.xml")
        root = etree.fromstring(raw)
        self.assertEqual(list(schema_errors(root)), [], "the export is valid against the shipped XSD")
        self.assertEqual(len(root.findall("templates/template")), 1)
        self.assertIn("产品专家".encode(), raw)
        self.assertIn(f'code="job_{new_job.id}"'.encode(), raw, "HR's job gets a generated code")
        self.assertIn(b'code="sales_consultant"', raw, "library records keep their code")
        template = self.import_document(raw)
        self.assertTrue(template.is_imported)
        self.assertEqual(
            template.job_count, len(self.env["hr.job"].search([("company_id", "=", self.store_a.id)]))
        )
        self.assertIn("Product Genius", self.en(template).structure)
        self.assertIn("产品专家", self.zh(template).structure)
        self.apply(template, self.store_b)
        a, b = self.snapshot(self.store_a), self.snapshot(self.store_b)
        self.assertEqual(set(a), set(b))
        for key in a:
            self.assertEqual(a[key], b[key], key)
        # Spot checks of what HR changed.
        b_job = self.env["hr.job"].search(
            [("company_id", "=", self.store_b.id), ("library_code", "=", f"job_{new_job.id}")]
        )
        self.assertEqual(
            (self.zh(b_job).name, b_job.headcount, b_job.parent_id.name),
            ("二手车评估师", 2, "Product Genius"),
        )
        self.assertFalse(b_job.library_job_id, "HR's job is not in the catalogue")
        duty = b_job.parent_id.duty_ids[-1]
        self.assertEqual((duty.period, duty.weekday, duty.checklist_item), ("weekly", "0", False))
        # Re-applying creates nothing.
        counts = {
            m: self.env[m].search_count([("company_id", "=", self.store_b.id)])
            for m in ("hr.department", "hr.job", "dealer_org.job.duty", "dealer_org.kpi")
        }
        wizard = self.apply(template, self.store_b)
        self.assertIn("nothing was missing", wizard.summary)
        for model, count in counts.items():
            self.assertEqual(
                self.env[model].search_count([("company_id", "=", self.store_b.id)]), count, model
            )
        # The imported template's document downloads again, unchanged.
        action = template.with_user(self.manager).action_download_document()
        self.assertIn(f"/web/content/dealer_org.org.template/{template.id}/document/", action["url"])
        self.assertEqual(base64.b64decode(template.document), raw)

    def test_export_selected_departments(self):
        self.template._apply_to_company(self.store_a)
        sales = self.env["hr.department"].search(
            [("company_id", "=", self.store_a.id), ("library_code", "=", "sales")], limit=1
        )
        self.assertTrue(sales)
        wizard = (
            self.env["dealer_org.org.export"]
            .with_user(self.manager)
            .with_context(active_model="hr.department", active_ids=sales.ids)
            .create({})
        )
        self.assertEqual(wizard.company_id, self.store_a)
        self.assertEqual(wizard.department_ids, sales)
        wizard.action_export()
        root = etree.fromstring(base64.b64decode(wizard.data))
        self.assertEqual([d.get("code") for d in root.iterfind("departments/department")], ["sales"])
        jobs = self.env["hr.job"].search([("department_id", "=", sales.id)])
        self.assertEqual(len(root.findall("jobs/job")), len(jobs))

    def test_the_wizards_are_offered_where_hr_looks(self):
        """Export from the company form, the department and job lists' action menus and the
        configuration menu; import from the configuration menu (HR managers)."""
        for xmlid, model in (
            ("dealer_org.dealer_org_org_export_action_department", "hr.department"),
            ("dealer_org.dealer_org_org_export_action_job", "hr.job"),
        ):
            action = self.env.ref(xmlid)
            self.assertEqual((action.binding_model_id.model, action.binding_view_types), (model, "list"))
            self.assertEqual(action.name, "Export organisation (XML)")
        export_menu = self.env.ref("dealer_org.dealer_org_org_export_menu")
        import_menu = self.env.ref("dealer_org.dealer_org_org_import_menu")
        self.assertEqual(export_menu.parent_id, self.env.ref("dealer_org.dealer_org_menu_config"))
        self.assertEqual(import_menu.groups_id, self.env.ref("hr.group_hr_manager"))
        company_form = self.env["res.company"].get_view(self.env.ref("base.view_company_form").id)["arch"]
        action_id = self.env.ref("dealer_org.dealer_org_org_export_action").id
        self.assertIn(f'name="{action_id}"', company_form)

    def test_good_document_imports_and_applies(self):
        template = self.import_document(GOOD.encode())
        self.assertEqual(
            (template.code, template.job_count, template.department_count), ("imported_store", 3, 2)
        )
        self.assertEqual(self.zh(template).name, "导入的门店")
        source = self.env["dealer_org.source"].search([("code", "=", "x01")])
        self.assertEqual(self.zh(source).name, "门店手册", "an unknown source is created with its titles")
        self.apply(template, self.store_b)
        jobs = self.env["hr.job"].search([("company_id", "=", self.store_b.id)])
        manager = jobs.filtered(lambda j: j.library_code == "job_sm")
        self.assertEqual(self.zh(manager).name, "销售经理")
        self.assertEqual(manager.kpi_ids.mapped("weight"), [60.0, 40.0])
        self.assertEqual(manager.duty_ids.checklist_item, False)
        self.assertEqual(manager.department_id.target_ids.code, "SALES_TARGET")
        self.assertEqual(manager.department_id.function_ids.name, "Sell cars")
        self.assertEqual(jobs.filtered(lambda j: j.library_code == "job_sc").parent_id, manager)


class TestOrgExchangeBadFiles(ExchangeCase):
    """Each kind of bad file: its own error, with the element and line, and nothing written."""

    def counts(self):
        env = self.env(context={"active_test": False})
        return {
            model: env[model].search_count([])
            for model in ("dealer_org.org.template", "dealer_org.source", "hr.department", "hr.job")
        }

    def refuse(self, raw, *fragments):
        if isinstance(raw, str):
            raw = raw.encode()
        before = self.counts()
        with self.assertRaises(UserError) as caught:
            self.import_document(raw)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(str(fragment), message)
        self.assertEqual(self.counts(), before, "nothing is written")
        return message

    def bad(self, old, new, count=1):
        self.assertEqual(GOOD.count(old), count, old)
        return GOOD.replace(old, new)

    def test_not_xml(self):
        self.refuse(b"this is not XML at all", "Line 1, column 1", "not well-formed XML")

    def test_empty_file(self):
        self.refuse(b"   \n", "The file is empty")

    def test_wrong_root(self):
        doc = GOOD.replace("<library ", "<organisation ").replace("</library>", "</organisation>")
        self.refuse(doc, "Line 2", "root element is <organisation>")

    def test_wrong_namespace(self):
        self.refuse(self.bad("<library ", '<library xmlns="urn:other" '), "Line 2", "namespace urn:other")

    def test_wrong_version(self):
        self.refuse(self.bad('version="1"', 'version="2"'), "Line 2", "version 2", "reads version 1")

    def test_a_library_is_not_an_organisation(self):
        self.refuse(self.bad(' kind="organisation"', ""), "Line 2", 'kind="organisation"')

    def test_missing_required_attribute(self):
        doc = self.bad(' kind="education"', "")
        self.refuse(doc, at(doc, "<qualification"), "<qualification>", "kind")

    def test_unknown_element(self):
        doc = self.bad('<job code="job_gm" sources="x01">', '<job code="job_gm" sources="x01"><colour/>')
        self.refuse(doc, at(doc, "<colour"), '<job code="job_gm">', "colour", "dealer_org_library.xsd")

    def test_bad_enum_value(self):
        doc = self.bad('period="weekly"', 'period="fortnightly"')
        self.refuse(doc, at(doc, "fortnightly"), "fortnightly")

    def test_non_numeric_weight(self):
        doc = self.bad('weight="60"', 'weight="sixty"')
        self.refuse(doc, at(doc, "sixty"), '<kpi code="UNITS">', "sixty")

    def test_unknown_department_reference(self):
        doc = self.bad(
            '<department ref="dep_sales" parent="dep_gm"/>', '<department ref="dep_parts" parent="dep_gm"/>'
        )
        self.refuse(doc, at(doc, "dep_parts"), "department dep_parts", "<departments>")

    def test_unknown_job_reference(self):
        doc = self.bad('<job ref="job_sc"', '<job ref="job_ghost"')
        self.refuse(doc, at(doc, "job_ghost"), "job job_ghost", "<jobs>")

    def test_unknown_source(self):
        doc = self.bad('<job code="job_sc" sources="x01">', '<job code="job_sc" sources="x01 zz9">')
        self.refuse(doc, at(doc, "zz9"), "source zz9", "<sources>")

    def test_department_cycle(self):
        doc = self.bad('<department ref="dep_gm"/>', '<department ref="dep_gm" parent="dep_sales"/>')
        self.refuse(doc, "department hierarchy has a cycle", "Line ")

    def test_reporting_line_cycle(self):
        doc = self.bad(
            '<job ref="job_gm" department="dep_gm" headcount="1"/>',
            '<job ref="job_gm" department="dep_gm" superior="job_sc" headcount="1"/>',
        )
        self.refuse(doc, "reporting lines have a cycle", "Line ")

    def test_job_reports_to_itself(self):
        doc = self.bad('superior="job_sm" headcount="4"', 'superior="job_sc" headcount="4"')
        self.refuse(doc, at(doc, 'superior="job_sc"'), "job job_sc reports to itself")

    def test_duplicate_department_code(self):
        doc = self.bad('<department code="dep_sales"', '<department code="dep_gm"')
        self.refuse(
            doc, at(doc, '<department code="dep_gm" sources="x01">\n'), "department code dep_gm is used twice"
        )

    def test_duplicate_job_code(self):
        doc = self.bad('<job code="job_sc"', '<job code="job_gm"')
        self.refuse(doc, "job code job_gm is used twice", f"first on line {line_of(doc, '<job code=')}")

    def test_duplicate_kpi_code(self):
        doc = self.bad('<kpi code="CSI"', '<kpi code="UNITS"')
        self.refuse(doc, "KPI code UNITS is used twice", at(doc, 'weight="40"'))

    def test_weights_not_100(self):
        doc = self.bad('weight="40"', 'weight="30"')
        self.refuse(doc, at(doc, '<job code="job_sm"'), "add up to 90.0, not 100")

    def test_minimum_above_target(self):
        doc = self.bad('minimum="20" target="30"', 'minimum="35" target="30"')
        self.refuse(doc, at(doc, 'minimum="35"'), "minimum ≤ target ≤ maximum", "35")

    def test_duty_settings_that_do_not_fit(self):
        doc = self.bad('period="weekly" weekday="0"', 'period="monthly" weekday="0"')
        self.refuse(doc, at(doc, 'period="monthly" weekday'), "weekday is set")

    def test_job_in_a_department_outside_the_template(self):
        doc = self.bad('<job ref="job_gm" department="dep_gm"', '<job ref="job_gm" department="dep_hr"')
        self.refuse(doc, "department dep_hr, which is not in the template")

    def test_template_code_collides(self):
        self.refuse(
            self.bad('template code="imported_store"', f'template code="{TEMPLATE}"'),
            f"template code {TEMPLATE}",
            "already used",
        )

    def test_two_templates(self):
        start, end = GOOD.index("<template "), GOOD.index("</template>") + len("</template>")
        second = GOOD[start:end].replace("imported_store", "imported_store_2")
        self.refuse(GOOD[:end] + second + GOOD[end:], "holds 2 templates", "exactly one")

    def test_no_template(self):
        start, end = GOOD.index("<template "), GOOD.index("</template>") + len("</template>")
        self.refuse(GOOD[:start] + GOOD[end:], "<templates>", "dealer_org_library.xsd")

    def test_oversize(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_org.org_exchange_max_bytes", "1000")
        self.refuse(GOOD, f"{len(GOOD.encode())} bytes", "1000 bytes", "dealer_org.org_exchange_max_bytes")

    def test_billion_laughs(self):
        entities = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
        )
        doc = GOOD.replace("<library ", f"<!DOCTYPE library [{entities}]>\n<library ").replace(
            "<en>Management</en>", "<en>&lol9;</en>"
        )
        self.refuse(doc, "Line 2, column 1", "<!DOCTYPE", "remove the declaration")

    def test_external_entity(self):
        doc = GOOD.replace(
            "<library ", '<!DOCTYPE library [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<library '
        ).replace("<en>Management</en>", "<en>&xxe;</en>")
        message = self.refuse(doc, "Line 2, column 1", "<!DOCTYPE")
        self.assertNotIn("root:", message)

    def test_external_dtd(self):
        doc = GOOD.replace(
            "<library ", '<!DOCTYPE library SYSTEM "http://127.0.0.1:1/library.dtd">\n<library '
        )
        self.refuse(doc, "Line 2, column 1", "<!DOCTYPE")

    def test_entity_declared_without_doctype_marker(self):
        self.refuse(
            GOOD.replace("<en>Management</en>", "<en>&undefined;</en>"), "not well-formed XML", "column"
        )

    def test_xinclude(self):
        doc = self.bad(
            '<job code="job_gm" sources="x01">',
            '<job code="job_gm" sources="x01"><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            'href="file:///etc/passwd" parse="text"/>',
        )
        self.refuse(doc, at(doc, "<xi:include"), "XInclude", "<include>")

    def test_not_utf8(self):
        raw = GOOD.encode().replace(b"Management", "Direction g\xe9n\xe9rale".encode("latin-1"))
        self.refuse(raw, at(GOOD, "Management"), "not UTF-8")

    def test_declared_other_encoding(self):
        doc = self.bad('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        ascii_doc = "".join(c if ord(c) < 128 else "x" for c in doc)
        self.refuse(ascii_doc.encode(), "ISO-8859-1")

    def test_the_good_document_is_accepted(self):
        """The files above differ from this one by their mistake only."""
        self.assertTrue(self.import_document(GOOD.encode()))

"""The Chinese translation: every term of dealer_org.pot has Chinese in zh_CN.po; every library
job, department, duty, qualification and function is in the .po with the document's own Chinese
text; loading zh_CN translates fields, menus, views and records as the documents name them."""

import os

import polib

from odoo.addons.dealer_org.tools.library import load_library

from .common import DealerOrgCase

I18N = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n")


class TestChineseTranslation(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot = polib.pofile(os.path.join(I18N, "dealer_org.pot"))
        cls.po = polib.pofile(os.path.join(I18N, "zh_CN.po"))

    def test_every_term_has_chinese(self):
        translated = {e.msgid for e in self.po if e.msgstr}
        missing = [e.msgid for e in self.pot if e.msgid not in translated]
        self.assertFalse(missing, f"terms without Chinese in zh_CN.po: {missing[:10]}")

    def test_every_library_record_is_in_the_po_with_its_document_text(self):
        library = load_library()
        msgstr = {e.msgid: e.msgstr for e in self.po}
        for job in library.jobs.values():
            self.assertEqual(msgstr.get(job.name.en), job.name.zh, job.code)
            for line in job.duties + job.qualifications:
                self.assertEqual(msgstr.get(line.text.en), line.text.zh, job.code)
        for department in library.departments.values():
            self.assertEqual(msgstr.get(department.name.en), department.name.zh, department.code)
            for line in department.functions:
                self.assertEqual(msgstr.get(line.text.en), line.text.zh, department.code)

    def test_loading_chinese_translates_the_interface_and_keeps_the_documents_text(self):
        self.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        field = self.env["ir.model.fields"]._get("hr.job", "headcount")
        self.assertEqual(field.with_context(lang="zh_CN").field_description, "编制")
        self.assertEqual(self.zh(self.env.ref("dealer_org.dep_aftersales")).name, "售后服务部")
        self.assertEqual(self.zh(self.env.ref("dealer_org.library_job_seed_trainer")).name, "种子讲师")
        self.assertEqual(self.zh(self.env.ref("dealer_org.dealer_org_menu_config")).name, "经销商组织架构")
        view = self.env["hr.job"].with_context(lang="zh_CN").get_view(view_type="form")
        self.assertIn("岗位职责", view["arch"])
        self.assertIn("任职要求", view["arch"])

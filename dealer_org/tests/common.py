from odoo.tests.common import TransactionCase

from odoo.addons.dealer_org.tools.library import load_library


class DealerOrgCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.library = load_library()
        cls.main_company = cls.env.ref("base.main_company")
        cls.env["res.lang"]._activate_lang("zh_CN")

    @classmethod
    def zh(cls, records):
        return records.with_context(lang="zh_CN")

    @classmethod
    def en(cls, records):
        return records.with_context(lang="en_US")

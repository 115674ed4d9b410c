"""In a real browser: HTML the module shows never runs a stored script (issue 16).

The module's HTML fields are the template application's preview and summary and the
template's structure outline. Each page is opened with a payload stored where a user (or a
bypass of the rules) could put one: the summary itself (written as superuser, as if the
write refusal were gone), a company named with markup (in the preview) and an imported
organisation whose department is named with markup (in the structure). The payload sets a
window flag when it runs; the flag must stay unset.
"""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .test_org_exchange import GOOD

PAYLOAD = '<img src="x" onerror="window.dealerOrgXss = 1"/>'
ESCAPED = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@tagged("post_install", "-at_install")
class TestHtmlSanitizeTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create({"name": f"Store {PAYLOAD}"})
        cls.viewer = new_test_user(
            cls.env,
            "html_tour_manager",
            groups="base.group_user,hr.group_hr_manager",
            company_id=main.id,
            company_ids=[Command.set((main | cls.store).ids)],
        )

    def test_stored_payloads_do_not_run(self):
        """static/tests/tours/html_sanitize_tour.js opens the three records as the viewer."""
        companies = self.env.ref("base.main_company") | self.store
        Apply = (
            self.env["dealer_org.template.apply"]
            .with_user(self.viewer)
            .with_context(allowed_company_ids=companies.ids)
        )
        done = Apply.create({"company_ids": [Command.set(companies.ids)]})
        # Written as superuser, as if the refusal of client writes were gone.
        done.sudo().write({"state": "done", "summary": f"<p>Applied</p>{PAYLOAD}"})
        Apply.create({"company_ids": [Command.set(companies.ids)]})
        document = GOOD.replace("<en>Management</en>", f"<en>Management {ESCAPED}</en>", 1)
        self.assertNotEqual(document, GOOD)
        self.env["dealer_org.org.template"].with_user(self.viewer)._import_organisation(document.encode())
        self.start_tour("/odoo", "dealer_org_html_sanitize_tour", login=self.viewer.login)

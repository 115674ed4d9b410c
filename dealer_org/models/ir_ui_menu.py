from odoo import models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    def _load_menus_blacklist(self):
        """The Checklists app is for users who are an employee; My Team's Checklists for
        those who manage someone (as hr hides Departments from non-managers)."""
        res = super()._load_menus_blacklist()
        user = self.env.user
        hidden = []
        if not user.employee_ids:
            hidden.append("dealer_org.dealer_org_checklist_menu_root")
        if not self.env["dealer_org.checklist"]._is_team_manager(user):
            hidden.append("dealer_org.dealer_org_checklist_menu_team")
        for xmlid in hidden:
            menu = self.env.ref(xmlid, raise_if_not_found=False)
            if menu:
                res.append(menu.id)
        return res

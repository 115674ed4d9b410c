from odoo import api, models

APP = "dealer_org.dealer_org_checklist_menu_root"
TEAM = "dealer_org.dealer_org_checklist_menu_team"
# What decides who manages whom (dealer_org.checklist._is_team_manager): when it changes,
# the menus cached per user (ir.ui.menu.load_menus) are recomputed, once the change is
# committed (clearing the caches in the middle of the transaction would recompute the
# record rules there, flushing early).
EMPLOYEE_TEAM_FIELDS = {"parent_id", "department_id", "user_id", "active", "company_id"}


def _clear_menus_on_commit(env):
    env.cr.postcommit.add(env.registry.clear_cache)


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def get_user_roots(self):
        """The Checklists app is for users who are an employee (who have checklists)."""
        roots = super().get_user_roots()
        if not self.env.user.employee_ids:
            roots -= self.env.ref(APP, raise_if_not_found=False) or self.browse()
        return roots

    def _load_menus_blacklist(self):
        """My Team's Checklists only for users who manage someone (as hr hides Departments
        from non-managers); the Checklists app's menus only for employees."""
        res = super()._load_menus_blacklist()
        user = self.env.user
        app = self.env.ref(APP, raise_if_not_found=False)
        team = self.env.ref(TEAM, raise_if_not_found=False)
        if app and not user.employee_ids:
            res += self.search([("id", "child_of", app.id)]).ids
        elif team and not self.env["dealer_org.checklist"]._is_team_manager(user):
            res.append(team.id)
        return res


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        _clear_menus_on_commit(self.env)  # a new employee or manager: their menus
        return employees

    def write(self, vals):
        res = super().write(vals)
        if EMPLOYEE_TEAM_FIELDS & set(vals):
            _clear_menus_on_commit(self.env)
        return res

    def unlink(self):
        res = super().unlink()
        _clear_menus_on_commit(self.env)
        return res


class HrDepartment(models.Model):
    _inherit = "hr.department"

    def write(self, vals):
        res = super().write(vals)
        if "manager_id" in vals or "active" in vals:
            _clear_menus_on_commit(self.env)
        return res

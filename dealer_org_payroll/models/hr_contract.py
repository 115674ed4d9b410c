from odoo import models


class HrContract(models.Model):
    _inherit = "hr.contract"

    def _get_employee_vals_to_update(self):
        """Opening a contract writes the contract's department on the employee, which makes Odoo
        recompute the employee's manager (parent_id) from the department's manager even when the
        department does not change: HR's reporting lines, which decide who sees and evaluates
        whose checklists and KPIs, were replaced by department managers. Only a real change of
        department is written (as core already does for the job position)."""
        vals = super()._get_employee_vals_to_update()
        if vals.get("department_id") == self.employee_id.department_id.id:
            del vals["department_id"]
        return vals

from odoo import models


class HrSalaryRule(models.Model):
    _inherit = "hr.salary.rule"

    def _reset_localdict_values(self, localdict):
        """Before each rule: whether this rule reads ``payroll.kpi`` starts unknown."""
        localdict = super()._reset_localdict_values(localdict)
        payroll = localdict.get("payroll")
        kpi = payroll.dict.get("kpi") if payroll is not None and hasattr(payroll, "dict") else None
        if kpi is not None and "read_by_rule" in kpi.__dict__:
            kpi.__dict__["read_by_rule"] = False
        return localdict

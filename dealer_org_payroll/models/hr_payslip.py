from odoo import models

from odoo.addons.payroll.models.base_browsable import BaseBrowsableObject


class HrPayslip(models.Model):
    _inherit = "hr.payslip"

    def get_payroll_dict(self, contracts):
        """Salary rules read the KPI result of the payslip's period as ``payroll.kpi``:
        ``found``, ``score``, ``grade`` and ``coefficient`` of the approved (or locked) KPI
        evaluation covering the payslip's dates. Without one, ``found`` is false and the
        coefficient is the neutral 1.0."""
        res = super().get_payroll_dict(contracts)
        result = self.employee_id._get_kpi_result(self.date_from, self.date_to) if self.employee_id else None
        res["kpi"] = BaseBrowsableObject(
            {
                "found": bool(result),
                "score": result["score"] if result else 0.0,
                "grade": (result["grade"] or "") if result else "",
                "coefficient": result["coefficient"] if result else 1.0,
                "evaluation_id": result["evaluation_id"] if result else False,
            }
        )
        return res

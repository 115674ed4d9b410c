from odoo import models
from odoo.exceptions import AccessError


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    def action_print_job_description(self):
        """An employee prints the 岗位说明书 of their own position (report.dealer_org.report_hr_job
        lets them print that job, and only that one)."""
        self.ensure_one()
        if self.user_id != self.env.user or not self.job_id:
            raise AccessError(
                self.env._(
                    "You may print the job description of your own position only; HR officers print "
                    "the others."
                )
            )
        report = self.env.ref("dealer_org.action_report_hr_job").sudo()
        return report.report_action(self.job_id.ids, config=False)

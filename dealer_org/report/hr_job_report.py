from odoo import api, models
from odoo.exceptions import AccessError


class ReportHrJob(models.AbstractModel):
    """岗位说明书 of chosen jobs: HR officers print the jobs of their companies; an employee
    prints the description of their own position (the button on their employee page), and any
    other job is refused with a message, before anything renders (no traceback, no 500)."""

    _name = "report.dealer_org.report_hr_job"
    _description = "Job Description Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        jobs = self._printable_jobs(self.env["hr.job"].browse(docids))
        return {"doc_ids": jobs.ids, "doc_model": "hr.job", "docs": jobs, "data": data}

    @api.model
    def _printable_jobs(self, jobs):
        if self.env.su or self.env.user.has_group("hr.group_hr_user"):
            jobs.check_access("read")
            return jobs
        own = self.env.user.sudo().employee_ids.job_id
        if jobs and jobs <= own:
            return jobs.sudo()  # an employee's own job: its description, every section of it
        raise AccessError(
            self.env._(
                "You may print the job description of your own position only; HR officers print "
                "the others."
            )
        )


class ReportHrJobBranch(models.AbstractModel):
    """A job with every position reporting to it (the job hierarchy's cards): HR officers."""

    _name = "report.dealer_org.report_hr_job_branch"
    _description = "Job Descriptions of a Branch Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        jobs = self.env["hr.job"].browse(docids)
        _check_hr_officer(self.env)
        jobs.check_access("read")
        return {"doc_ids": jobs.ids, "doc_model": "hr.job", "docs": jobs, "data": data}


class ReportHrDepartmentJobs(models.AbstractModel):
    """Every job of a department: HR officers."""

    _name = "report.dealer_org.report_hr_department_jobs"
    _description = "Job Descriptions of a Department Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        departments = self.env["hr.department"].browse(docids)
        _check_hr_officer(self.env)
        departments.check_access("read")
        departments.jobs_ids.check_access("read")
        return {"doc_ids": departments.ids, "doc_model": "hr.department", "docs": departments, "data": data}


def _check_hr_officer(env):
    if not env.su and not env.user.has_group("hr.group_hr_user"):
        raise AccessError(
            env._(
                "Only HR officers print the job descriptions of a department or of a branch of the "
                "job hierarchy; employees print their own position's from their employee page."
            )
        )

from datetime import date, timedelta

from odoo.tests import new_test_user

from .common import DealerOrgCase

# A Monday in the past (every checklist of it is overdue by now) and one far ahead.
PAST_MONDAY = date(2024, 5, 6)
FUTURE_MONDAY = date(2099, 5, 4)


class ChecklistCase(DealerOrgCase):
    """A store with a job whose duties cover every period, and its staff:
    supervisor (user) > consultant (user), consultant 2 (user) in the same department,
    a department manager (user), an HR officer, and an employee in Beijing time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Duty = cls.env["dealer_org.job.duty"]
        cls.department = cls.env["hr.department"].create({"name": "Checklist Showroom"})
        cls.job = cls.env["hr.job"].create(
            {"name": "Checklist Consultant", "department_id": cls.department.id}
        )
        duty = {"job_id": cls.job.id}
        cls.duty_daily = Duty.create(
            dict(duty, sequence=1, name="Attend the morning meeting", period="daily")
        )
        cls.duty_daily_2 = Duty.create(dict(duty, sequence=2, name="Clean the display cars", period="daily"))
        cls.duty_weekly = Duty.create(
            dict(duty, sequence=3, name="Weekly report", period="weekly", weekday="4")
        )
        cls.duty_monthly = Duty.create(
            dict(duty, sequence=4, name="Report the training plan", period="monthly", month_day=5)
        )
        cls.duty_quarterly = Duty.create(
            dict(duty, sequence=5, name="Stock count", period="quarterly", period_month=2, month_day=10)
        )
        cls.duty_yearly = Duty.create(dict(duty, sequence=6, name="Annual plan", period="yearly"))
        cls.duty_general = Duty.create(dict(duty, sequence=7, name="Serve customers well", period="none"))
        cls.duty_event = Duty.create(
            dict(duty, sequence=8, name="Call back after delivery", period="event", deadline_days=3)
        )
        cls.duty_daily.with_context(lang="zh_CN").update_field_translations(
            "name", {"zh_CN": "参加晨会、夕会"}
        )
        cls.plain_job = cls.env["hr.job"].create(
            {
                "name": "Checklist Cleaner",
                "duty_ids": [(0, 0, {"name": "Keep the showroom clean", "period": "none"})],
            }
        )

        groups = "base.group_user"
        cls.supervisor_user = new_test_user(cls.env, "cl_supervisor", groups=groups, tz="Asia/Shanghai")
        cls.consultant_user = new_test_user(cls.env, "cl_consultant", groups=groups, tz="Asia/Shanghai")
        cls.consultant2_user = new_test_user(cls.env, "cl_consultant2", groups=groups, tz="Asia/Shanghai")
        cls.dept_manager_user = new_test_user(cls.env, "cl_dept_manager", groups=groups, tz="Asia/Shanghai")
        cls.hr_officer = new_test_user(cls.env, "cl_hr_officer", groups="base.group_user,hr.group_hr_user")

        Employee = cls.env["hr.employee"]
        cls.dept_manager = Employee.create(
            {"name": "Department Head", "user_id": cls.dept_manager_user.id, "tz": "Asia/Shanghai"}
        )
        cls.department.manager_id = cls.dept_manager
        cls.supervisor = Employee.create(
            {
                "name": "Showroom Supervisor",
                "user_id": cls.supervisor_user.id,
                "job_id": cls.job.id,
                "tz": "Asia/Shanghai",
            }
        )
        common = {"job_id": cls.job.id, "department_id": cls.department.id, "tz": "Asia/Shanghai"}
        cls.consultant = Employee.create(
            dict(common, name="Consultant One", user_id=cls.consultant_user.id, parent_id=cls.supervisor.id)
        )
        cls.consultant2 = Employee.create(
            dict(
                common, name="Consultant Two", user_id=cls.consultant2_user.id, parent_id=cls.dept_manager.id
            )
        )
        cls.utc_consultant = Employee.create(dict(common, name="Consultant Abroad", tz="UTC"))
        cls.staff = cls.supervisor | cls.consultant | cls.consultant2 | cls.utc_consultant
        cls.Checklist = cls.env["dealer_org.checklist"]

    def generate(self, employees=None, **kwargs):
        return self.Checklist._generate_checklists(
            employees=self.staff if employees is None else employees, **kwargs
        )

    def age(self, checklists, days=1):
        """Pretend ``checklists`` were created ``days`` days ago: a checklist is never overdue
        on the day it is created, even when generated after its deadline."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dealer_org_checklist SET create_date = create_date - %s WHERE id = ANY(%s)",
            [timedelta(days=days), checklists.ids],
        )
        checklists.invalidate_recordset(["create_date"])

    def checklist(self, checklists, employee, period_type):
        found = checklists.filtered(lambda c: c.employee_id == employee and c.period_type == period_type)
        self.assertEqual(len(found), 1, f"one {period_type} checklist of {employee.name} expected")
        return found

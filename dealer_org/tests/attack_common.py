"""The adversarial suite's fixture and its one assertion (used by tests/test_attacks_*.py).

Every attack is made the way any client reaches Odoo: a real user of one role logs in and
sends a JSON-RPC request to ``/web/dataset/call_kw`` with arguments and context of their
choosing (any context key, forged ``allowed_company_ids``, bare ``NaN`` tokens in the body).
``attack()`` then asserts both halves of a refusal:

* the response carries an error of an expected type (``odoo.exceptions.AccessError``,
  ``UserError``, ``ValidationError`` …: a message for the user, never a ValueError,
  a psycopg2 error or another traceback), and its message when one is given;
* the database did not change: the rows of every table the suite guards, read as the
  superuser before and after the request, are identical (a refusal that still wrote
  something, or a silent "success" that did nothing visible, both fail).

The roles, all real users with an employee (see docs/security.md):

========================  ==================================================================
``employee``              plain employee, no rights (consultant, manager below)
``peer``                  same team and manager as ``employee``, no rights
``manager``               ``employee``'s and ``peer``'s manager (hr.employee.parent_id)
``dept_manager``          manager of their department (hr.department.manager_id)
``hr_officer``            hr.group_hr_user of company A, evaluated in the same department
``hr_manager``            hr.group_hr_manager of company A only, no e-mail address, evaluated
``hr_manager_all``        hr.group_hr_manager allowed in every company
``officer_b``             hr.group_hr_user of company B only
``approver``              HR officer of A and B who sets the fixture's states up
========================  ==================================================================

Evaluations (job "Attack Consultant", 2 monthly KPIs, 60 % / 40 %): March 2021 draft,
January 2021 approved and February 2021 locked for everyone with the job in company A;
company B's employee has a January 2021 approved one.
"""

import json
import os
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

# Where to list every refusal (what was tried, the error's type and message) for review.
REFUSAL_LOG = os.environ.get("DEALER_ORG_ATTACK_LOG")

ACCESS = "odoo.exceptions.AccessError"
USER = "odoo.exceptions.UserError"
VALIDATION = "odoo.exceptions.ValidationError"
MISSING = "odoo.exceptions.MissingError"
# What a refused request may answer: a message for the user, nothing else.
REFUSALS = (ACCESS, USER, VALIDATION, MISSING)

DRAFT_PERIOD = date(2021, 3, 1)
APPROVED_PERIOD = date(2021, 1, 1)
LOCKED_PERIOD = date(2021, 2, 1)
CHECKLIST_OPEN_DAY = date(2021, 3, 3)
CHECKLIST_DONE_DAY = date(2021, 3, 4)

# The tables whose rows must not change when an attack is refused (id-keyed), and the
# relation tables without an id (keyed by their whole row).
GUARDED_TABLES = [
    "dealer_org_kpi_evaluation",
    "dealer_org_kpi_evaluation_line",
    "dealer_org_kpi_grade",
    "dealer_org_kpi",
    "dealer_org_department_kpi",
    "dealer_org_job_duty",
    "dealer_org_checklist",
    "dealer_org_checklist_line",
    "hr_department",
    "hr_employee",
    "hr_job",
    "res_users",
]
GUARDED_RELATIONS = ["res_groups_users_rel", "res_company_users_rel"]
# Bookkeeping columns a refused request may not touch either, but which some reads update.
IGNORED_COLUMNS = set()


class StrictJSONError(AssertionError):
    pass


def _refuse_constant(token):
    raise StrictJSONError(f"the response is not valid JSON: it carries a bare {token} token")


@tagged("post_install", "-at_install")
class AttackCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.company_a = env.ref("base.main_company")
        cls.company_b = env["res.company"].create({"name": "Attack Group B"})
        a, b = cls.company_a, cls.company_b

        def user(login, groups="base.group_user", companies=a, **kwargs):
            return new_test_user(
                env,
                login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
                **kwargs,
            )

        hr_user, hr_manager = "base.group_user,hr.group_hr_user", "base.group_user,hr.group_hr_manager"
        cls.employee_user = user("atk_employee")
        cls.peer_user = user("atk_peer")
        cls.manager_user = user("atk_manager")
        cls.dept_manager_user = user("atk_dept_manager")
        cls.hr_officer = user("atk_hr_officer", hr_user)
        cls.hr_manager = user("atk_hr_manager", hr_manager, email=False)
        cls.hr_manager_all = user("atk_hr_manager_all", hr_manager, env["res.company"].search([]))
        cls.officer_b = user("atk_officer_b", hr_user, b)
        cls.approver = user("atk_approver", hr_user, a | b)
        cls.hr_manager.partner_id.email = False

        cls.department = env["hr.department"].create({"name": "Attack Showroom", "company_id": a.id})
        cls.other_department = env["hr.department"].create({"name": "Attack Workshop", "company_id": a.id})
        kpi = {"minimum": 60, "target": 100, "maximum": 130}
        cls.job = env["hr.job"].create(
            {
                "name": "Attack Consultant",
                "company_id": a.id,
                "department_id": cls.department.id,
                "kpi_ids": [
                    Command.create({"name": "Sales", "code": "SALES", "weight": 60, "sequence": 1, **kpi}),
                    Command.create(
                        {
                            "name": "Complaints",
                            "code": "COMPLAINTS",
                            "direction": "lower",
                            "minimum": 0,
                            "target": 2,
                            "maximum": 6,
                            "weight": 40,
                            "sequence": 2,
                        }
                    ),
                ],
                "duty_ids": [
                    Command.create({"name": "Open the showroom", "period": "daily", "sequence": 1}),
                    Command.create({"name": "Check the display cars", "period": "daily", "sequence": 2}),
                ],
            }
        )
        cls.empty_job = env["hr.job"].create({"name": "Attack Nobody Holds This Job", "company_id": a.id})
        Employee = env["hr.employee"]
        common = {"company_id": a.id, "department_id": cls.department.id, "job_id": cls.job.id}
        cls.manager = Employee.create(
            {"name": "Attack Manager", "user_id": cls.manager_user.id, "company_id": a.id}
        )
        cls.dept_manager = Employee.create(dict(common, name="Attack Head", user_id=cls.dept_manager_user.id))
        cls.department.manager_id = cls.dept_manager
        cls.employee = Employee.create(
            dict(common, name="Attack Employee", user_id=cls.employee_user.id, parent_id=cls.manager.id)
        )
        cls.peer = Employee.create(
            dict(common, name="Attack Peer", user_id=cls.peer_user.id, parent_id=cls.manager.id)
        )
        cls.hr_officer_employee = Employee.create(
            dict(common, name="Attack HR Officer", user_id=cls.hr_officer.id, parent_id=cls.manager.id)
        )
        cls.hr_manager_employee = Employee.create(
            dict(common, name="Attack HR Manager", user_id=cls.hr_manager.id, parent_id=cls.manager.id)
        )
        # Nobody reports to a department's manager by parent_id: changing the manager of
        # a department then writes no employee (which a plain employee may not do), so
        # the department's own fields are what is tested.
        cls.outsider = Employee.create(
            {
                "name": "Attack Outsider",
                "company_id": a.id,
                "department_id": cls.other_department.id,
                "parent_id": cls.hr_manager_employee.id,
            }
        )

        cls.job_b = env["hr.job"].create(
            {
                "name": "Attack B Consultant",
                "company_id": b.id,
                "kpi_ids": [Command.create({"name": "Sales", "code": "SALES", "weight": 100, **kpi})],
            }
        )
        cls.employee_b = Employee.create(
            {"name": "Attack Secret B Employee", "company_id": b.id, "job_id": cls.job_b.id}
        )
        cls.grade_b = env["dealer_org.kpi.grade"].create(
            [
                {"company_id": b.id, "min_score": 0, "grade": "Z", "coefficient": 0.4},
                {"company_id": b.id, "min_score": 80, "grade": "Y", "coefficient": 1.1},
            ]
        )

        Evaluation = env["dealer_org.kpi.evaluation"]
        draft = Evaluation._generate("monthly", DRAFT_PERIOD, a, cls.department)
        approved = Evaluation._generate("monthly", APPROVED_PERIOD, a, cls.department)
        locked = Evaluation._generate("monthly", LOCKED_PERIOD, a, cls.department)
        approved_b = Evaluation._generate("monthly", APPROVED_PERIOD, b)
        for evaluation in approved | locked | approved_b:
            for line in evaluation.line_ids:
                line.actual = line.target
        as_approver = cls.approver.with_context(allowed_company_ids=(a | b).ids)
        (approved | locked | approved_b).with_user(as_approver).action_approve()
        locked.with_user(as_approver).action_lock()
        cls.draft, cls.approved, cls.locked, cls.approved_b = draft, approved, locked, approved_b

        def of(evaluations, employee):
            found = evaluations.filtered(lambda e: e.employee_id == employee)
            assert len(found) == 1, f"{employee.name} has no evaluation in {evaluations}"
            return found

        cls.of = staticmethod(of)
        cls.eval_b = of(approved_b, cls.employee_b)

        Checklist = env["dealer_org.checklist"]
        team = cls.employee | cls.peer
        cls.checklists_open = Checklist._generate_checklists(
            employees=team, on_date=CHECKLIST_OPEN_DAY, period_types=["daily"]
        )
        cls.checklists_done = Checklist._generate_checklists(
            employees=team, on_date=CHECKLIST_DONE_DAY, period_types=["daily"]
        )
        cls.checklists_done.line_ids.write({"result": "done"})
        assert set(cls.checklists_done.mapped("state")) == {"done"}
        env.flush_all()

    # ------------------------------------------------------------------
    # JSON-RPC as a real user
    # ------------------------------------------------------------------

    def login(self, user):
        if getattr(self, "_logged_in", None) != user.id:
            self.authenticate(user.login, user.login)
            self._logged_in = user.id
        self._user = user

    def rpc_context(self, context=None):
        """What the web client sends (all the user's companies allowed), plus ``context``."""
        user = self._user
        companies = user.company_id | user.company_ids
        return dict(
            {"lang": "en_US", "tz": "UTC", "uid": user.id, "allowed_company_ids": companies.ids},
            **(context or {}),
        )

    def call(self, model, method, args=(), kwargs=None, context=None, raw_params=None):
        """One JSON-RPC call_kw request; the decoded response (``result`` or ``error``).

        ``context`` is added to the web client's; ``raw_params`` replaces ``args`` and
        ``kwargs`` with a ready JSON text (the body is sent as is, NaN tokens included)."""
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", self.rpc_context(context))
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        if raw_params is not None:
            body = raw_params(body)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=body.encode(),
                headers={"Content-Type": "application/json"},
                timeout=120,
            )
        response.raise_for_status()
        return json.loads(response.text, parse_constant=_refuse_constant)

    def call_ok(self, user, model, method, args=(), kwargs=None, context=None):
        """A call that must succeed (setting an attack up, or a legitimate counterpart)."""
        self.login(user)
        response = self.call(model, method, args, kwargs, context)
        if "error" in response:
            data = response["error"]["data"]
            self.fail(f"{user.login}: {model}.{method} failed: {data['name']}: {data['message']}")
        return response.get("result")

    # ------------------------------------------------------------------
    # The assertion
    # ------------------------------------------------------------------

    def attack(
        self,
        user,
        model,
        method,
        args=(),
        kwargs=None,
        context=None,
        errors=REFUSALS,
        message=None,
        not_in_message=(),
        raw_params=None,
        steps=(),
        notification_ok=False,
    ):
        """``user`` calls ``model.method(*args, **kwargs)`` over JSON-RPC: assert it is
        refused with one of ``errors`` (whose message matches ``message``) and changed
        nothing in the guarded tables. ``steps``: calls made first, in the same way,
        each a (model, method, args, kwargs, context) whose ``args`` may be a function of
        the previous result (e.g. a wizard created, then its action called); the refusal
        may come at any of them. ``notification_ok``: a wizard may instead answer with a
        warning or info notification ("nothing to generate"). Returns the error's data."""
        self.login(user)
        before = self.snapshot()
        previous = None
        response = None
        for step_model, step_method, step_args, step_kwargs, step_context in [
            *steps,
            (model, method, args, kwargs, context),
        ]:
            if callable(step_args):
                step_args = step_args(previous)
            response = self.call(step_model, step_method, step_args, step_kwargs, step_context, raw_params)
            if "error" in response:
                break
            previous = response.get("result")
        after = self.snapshot()
        changes = self.describe_changes(before, after)
        what = f"{user.login}: {model}.{method}{tuple(args) if not callable(args) else ''}"
        result = response.get("result")
        if "error" not in response and notification_ok and self._is_refusal_notification(result):
            self.assertFalse(
                changes, f"{what} answered {result['params']} but the database changed:\n{changes}"
            )
            return result["params"]
        if "error" not in response:
            self.fail(
                f"ACCEPTED, not refused: {what} returned {response.get('result')!r:.300}"
                + (
                    f"\nand changed the database:\n{changes}"
                    if changes
                    else "\n(the database did not change)"
                )
            )
        data = response["error"]["data"]
        if REFUSAL_LOG:
            with open(REFUSAL_LOG, "a", encoding="utf-8") as log:
                log.write(f"{self._testMethodName}\t{what:.200}\t{data['name']}\t{data['message']}\n")
        self.assertIn(
            data["name"],
            errors,
            f"{what} was refused with {data['name']}: {data['message']}\n{data.get('debug', '')[-2000:]}",
        )
        if message:
            self.assertRegex(data["message"], message, f"{what}: unexpected message")
        for secret in not_in_message:
            self.assertNotIn(secret, data["message"], f"{what}: the error message reveals {secret!r}")
        self.assertFalse(changes, f"{what} was refused ({data['name']}) but the database changed:\n{changes}")
        return data

    @staticmethod
    def _is_refusal_notification(result):
        return (
            isinstance(result, dict)
            and result.get("tag") == "display_notification"
            and result.get("params", {}).get("type") in ("warning", "info", "danger")
        )

    # ------------------------------------------------------------------
    # Snapshots of the guarded tables, read as the superuser
    # ------------------------------------------------------------------

    def snapshot(self):
        cr = self.env.cr
        self.env.flush_all()
        self.env.invalidate_all()
        snap = {}
        for table in GUARDED_TABLES:
            cr.execute(SQL("SELECT * FROM %s ORDER BY id", SQL.identifier(table)))
            columns = [d.name for d in cr.description]
            snap[table] = {
                row[0]: {c: v for c, v in zip(columns, row, strict=True) if c not in IGNORED_COLUMNS}
                for row in cr.fetchall()
            }
        for table in GUARDED_RELATIONS:
            cr.execute(SQL("SELECT * FROM %s ORDER BY 1, 2", SQL.identifier(table)))
            snap[table] = {row: {} for row in cr.fetchall()}
        cr.execute(
            SQL(
                "SELECT id, model, res_id, message_type, body FROM mail_message "
                "WHERE model LIKE %s ORDER BY id",
                "dealer_org.%",
            )
        )
        snap["mail_message"] = {row[0]: {"row": row} for row in cr.fetchall()}
        return snap

    @staticmethod
    def describe_changes(before, after):
        lines = []
        for table, rows in before.items():
            new_rows = after[table]
            added = sorted(set(new_rows) - set(rows), key=str)
            removed = sorted(set(rows) - set(new_rows), key=str)
            if added:
                lines.append(f"  {table}: added {added[:10]}")
            if removed:
                lines.append(f"  {table}: removed {removed[:10]}")
            for key in set(rows) & set(new_rows):
                diff = {
                    column: (value, new_rows[key].get(column))
                    for column, value in rows[key].items()
                    if new_rows[key].get(column) != value
                }
                if diff:
                    lines.append(f"  {table} {key}: {str(diff)[:400]}")
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # Shortcuts
    # ------------------------------------------------------------------

    def line(self, evaluation, code="SALES"):
        return evaluation.line_ids.filtered(lambda line: line.code == code)

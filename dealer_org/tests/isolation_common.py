"""Company B's own records for the isolation attacks (test_attacks_isolation.py,
test_isolation_walk.py), on top of the attack suite's fixture (attack_common.py).

Adds: ``manager_b``, an HR manager allowed in company B only; a department of B with a
function and a target; a duty and a qualification on B's job; an organisation template
imported by B; B's wizards (an export done by ``officer_b``, an import and a template
application opened by ``manager_b``); and the tables those live in to the guarded ones.
"""

import base64

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools import SQL

from .attack_common import AttackCase
from .test_org_exchange import GOOD

EXPORT = "dealer_org.org.export"
IMPORT = "dealer_org.org.import"
APPLY = "dealer_org.template.apply"
TEMPLATE = "dealer_org.org.template"

# Guarded in addition to attack_common's tables: a refused attack changes none of them.
ISOLATION_TABLES = [
    "dealer_org_job_qualification",
    "dealer_org_department_function",
    "dealer_org_org_template",
    "dealer_org_org_export",
    "dealer_org_org_import",
    "dealer_org_template_apply",
    "dealer_org_duty_paste",
    "dealer_org_duty_paste_line",
]


class IsolationCase(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        b = cls.company_b
        cls.manager_b = new_test_user(
            env,
            "atk_manager_b",
            groups="base.group_user,hr.group_hr_manager",
            company_id=b.id,
            company_ids=[Command.set(b.ids)],
        )
        cls.department_b = env["hr.department"].create({"name": "Attack B Showroom", "company_id": b.id})
        cls.function_b = env["dealer_org.department.function"].create(
            {"department_id": cls.department_b.id, "name": "Sell B's cars"}
        )
        cls.target_b = env["dealer_org.department.kpi"].create(
            {
                "department_id": cls.department_b.id,
                "name": "B's yearly sales",
                "code": "B_SALES",
                "minimum": 0,
                "target": 100,
                "maximum": 120,
            }
        )
        cls.duty_b = env["dealer_org.job.duty"].create(
            {"job_id": cls.job_b.id, "name": "Open B's showroom", "period": "daily"}
        )
        cls.qualification_b = env["dealer_org.job.qualification"].create(
            {"job_id": cls.job_b.id, "name": "B's driving licence"}
        )
        cls.kpi_b = cls.job_b.kpi_ids
        as_manager_b = env(user=cls.manager_b, context=dict(env.context, allowed_company_ids=b.ids))
        cls.template_b = env[TEMPLATE].browse(
            as_manager_b[TEMPLATE]._import_organisation(GOOD.encode(), "b-organisation.xml").id
        )
        as_officer_b = env(user=cls.officer_b, context=dict(env.context, allowed_company_ids=b.ids))
        export = as_officer_b[EXPORT].create({"company_id": b.id})
        export.action_export()
        cls.export_b = env[EXPORT].browse(export.id)
        cls.import_b = env[IMPORT].browse(
            as_manager_b[IMPORT]
            .create({"document": base64.b64encode(GOOD.encode()), "filename": "b-secret.xml"})
            .id
        )
        cls.apply_b = env[APPLY].browse(as_manager_b[APPLY].create({"company_ids": [Command.set(b.ids)]}).id)
        env.flush_all()

    def snapshot(self):
        snap = super().snapshot()
        cr = self.env.cr
        for table in ISOLATION_TABLES:
            cr.execute(SQL("SELECT * FROM %s ORDER BY id", SQL.identifier(table)))
            columns = [d.name for d in cr.description]
            snap[table] = {row[0]: dict(zip(columns, row, strict=True)) for row in cr.fetchall()}
        return snap

from . import models
from . import report
from . import tools
from . import wizard

# The records dealer_org creates in HR's own models (the departments and jobs of the default
# organisation, the demo store's employees and its user): HR's once they exist. Their xml ids
# are set aside on uninstall, so that Odoo does not delete them with the module's data, and
# given back to a later install of dealer_org if the records are still there.
HR_OWNED_MODELS = ("hr.department", "hr.job", "hr.employee", "res.users", "res.partner")
KEPT_XMLID_MODULE = "__dealer_org__"


def pre_init_hook(env):
    """A reinstall finds the records an earlier install created and an uninstall kept (see
    ``uninstall_hook``): their xml ids are dealer_org's again, so the data files (the demo
    store) update them instead of creating them twice; xml ids of records deleted since go."""
    cr = env.cr
    cr.execute("SELECT id, model, res_id FROM ir_model_data WHERE module = %s", [KEPT_XMLID_MODULE])
    by_model = {}
    for data_id, model, res_id in cr.fetchall():
        by_model.setdefault(model, {})[res_id] = data_id
    gone = []
    for model, rows in by_model.items():
        if model not in env:
            gone += rows.values()
            continue
        existing = set(env[model].browse(list(rows)).exists().ids)
        gone += [data_id for res_id, data_id in rows.items() if res_id not in existing]
    if gone:
        cr.execute("DELETE FROM ir_model_data WHERE id = ANY(%s)", [gone])
    cr.execute(
        """UPDATE ir_model_data d SET module = 'dealer_org'
            WHERE d.module = %s
              AND NOT EXISTS (SELECT 1 FROM ir_model_data o
                               WHERE o.module = 'dealer_org' AND o.name = d.name)""",
        [KEPT_XMLID_MODULE],
    )
    cr.execute("DELETE FROM ir_model_data WHERE module = %s", [KEPT_XMLID_MODULE])
    env["ir.model.data"].invalidate_model()
    env.registry.clear_cache()


def uninstall_hook(env):
    """Uninstalling removes the addon (its models, fields, library, checklists, evaluations,
    menus, views, crons, rules) and nothing of HR's organisation: every department, job and
    employee stays, with its job and department.

    Runs before Odoo deletes the records of the module's xml ids: the xml ids of HR's records
    (``HR_OWNED_MODELS``) are set aside under ``__dealer_org__``; the overdue-checklist
    activities go before their activity type; Odoo's Job Positions menu comes back (dealer_org's
    replaced it); what the addon keeps outside the ORM is dropped: the checklist completion's
    trigger function (the triggers go with the lines' table) and due-until table, and the
    system parameters ``dealer_org.*``."""
    cr = env.cr
    # A second uninstall: the xml ids set aside by the first one name records of an older install.
    cr.execute(
        """DELETE FROM ir_model_data k USING ir_model_data d
            WHERE k.module = %s AND d.module = 'dealer_org' AND d.model IN %s AND k.name = d.name""",
        [KEPT_XMLID_MODULE, HR_OWNED_MODELS],
    )
    cr.execute(
        "UPDATE ir_model_data SET module = %s WHERE module = 'dealer_org' AND model IN %s",
        [KEPT_XMLID_MODULE, HR_OWNED_MODELS],
    )
    env["ir.model.data"].invalidate_model()
    activity_type = env.ref("dealer_org.mail_activity_type_checklist_overdue", raise_if_not_found=False)
    if activity_type:
        env["mail.activity"].sudo().search([("activity_type_id", "=", activity_type.id)]).unlink()
    menu = env.ref("hr.menu_view_hr_job", raise_if_not_found=False)
    if menu:
        menu.active = True
    cr.execute("DROP FUNCTION IF EXISTS dealer_org_checklist_completion_apply() CASCADE")
    cr.execute("DROP TABLE IF EXISTS dealer_org_checklist_completion_cutoff")
    env["ir.config_parameter"].sudo().search([("key", "=like", "dealer\\_org.%")]).unlink()

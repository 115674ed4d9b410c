from . import models
from . import report
from . import tools
from . import wizard


def uninstall_hook(env):
    """Give Odoo's Job Positions menu back (dealer_org's replaced it), and drop what the
    checklist completion keeps outside the ORM: its trigger function (the triggers go with the
    lines' table) and its due-until table."""
    menu = env.ref("hr.menu_view_hr_job", raise_if_not_found=False)
    if menu:
        menu.active = True
    env.cr.execute("DROP FUNCTION IF EXISTS dealer_org_checklist_completion_apply() CASCADE")
    env.cr.execute("DROP TABLE IF EXISTS dealer_org_checklist_completion_cutoff")

from . import models
from . import tools
from . import wizard


def uninstall_hook(env):
    """Give Odoo's Job Positions menu back (dealer_org's replaced it)."""
    menu = env.ref("hr.menu_view_hr_job", raise_if_not_found=False)
    if menu:
        menu.active = True

"""Isolation (issue 16): imported templates belong to the company that imported them; KPI and
target codes are unique per job / department whatever their case.

The importing company of a template imported before templates had one is taken as the
importer's company at the time (``create_uid``'s current company). The unique indexes on
lower(code) are created by the models' ``init()``; where existing codes differ by case only,
the index is left out and the duplicates are logged here (and on every update) for HR to rename,
instead of aborting the upgrade.
"""

import logging

from odoo.addons.dealer_org.models.dealer_org_kpi import create_code_index

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """UPDATE dealer_org_org_template t
              SET company_id = u.company_id
             FROM res_users u
            WHERE t.is_imported AND t.company_id IS NULL AND u.id = t.create_uid
        RETURNING t.id"""
    )
    owned = cr.fetchall()
    if owned:
        _logger.info(
            "dealer_org: %d imported organisation templates given their importer's company", len(owned)
        )
    create_code_index(cr, "dealer_org_kpi", "job_id", "dealer_org_kpi_job_code_ci_unique")
    create_code_index(
        cr, "dealer_org_department_kpi", "department_id", "dealer_org_department_kpi_code_ci_unique"
    )

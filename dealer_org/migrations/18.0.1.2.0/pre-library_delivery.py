"""18.0.1.2.0: the library templates (and sources) a database never received are delivered.

18.0.1.0.0 kept no record of the library codes a database received. Upgraded to a release that
keeps one (``dealer_org.library_received_codes``), such a database was taken to have received
the whole library of the new release: the templates that release gained were marked received
and never created (a database installed with 18.0.1.0.0 and upgraded to 18.0.1.1.0 has 15
templates of 19). That record was written by the upgrade, after the database's first sync of
the library; a record kept since the first sync is written with its catalogue, in the same
transaction. Such an inferred record is replaced, before the data of 18.0.1.2.0 is loaded, by
what the database holds and the codes of the last release that kept no record
(data/library/releases.json): the library sync then delivers the rest, and what HR deleted of
what that release delivered stays deleted. Plain SQL: it runs before the models are loaded.
"""

import json
import logging
import os

from odoo.tools import parse_version

_logger = logging.getLogger(__name__)

PARAM = "dealer_org.library_received_codes"
RELEASES = os.path.join(os.path.dirname(__file__), "..", "..", "data", "library", "releases.json")


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT id, create_date FROM ir_config_parameter WHERE key = %s", [PARAM])
    row = cr.fetchone()
    if not row:
        return  # no record: the library sync infers it from the release (_release_codes)
    param_id, recorded_at = row
    cr.execute("SELECT to_regclass('dealer_org_library_job') IS NOT NULL")
    if not cr.fetchone()[0]:
        return
    cr.execute("SELECT min(create_date) FROM dealer_org_library_job")
    first_sync = cr.fetchone()[0]
    if first_sync is None or recorded_at is None or recorded_at <= first_sync:
        return  # recorded since the first sync: the real deliveries
    with open(RELEASES, encoding="utf-8") as handle:
        releases = json.load(handle)["releases"]
    unrecorded = sorted(
        (v for v, entry in releases.items() if not entry["records_deliveries"]),
        key=parse_version,
    )
    if not unrecorded:
        return
    release = releases[unrecorded[-1]]
    received = {}
    for kind, query in (
        ("sources", "SELECT code FROM dealer_org_source WHERE code IS NOT NULL"),
        ("templates", "SELECT code FROM dealer_org_org_template WHERE code IS NOT NULL"),
    ):
        cr.execute(query)
        received[kind] = sorted({code for (code,) in cr.fetchall()} | set(release[kind]))
    cr.execute(
        "UPDATE ir_config_parameter SET value = %s WHERE id = %s",
        [json.dumps(received, sort_keys=True), param_id],
    )
    _logger.info(
        "dealer_org: the record of the library codes received was inferred by an upgrade of a "
        "database that kept none (release %s or older): it now holds the %d sources and %d "
        "templates the database has or release %s delivered; the library sync delivers the others",
        unrecorded[-1],
        len(received["sources"]),
        len(received["templates"]),
        unrecorded[-1],
    )

"""What the library sync delivers across installs, reinstalls and releases.

Guards (issue 17, items 4 and 5):

* a reinstall after an uninstall delivers the whole library, whatever record of deliveries the
  uninstall of an older release left behind (it believed every template delivered and the
  install failed with "Expected singleton: dealer_org.org.template()");
* a database of a release that kept no record of its deliveries (18.0.1.0.0) receives, on
  upgrade, what the library gained since, while what HR deleted of that release's library stays
  deleted;
* the record that an upgrade from such a release inferred (the whole library of the new release)
  is repaired by the 18.0.1.2.0 migration, and a real record is left alone;
* every release of releases.txt has its list of codes (data/library/releases.json).

The real uninstall, reinstall and upgrades from the previous releases run in scripts/test
(passes uninstall, reinstall, release and release-chain).
"""

import importlib.util
import json
import os
import re

from odoo.tools import parse_version

from odoo.addons.dealer_org.models.dealer_org_library import RECEIVED_CODES_PARAM, load_releases

from .common import DealerOrgCase

ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(ADDON_DIR)
MIGRATION = os.path.join(ADDON_DIR, "migrations", "18.0.1.2.0", "pre-library_delivery.py")


def run_migration(cr, version):
    spec = importlib.util.spec_from_file_location("dealer_org_pre_library_delivery", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, version)


class TestLibraryDelivery(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Library = cls.env["dealer_org.library"]
        cls.Template = cls.env["dealer_org.org.template"].with_context(active_test=False)
        cls.Source = cls.env["dealer_org.source"].with_context(active_test=False)
        cls.releases = load_releases()
        cls.first = cls.releases["18.0.1.0.0"]
        # What the library gained after 18.0.1.0.0, and one template of 18.0.1.0.0 HR deletes.
        cls.gained = sorted(set(cls.library.templates) - set(cls.first["templates"]))
        cls.old = cls.Template.search(
            [("code", "in", cls.first["templates"]), ("is_default", "=", False)], limit=1
        )

    def _params(self):
        return self.env["ir.config_parameter"].sudo()

    def _received(self):
        return json.loads(self._params().get_param(RECEIVED_CODES_PARAM))

    def _codes(self):
        return set(self.Template.search([]).mapped("code"))

    def _set_version(self, version):
        self.env.cr.execute(
            "UPDATE ir_module_module SET latest_version = %s WHERE name = 'dealer_org'", [version]
        )
        self.env["ir.module.module"].invalidate_model(["latest_version"])

    def _as_installed_with_18_0_1_0_0(self):
        """The database as 18.0.1.0.0 left it: the templates it had (HR deleted one), no record."""
        self.assertEqual(len(self.gained), 4, "18.0.1.1.0 gained 4 templates")
        self.assertTrue(self.old)
        self.Template.search([("code", "in", self.gained)]).unlink()
        deleted = self.old.code
        self.old.unlink()
        return deleted

    def test_a_reinstall_delivers_the_whole_library_whatever_an_uninstall_left(self):
        # After an uninstall the tables are gone; the record of an older release survived it.
        self._params().set_param(
            RECEIVED_CODES_PARAM,
            json.dumps(
                {"sources": sorted(self.library.sources), "templates": sorted(self.library.templates)}
            ),
        )
        self.Template.search([]).unlink()
        self.Source.search([]).unlink()
        self.env["dealer_org.library.job"].search([]).unlink()
        self.env["dealer_org.library.department"].search([]).unlink()
        self.Library._sync_library()
        self.assertEqual(self._codes(), set(self.library.templates))
        self.assertEqual(len(self.Template.search([])), len(self.library.templates), "each template once")
        self.assertEqual(set(self.Source.search([]).mapped("code")), set(self.library.sources))
        default = self.Template.search([("is_default", "=", True)])
        self.assertEqual(len(default), 1, "the install applies the one default template")

    def test_a_database_of_a_release_without_record_receives_what_the_library_gained(self):
        deleted = self._as_installed_with_18_0_1_0_0()
        self._params().search([("key", "=", RECEIVED_CODES_PARAM)]).unlink()
        self._set_version("18.0.1.0.0")
        self.Library._sync_library()
        codes = self._codes()
        self.assertLessEqual(set(self.gained), codes, "the templates the library gained are delivered")
        self.assertNotIn(deleted, codes, "a template HR deleted came back")
        self.assertEqual(codes, set(self.library.templates) - {deleted})
        self.assertEqual(set(self._received()["templates"]), set(self.library.templates))
        for code in self.gained:
            template = self.Template.search([("code", "=", code)])
            self.assertEqual(self.zh(template).name, self.library.templates[code].name.zh)
            self.assertEqual(self.env.ref(f"dealer_org.org_template_{code}"), template)

    def test_the_current_release_without_record_gets_nothing_back(self):
        deleted = self._as_installed_with_18_0_1_0_0()
        self._params().search([("key", "=", RECEIVED_CODES_PARAM)]).unlink()
        self.Library._sync_library()
        self.assertEqual(self._codes(), set(self.library.templates) - set(self.gained) - {deleted})

    def test_a_record_an_upgrade_inferred_is_repaired(self):
        deleted = self._as_installed_with_18_0_1_0_0()
        # 18.0.1.1.0 upgrading it wrote the whole library as received, after the first sync.
        self.Library._set_received_codes(
            {"sources": set(self.library.sources), "templates": set(self.library.templates)}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_config_parameter SET create_date = create_date + interval '4 days' WHERE key = %s",
            [RECEIVED_CODES_PARAM],
        )
        self.Library._sync_library()
        self.assertFalse(set(self.gained) & self._codes(), "the inferred record hides them")
        run_migration(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self.Library._sync_library()
        self.assertEqual(self._codes(), set(self.library.templates) - {deleted})

    def test_a_record_kept_since_the_first_sync_is_left_alone(self):
        deleted = self.Template.search([("code", "in", self.gained)], limit=1).code
        self.Template.search([("code", "=", deleted)]).unlink()
        self.env.flush_all()
        self.env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [RECEIVED_CODES_PARAM])
        before = self.env.cr.fetchone()[0]
        run_migration(self.env.cr, "18.0.1.1.0")
        self.env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [RECEIVED_CODES_PARAM])
        self.assertEqual(self.env.cr.fetchone()[0], before)
        self.env.registry.clear_cache()
        self.Library._sync_library()
        self.assertNotIn(deleted, self._codes(), "a template HR deleted came back")

    def test_every_release_has_its_codes(self):
        with open(os.path.join(REPO_ROOT, "releases.txt"), encoding="utf-8") as handle:
            listed = [line.split() for line in handle if line.strip() and not line.startswith("#")]
        self.assertTrue(listed)
        for version, commit in listed:
            self.assertRegex(version, r"^18\.0\.\d+\.\d+\.\d+$")
            self.assertTrue(
                re.fullmatch(r"[0-9a-f]{40}", commit), f"{version}: {commit} is not a full commit id"
            )
            self.assertIn(version, self.releases, f"data/library/releases.json has no codes of {version}")
        self.assertEqual([v for v, _c in listed], list(self.releases), "the same releases, oldest first")
        self.assertGreaterEqual(
            parse_version(self.Library._module_version()),
            parse_version(listed[-1][0]),
            "the manifest's version",
        )
        last = self.releases[listed[-1][0]]
        self.assertTrue(last["records_deliveries"])
        self.assertLessEqual(set(last["templates"]), set(self.library.templates))

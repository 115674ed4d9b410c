"""dealer_org.pot matches the code: every message the Python code translates (``_("…")``,
``env._("…")``, ``_lt("…")``) and every field label, help and selection label of the module's
models is a msgid of the .pot, so that zh_CN.po (test_i18n) can give it its Chinese. A string
added or changed without its .pot entry fails here."""

import ast
import os

import polib

from odoo.tests import tagged

from .common import DealerOrgCase

MODULE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATORS = {"_", "_lt"}


def translated_literals(source, filename="<string>"):
    """(line, text) of each literal string passed first to a translation call in ``source``:
    ``_("…")``, ``_lt("…")`` or ``<anything>._("…")`` (``self.env._``); concatenated literals
    count as one. Calls with a computed first argument are left out (nothing to extract)."""
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        if name not in TRANSLATORS:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield node.lineno, first.value


def _python_files():
    for folder, dirs, files in os.walk(MODULE):
        dirs[:] = sorted(d for d in dirs if d not in ("tests", "__pycache__", "migrations", "upgrades"))
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


@tagged("post_install", "-at_install")
class TestPotMatchesTheCode(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.msgids = {entry.msgid for entry in polib.pofile(os.path.join(MODULE, "i18n", "dealer_org.pot"))}

    def test_the_finder_sees_every_form_of_call(self):
        source = 'x = _("A")\ny = self.env._("B" "C", n=1)\nz = _lt("D")\nw = _(f"{x}")\nv = foo("E")\n'
        self.assertEqual([text for _line, text in translated_literals(source)], ["A", "BC", "D"])

    def test_every_translated_message_of_the_code_is_in_the_pot(self):
        missing, count = [], 0
        for path in _python_files():
            with open(path, encoding="utf-8") as handle:
                for line, text in translated_literals(handle.read(), path):
                    count += 1
                    if text not in self.msgids:
                        missing.append(f"{os.path.relpath(path, MODULE)}:{line}: {text[:80]!r}")
        self.assertGreater(count, 100)
        self.assertFalse(missing, "messages missing from dealer_org.pot:\n" + "\n".join(missing))

    def test_every_field_label_help_and_selection_label_is_in_the_pot(self):
        """What Odoo exports for the module's fields (those its ir.model.data names), read from
        the code (the registry), not from the database: a label changed in the code without
        its .pot entry fails before the module is even updated."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "dealer_org"), ("model", "in", ("ir.model.fields", "ir.model.fields.selection"))]
        )
        records = self.env["ir.model.fields"].browse(
            data.filtered(lambda d: d.model == "ir.model.fields").mapped("res_id")
        )
        values = self.env["ir.model.fields.selection"].browse(
            data.filtered(lambda d: d.model == "ir.model.fields.selection").mapped("res_id")
        )
        self.assertGreater(len(records), 100)
        self.assertTrue(values)
        missing = []

        def field_of(record):
            model = self.env.registry.get(record.model)
            return model._fields.get(record.name) if model is not None else None

        for record in records:
            field = field_of(record)
            if field is None:
                continue
            for term in (field.string, field.help):
                if term and term not in self.msgids:
                    missing.append(f"{record.model}.{record.name}: {term[:80]!r}")
        for value in values:
            field = field_of(value.field_id)
            if field is None or not isinstance(field.selection, list):
                continue
            label = dict(field.selection).get(value.value)
            if label and label not in self.msgids:
                missing.append(f"{value.field_id.model}.{value.field_id.name} = {value.value}: {label!r}")
        self.assertFalse(missing, "field terms missing from dealer_org.pot:\n" + "\n".join(missing))

"""Refresh dealer_org's translations: i18n/dealer_org.pot from an Odoo export, and
i18n/zh_CN.po with the Chinese text of every library term taken from the library
document (the single source) and every interface term kept from the current file.

Usage: python scripts/i18n_sync.py EXPORTED.pot   (scripts/i18n runs it)
Exits 1 listing the interface terms that still need a Chinese translation.
"""

import os
import sys

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "dealer_org"))

from tools.duty_schedule import EVENTS  # noqa: E402 (dealer_org/ on sys.path first, without Odoo)
from tools.library import load_library  # noqa: E402

I18N = os.path.join(ROOT, "dealer_org", "i18n")


def library_terms():
    terms = {text.en: text.zh for text in load_library().texts()}
    for zh, en in EVENTS.items():
        terms[en] = zh
    return terms


def add_module_terms(pot):
    """The module's name and summary as Apps shows them: Odoo loads the translations of the
    ir.module.module record base.module_dealer_org from this module's .po. The payroll bridge's
    too: its own .po is loaded only once it is installed, so the Apps list HR installs it from
    gets its Chinese name from dealer_org's."""
    import ast

    for module in ("dealer_org", "dealer_org_payroll"):
        with open(os.path.join(ROOT, module, "__manifest__.py"), encoding="utf-8") as handle:
            manifest = ast.literal_eval(handle.read())
        for field, text in (("shortdesc", manifest["name"]), ("summary", manifest["summary"])):
            occurrence = (f"model:ir.module.module,{field}:base.module_{module}", "")
            entry = pot.find(text)
            if entry is None:
                entry = polib.POEntry(msgid=text, msgstr="", comment="module: dealer_org")
                pot.append(entry)
            if occurrence not in entry.occurrences:
                entry.occurrences.append(occurrence)


def main(exported):
    pot = polib.pofile(exported)
    pot.metadata["Project-Id-Version"] = "Odoo Server 18.0"
    po_path = os.path.join(I18N, "zh_CN.po")
    old = {e.msgid: e.msgstr for e in polib.pofile(po_path)} if os.path.exists(po_path) else {}
    terms = library_terms()
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update({"Language": "zh_CN", "Plural-Forms": "nplurals=1; plural=0;"})
    po.header = (
        "Translation of Odoo Server.\n"
        "This file contains the translation of the following modules:\n\t* dealer_org"
    )
    add_module_terms(pot)
    pot.save(os.path.join(I18N, "dealer_org.pot"))
    missing = []
    for entry in pot:
        if entry.msgid in terms and any(
            occ.startswith(("model:dealer_org.", "model:hr.")) for occ, _ in entry.occurrences
        ):
            msgstr = terms[entry.msgid]
        else:
            msgstr = old.get(entry.msgid, "")
        if not msgstr:
            missing.append(entry.msgid)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=msgstr,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
                msgctxt=entry.msgctxt,
            )
        )
    po.save(po_path)
    print(f"{len(pot)} terms, {len(missing)} without Chinese", file=sys.stderr)
    for msgid in missing:
        print(msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

# 18.0.1.3.0: no pay without an approved evaluation by default, and the shipped structure pays a
# whole salary.
#
# 1. Until 18.0.1.2.0 the setting "Unapproved KPI Evaluation" defaulted to the neutral 1.0: a
#    draft graded D, a deleted evaluation or one never submitted paid 100 %. A company still on
#    "neutral" cannot be told from one that chose it, so every such company moves to the new
#    default, "refuse" (a payslip whose rules read payroll.kpi is not computed until the
#    evaluation is approved; the error says so and names the setting). A company that wants the
#    neutral coefficient chooses it again in Settings. "zero" was always a choice: kept.
#    Payslips already computed are not touched.
# 2. The structure Performance Pay (绩效工资) held only its KPI rule. Its data is noupdate and
#    forcecreate="0", so an upgrade creates nothing: when the shipped structure is still there,
#    the base structure (Base Salary: BASIC, GROSS, NET and their categories) is created as on a
#    fresh install and becomes its parent unless HR gave it one; the KPI rule and category still
#    named as shipped are renamed Performance Pay (KPI) / 绩效工资（KPI）, and the category goes
#    under Allowances so that gross and net pay count it. Anything HR changed is left alone.

import io
import logging

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.convert import convert_xml_import
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationImporter, get_po_paths

_logger = logging.getLogger(__name__)

MODULE = "dealer_org_payroll"
DATA = "data/hr_payroll_structure_data.xml"
BASE_RECORDS = [
    "hr_salary_rule_category_basic",
    "hr_salary_rule_category_allowance",
    "hr_salary_rule_category_gross",
    "hr_salary_rule_category_deduction",
    "hr_salary_rule_category_net",
    "hr_salary_rule_basic",
    "hr_salary_rule_gross",
    "hr_salary_rule_net",
    "hr_payroll_structure_base",
]
KPI_RULE = f"{MODULE}.hr_salary_rule_kpi_performance_pay"
KPI_CATEGORY = f"{MODULE}.hr_salary_rule_category_performance_pay"
OLD_NAME = "Performance Pay"
NEW_NAME = "Performance Pay (KPI)"


def _refuse_by_default(env):
    env.cr.execute(
        "UPDATE res_company SET dealer_org_kpi_unapproved_policy = 'block' "
        "WHERE dealer_org_kpi_unapproved_policy = 'neutral' OR dealer_org_kpi_unapproved_policy IS NULL "
        "RETURNING name"
    )
    names = [row[0] for row in env.cr.fetchall()]
    if names:
        _logger.info(
            "Unapproved KPI Evaluation: %s company(ies) moved from the neutral coefficient to the "
            "new default, refuse the payslip",
            len(names),
        )
    env["res.company"].invalidate_model(["dealer_org_kpi_unapproved_policy"])


def _load_base_structure(env):
    """Create the records of BASE_RECORDS that do not exist yet, from the module's data file."""
    missing = [name for name in BASE_RECORDS if not env.ref(f"{MODULE}.{name}", raise_if_not_found=False)]
    if not missing:
        return
    path = file_path(f"{MODULE}/{DATA}")
    tree = etree.parse(path)
    for record in tree.iterfind(".//record"):
        if record.get("id") not in missing:
            record.getparent().remove(record)
    # mode "init": the records are created (none of them exists), as on a fresh install
    buffer = io.BytesIO(etree.tostring(tree))
    buffer.name = path
    convert_xml_import(env, MODULE, buffer, {}, mode="init", noupdate=True)


def _load_translations(env, xmlids):
    importer = TranslationImporter(env.cr, verbose=False)
    for lang, _name in env["res.lang"].get_installed():
        for po_path in get_po_paths(MODULE, lang):
            importer.load_file(po_path, lang, xmlids=set(xmlids))
    importer.save(overwrite=True, force_overwrite=True)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _refuse_by_default(env)
    structure = env.ref(f"{MODULE}.hr_payroll_structure_performance_pay", raise_if_not_found=False)
    if not structure:
        return  # HR deleted the shipped structure: nothing to complete
    _load_base_structure(env)
    translate = [f"{MODULE}.{name}" for name in BASE_RECORDS]
    base = env.ref(f"{MODULE}.hr_payroll_structure_base", raise_if_not_found=False)
    if base and not structure.parent_id:
        structure.parent_id = base
    allowance = env.ref(f"{MODULE}.hr_salary_rule_category_allowance", raise_if_not_found=False)
    for xmlid in (KPI_RULE, KPI_CATEGORY):
        record = env.ref(xmlid, raise_if_not_found=False)
        if record and record.with_context(lang="en_US").name == OLD_NAME:
            record.with_context(lang="en_US").name = NEW_NAME
            translate.append(xmlid)
    category = env.ref(KPI_CATEGORY, raise_if_not_found=False)
    if category and allowance and not category.parent_id and category != allowance:
        category.parent_id = allowance
    _load_translations(env, translate)

# 18.0.1.1.0 shipped the KPI rule KPI_PERF as demo data, in no salary structure, with an English
# line label. Its data (noupdate, forcecreate="0") now ships it with the structure Performance Pay
# (绩效工资), which an upgrade does not create: when the rule is still as shipped, the new records
# are loaded as on a fresh install (the rule's old translation, KPI绩效工资, replaced too); a rule
# HR changed is left alone.

from odoo import SUPERUSER_ID, api
from odoo.modules import get_module_path
from odoo.tools import convert_file
from odoo.tools.translate import TranslationImporter, get_po_paths

OLD_CODE = (
    "result = contract.wage * 0.30 * payroll.kpi.coefficient\n"
    'result_name = "KPI performance pay (%s, coefficient %.2f)" % (payroll.kpi.grade or "-", '
    "payroll.kpi.coefficient)"
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay", raise_if_not_found=False)
    if rule and (rule.amount_python_compute or "").strip() != OLD_CODE:
        return
    convert_file(
        env, "dealer_org_payroll", "data/hr_payroll_structure_data.xml", {}, mode="init", noupdate=True
    )
    if not rule or not get_module_path("dealer_org_payroll"):
        return
    importer = TranslationImporter(cr, verbose=False)
    xmlids = {"dealer_org_payroll.hr_salary_rule_kpi_performance_pay"}
    for lang, _name in env["res.lang"].get_installed():
        for po_path in get_po_paths("dealer_org_payroll", lang):
            importer.load_file(po_path, lang, xmlids=xmlids)
    importer.save(overwrite=True, force_overwrite=True)

"""Uninstalling the bridge keeps the pay of the past and leaves no rule reading what is gone.

Odoo deletes the records of a module's xml ids when the module is uninstalled. The shipped salary
structures, rules and categories may be in use by then: payslip lines name the rule and category
they were computed from (a foreign key: the delete failed and Odoo logged an ERROR, leaving the
rule with an orphan xml id and no category), contracts and payslips name the structure, HR's
own structures, rules and categories hang under the shipped ones. Those records are HR's now:
their xml ids are detached, so that Odoo keeps them (records nobody uses are deleted as usual).

``payroll.kpi`` exists only while the bridge is installed: every salary rule reading it (the
shipped KPI_PERF or one HR wrote, in its amount, condition or quantity) is archived and its code
replaced by a neutral one (amount 0, condition false) that keeps the former code as comments, so
that no payslip computed afterwards reads it, and HR can restore the rule after a reinstall.
"""

import logging
import re

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MODULE = "dealer_org_payroll"
PAYROLL_MODELS = ("hr.salary.rule.category", "hr.salary.rule", "hr.payroll.structure")
# The code fields of a salary rule and what each becomes once it may no longer read payroll.kpi.
CODE_FIELDS = {
    "amount_python_compute": "result = 0",
    "condition_python": "result = False",
    "amount_percentage_base": "0",
    "quantity": "0",
}
READS_KPI = re.compile(r"\bpayroll\s*\.\s*kpi\b")
NEUTRALISED = (
    "# dealer_org_payroll was uninstalled: payroll.kpi no longer exists, this rule was archived.\n"
    "# 已卸载 dealer_org_payroll：payroll.kpi 不再存在，本规则已归档。原代码如下：\n"
)


def reads_kpi(code):
    """Whether Python code of a salary rule reads payroll.kpi (comments aside)."""
    lines = (line.split("#", 1)[0] for line in (code or "").splitlines())
    return any(READS_KPI.search(line) for line in lines)


def _foreign_keys(cr, table):
    """(referencing table, column, other columns of a relation table) of the single-column
    foreign keys pointing at ``table``."""
    cr.execute(
        SQL(
            """
            SELECT src.relname, att.attname
              FROM pg_constraint con
              JOIN pg_class src ON src.oid = con.conrelid
              JOIN pg_class dst ON dst.oid = con.confrelid
              JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f' AND dst.relname = %s AND cardinality(con.conkey) = 1
            """,
            table,
        )
    )
    return cr.fetchall()


def _records_in_use(env, ours):
    """The records of ``ours`` ({(model, id)}) that another record refers to, and so must stay:
    one outside ``ours`` or one that stays itself (a fixed point: a rule kept for its payslip
    lines keeps its category, a structure kept for its contracts keeps its rules and parent).
    Every single-column foreign key counts (payslip lines, payslips, contracts, batches, rules,
    categories, structures, whatever another module adds), except that a structure is not kept
    only because one of its rules is."""
    cr = env.cr
    tables = {env[model]._table: model for model in PAYROLL_MODELS}
    model_of_table = {m._table: name for name, m in env.registry.items() if not m._abstract and m._auto}
    references = []  # (target model, referencing table, column, referencing model or None, other column)
    for table, model in tables.items():
        for src_table, column in _foreign_keys(cr, table):
            if src_table in model_of_table:
                references.append((model, src_table, column, model_of_table[src_table], "id"))
                continue
            # a relation table (many2many): the record on its other side refers
            for other_table, other_column in _relation_sides(cr, src_table, column):
                if other_table in tables:
                    if model == "hr.payroll.structure" and tables[other_table] == "hr.salary.rule":
                        continue  # a rule does not keep the structures it belongs to
                    references.append((model, src_table, column, tables[other_table], other_column))
                else:
                    references.append((model, src_table, column, None, other_column))
    kept = set()
    while True:
        deleted = ours - kept
        newly = set()
        for model, src_table, column, src_model, src_column in references:
            ids = [rid for m, rid in deleted if m == model]
            if not ids:
                continue
            cr.execute(
                SQL(
                    "SELECT DISTINCT %s, %s FROM %s WHERE %s IN %s",
                    SQL.identifier(column),
                    SQL.identifier(src_column),
                    SQL.identifier(src_table),
                    SQL.identifier(column),
                    tuple(ids),
                )
            )
            for target_id, source_id in cr.fetchall():
                if src_model is None or (src_model, source_id) not in deleted:
                    newly.add((model, target_id))
        if not newly - kept:
            return kept
        kept |= newly


def _relation_sides(cr, table, column):
    """The other foreign keys of relation table ``table``: (referenced table, column)."""
    cr.execute(
        SQL(
            """
            SELECT dst.relname, att.attname
              FROM pg_constraint con
              JOIN pg_class src ON src.oid = con.conrelid
              JOIN pg_class dst ON dst.oid = con.confrelid
              JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f' AND src.relname = %s AND att.attname != %s
            """,
            table,
            column,
        )
    )
    return cr.fetchall()


def neutralise_kpi_rules(env):
    """Archive every salary rule reading payroll.kpi and replace that code (kept as comments)."""
    Rule = env["hr.salary.rule"].with_context(active_test=False)
    rules = Rule.search([])
    for rule in rules:
        values = {}
        for field, neutral in CODE_FIELDS.items():
            if field in rule._fields and reads_kpi(rule[field]):
                former = "".join(f"# {line}\n" for line in rule[field].splitlines())
                values[field] = f"{NEUTRALISED}{former}{neutral}"
        if values:
            values["active"] = False
            rule.write(values)
            _logger.info("salary rule %s (%s) archived: it read payroll.kpi", rule.code, rule.id)


def uninstall_hook(env):
    data = env["ir.model.data"].search([("module", "=", MODULE), ("model", "in", PAYROLL_MODELS)])
    ours = {(xmlid.model, xmlid.res_id) for xmlid in data}
    kept = _records_in_use(env, ours)
    detached = data.filtered(lambda xmlid: (xmlid.model, xmlid.res_id) in kept)
    if detached:
        _logger.info(
            "keeping the payroll records in use (their xml ids detached): %s",
            ", ".join(sorted(detached.mapped("complete_name"))),
        )
        detached.unlink()
    neutralise_kpi_rules(env)

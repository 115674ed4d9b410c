"""A template against companies' records, with the differences, and applying chosen differences.

Pushing a standard to stores and the library's updates after an upgrade are one comparison
(tools/org_compare.py ``compare`` then ``differences``): this reads what it needs of the companies
in a fixed number of queries whatever their number (two for the departments and jobs, two for
their names and origins, one per kind of line), and applies the changes HR chose in batches.

Every department, job position and line a template creates keeps its origin (``library_origin``:
its texts and settings as the template gave them): a line whose texts or settings differ from its
origin was changed by the store; one whose origin differs from the template's line was changed
by the template. A line with no origin and no source is the store's own.
"""

from collections import defaultdict
from types import SimpleNamespace

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.org_compare import (
    ADDED,
    ADOPT,
    CHANGED,
    DEPARTMENT,
    DUTY,
    FUNCTION,
    JOB,
    KPI,
    NAME,
    NEW,
    QUALIFICATION,
    REMOVED,
    RENAMED,
    STORE_CHANGED,
    TARGET,
    Owner,
    StoreLine,
    differences,
    origin_values,
    state,
    stored_state,
)
from .dealer_org_kpi import _DEFER_TOKEN, DEFER_WEIGHT_CHECK
from .dealer_org_org_template import _duty_values, _PlacedJob

ORIGIN_HELP = (
    "The texts and settings the organisation template gave this record when it created it; "
    "comparing with a template tells the store's own changes from the template's."
)

# Each kind of line: model, table, owner column, the columns its state reads (besides the name).
LINE_MODELS = {
    DUTY: (
        "dealer_org.job.duty",
        "job_id",
        ("period", "weekday", "month_day", "period_month", "deadline_days", "checklist_item", "event"),
    ),
    QUALIFICATION: ("dealer_org.job.qualification", "job_id", ("kind",)),
    KPI: (
        "dealer_org.kpi",
        "job_id",
        ("code", "period", "minimum", "target", "maximum", "weight", "direction", "active"),
    ),
    FUNCTION: ("dealer_org.department.function", "department_id", ()),
    TARGET: (
        "dealer_org.department.kpi",
        "department_id",
        ("code", "period", "minimum", "target", "maximum", "direction", "active"),
    ),
}
TRANSLATED = {"name", "event"}


class _Origin(models.AbstractModel):
    _name = "dealer_org.library.origin.mixin"
    _description = "Library Origin of a Record or Line"

    library_origin = fields.Json("Template's Version", readonly=True, copy=False, help=ORIGIN_HELP)


class HrJob(models.Model):
    _name = "hr.job"
    _inherit = ["hr.job", "dealer_org.library.origin.mixin"]


class HrDepartment(models.Model):
    _name = "hr.department"
    _inherit = ["hr.department", "dealer_org.library.origin.mixin"]


class DealerOrgJobDuty(models.Model):
    _name = "dealer_org.job.duty"
    _inherit = ["dealer_org.job.duty", "dealer_org.library.origin.mixin"]


class DealerOrgJobQualification(models.Model):
    _name = "dealer_org.job.qualification"
    _inherit = ["dealer_org.job.qualification", "dealer_org.library.origin.mixin"]


class DealerOrgKpi(models.Model):
    _name = "dealer_org.kpi"
    _inherit = ["dealer_org.kpi", "dealer_org.library.origin.mixin"]


class DealerOrgDepartmentFunction(models.Model):
    _name = "dealer_org.department.function"
    _inherit = ["dealer_org.department.function", "dealer_org.library.origin.mixin"]


class DealerOrgDepartmentKpi(models.Model):
    _name = "dealer_org.department.kpi"
    _inherit = ["dealer_org.department.kpi", "dealer_org.library.origin.mixin"]


def _texts(value):
    """(English, Chinese) of a translated field's stored jsonb."""
    value = value or {}
    en = value.get("en_US") or next(iter(value.values()), None)
    return en, value.get("zh_CN") or en


# The push concern of templates in a file of its own (as the exchange one), beside the record.
class DealerOrgOrgTemplate(models.Model):
    _inherit = "dealer_org.org.template"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Reading: the differences of a template with companies
    # ------------------------------------------------------------------

    def _compare_differences(self, companies, definition=None):
        """{company: Comparison with each present or adopted record's changes} of this template
        with ``companies``, in a fixed number of queries whatever the number of companies."""
        library, tpl = definition or self._definition()
        if tpl is None or not companies:
            return {}
        comparisons = self._compare_companies(companies, definition=(library, tpl))
        owners = self._read_owners(comparisons)
        return {
            company: differences(tpl, library, comparison, owners)
            for company, comparison in comparisons.items()
        }

    def _read_owners(self, comparisons):
        """{(kind, record id): org_compare.Owner} of the records the companies have (present or
        adopted): their names and origins (one query per model), their lines (one per kind)."""
        ids = {DEPARTMENT: set(), JOB: set()}
        for comparison in comparisons.values():
            for match in comparison.matches():
                if match.record_id and match.status != NEW:
                    ids[match.kind].add(match.record_id)
        self.env.flush_all()
        owners = {}
        cr = self.env.cr
        for kind, table in ((DEPARTMENT, "hr_department"), (JOB, "hr_job")):
            if not ids[kind]:
                continue
            cr.execute(
                SQL(
                    "SELECT id, name, library_origin, org_template_id FROM %(table)s WHERE id = ANY(%(ids)s)",
                    table=SQL.identifier(table),
                    ids=list(ids[kind]),
                )
            )
            for rid, name, origin, template_id in cr.fetchall():
                en, zh = _texts(name)
                owners[(kind, rid)] = (
                    StoreLine(rid, state(NAME, {"en": en, "zh": zh}), origin=stored_state(NAME, origin)),
                    template_id,
                    defaultdict(list),
                )
        for line_kind, (model, owner, columns) in LINE_MODELS.items():
            owner_kind = JOB if owner == "job_id" else DEPARTMENT
            if not ids[owner_kind]:
                continue
            Model = self.env[model]
            relation = Model._fields["source_ids"]
            cr.execute(
                SQL(
                    "SELECT t.id, t.%(owner)s, t.name, t.library_origin, t.sequence, %(columns)s, "
                    "EXISTS(SELECT 1 FROM %(rel)s r WHERE r.%(col1)s = t.id) "
                    "FROM %(table)s t WHERE t.%(owner)s = ANY(%(ids)s)",
                    owner=SQL.identifier(owner),
                    columns=SQL(", ").join(SQL("t.%s", SQL.identifier(c)) for c in columns)
                    if columns
                    else SQL("NULL"),
                    rel=SQL.identifier(relation.relation),
                    col1=SQL.identifier(relation.column1),
                    table=SQL.identifier(Model._table),
                    ids=list(ids[owner_kind]),
                )
            )
            for row in cr.fetchall():
                line_id, owner_id, name, origin, sequence = row[:5]
                values = dict(zip(columns, row[5:-1], strict=True)) if columns else {}
                has_source = row[-1]
                en, zh = _texts(name)
                values.update(en=en, zh=zh)
                if "event" in values:
                    values["event"] = _texts(values["event"])[0]
                owner_entry = owners.get((owner_kind, owner_id))
                if owner_entry is None:
                    continue
                owner_entry[2][line_kind].append(
                    StoreLine(
                        line_id,
                        state(line_kind, values),
                        code=values.get("code") or None,
                        origin=stored_state(line_kind, origin),
                        library=bool(origin) or bool(has_source),
                        active=values.get("active", True) is not False,
                        sequence=sequence or 0,
                    )
                )
        return {
            key: Owner(name, dict(lines), origin=template_id)
            for key, (name, template_id, lines) in owners.items()
        }

    # ------------------------------------------------------------------
    # Applying chosen changes
    # ------------------------------------------------------------------

    def _apply_changes(self, chosen, definition=None, comparisons=None):
        """Apply the chosen differences of this template. ``chosen``: [(company, kind, key,
        Match, Change or None)]: a Change of a present or adopted record, or None for the record
        itself (a new one is created, an adopted one receives the template's code). Everything in
        batches: one create per kind of line, one write per distinct set of values. Returns
        {(model, record id): [lines describing what changed]} for the chatter and the log."""
        library, tpl = definition or self._definition()
        log = defaultdict(list)
        new = defaultdict(set)
        adopted = []
        line_changes = []
        for company, kind, key, match, change in chosen:
            if change is None and match.status == NEW:
                new[company].add((kind, key))
            elif change is None and match.status == ADOPT:
                adopted.append((company, kind, key, match))
            elif change is not None:
                line_changes.append((company, kind, key, match, change))
        if new:
            for record, text in self._create_chosen(new, library, tpl, comparisons).items():
                log[record].append(text)
        for record, text in self._adopt_chosen(adopted, library).items():
            log[record].append(text)
        for record, texts in self._apply_line_changes(line_changes, library).items():
            log[record] += texts
        return log

    def _create_chosen(self, new, library, tpl, comparisons):
        """Create the chosen new departments and jobs: the template restricted to what each
        company has or chose (a chosen job brings its department, a department its parents),
        applied to the companies that chose the same, adoptions left to ``_adopt_chosen``."""
        comparisons = comparisons or self._compare_companies(list(new), definition=(library, tpl))
        parent_of = {d.ref: d.parent for d in tpl.departments}
        groups = defaultdict(list)
        for company, keys in new.items():
            keys = set(keys)
            for kind, key in list(keys):
                department = key if kind == DEPARTMENT else key[1]
                while department:
                    keys.add((DEPARTMENT, department))
                    department = parent_of.get(department)
            comparison = comparisons[company]
            unchosen = frozenset(
                (m.kind, m.key) for m in comparison.matches(status=NEW) if (m.kind, m.key) not in keys
            )
            groups[unchosen].append(company)
        Company = self.env["res.company"]
        created = {}
        for unchosen, companies in groups.items():
            departments = tuple(d for d in tpl.departments if (DEPARTMENT, d.ref) not in unchosen)
            kept = {(p.ref, p.department) for p in tpl.jobs if (JOB, (p.ref, p.department)) not in unchosen}
            refs = {ref for ref, _d in kept}
            jobs = tuple(
                p if not p.superior or p.superior in refs else _replace(p, superior=None)
                for p in tpl.jobs
                if (p.ref, p.department) in kept
            )
            subset = _replace(tpl, departments=departments, jobs=jobs)
            group = Company.browse([c.id for c in companies])
            # The adoptions are not applied here: an adopted record counts as the company's.
            group_comparisons = {company: _adoptions_as_present(comparisons[company]) for company in group}
            before = self._records_of(group)
            self._apply_to_companies(group, definition=(library, subset), comparisons=group_comparisons)
            after = self._records_of(group)
            for model in ("hr.department", "hr.job"):
                for record_id in after[model] - before[model]:
                    created[(model, record_id)] = self.env._(
                        "Created from the organisation template “%(template)s”.", template=self.display_name
                    )
        return created

    def _records_of(self, companies):
        return {
            model: set(
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search([("company_id", "in", companies.ids)])
                .ids
            )
            for model in ("hr.department", "hr.job")
        }

    def _adopt_chosen(self, adopted, library):
        """The chosen adoptions: HR's department or job receives the template's code and origin;
        its name, texts, lines and place stay as HR made them (its lines are other changes)."""
        result = {}
        for kind, model, catalogue_model, field in (
            (DEPARTMENT, "hr.department", "dealer_org.library.department", "library_department_id"),
            (JOB, "hr.job", "dealer_org.library.job", "library_job_id"),
        ):
            matches = [(key, match) for _c, k, key, match in adopted if k == kind]
            if not matches:
                continue
            entries = library.departments if kind == DEPARTMENT else library.jobs
            catalogue = self._catalogue(catalogue_model, entries)
            by_code = defaultdict(list)
            for key, match in matches:
                by_code[key if kind == DEPARTMENT else key[0]].append(match.record_id)
            Writer = self._writer(model)
            for code, ids in by_code.items():
                entry = entries[code]
                Writer.browse(ids).write(
                    {
                        field: catalogue.get(code),
                        "library_code": code,
                        "org_template_id": self.id,
                        "library_origin": origin_values(NAME, entry.name),
                    }
                )
                for record_id in ids:
                    result[(model, record_id)] = self.env._(
                        "Adopted as the organisation template “%(template)s”'s “%(name)s”.",
                        template=self.display_name,
                        name=entry.name.en,
                    )
        return result

    def _apply_line_changes(self, changes, library):
        """Apply chosen changes of lines and names: add, rewrite, remove; returns the log."""
        sources = {s.code: s.id for s in self.env["dealer_org.source"].sudo().search([])}

        def source_cmd(codes):
            return [fields.Command.set([sources[c] for c in codes if c in sources])]

        log = defaultdict(list)
        added = defaultdict(lambda: defaultdict(list))  # line kind -> owner id -> definitions
        rewrites = defaultdict(list)  # line kind -> [(line id, Change)]
        removed = defaultdict(list)
        for _company, kind, _key, match, change in changes:
            owner_model = "hr.department" if kind == DEPARTMENT else "hr.job"
            log[(owner_model, match.record_id)].append(self._describe(change))
            if change.kind == ADDED:
                added[change.line][match.record_id].append(change.definition)
            elif change.kind in (CHANGED, RENAMED, STORE_CHANGED):
                rewrites[change.line].append(
                    (match.record_id if change.line == NAME else change.record_id, change, owner_model)
                )
            elif change.kind == REMOVED:
                removed[change.line].append(change.record_id)
        defer = {DEFER_WEIGHT_CHECK: _DEFER_TOKEN}
        jobs_with_kpis = set(added[KPI]) | {
            match.record_id for _c, kind, _k, match, change in changes if change.line == KPI
        }
        # The weights of a job's KPIs are checked once, after every chosen change (below).
        self.with_context(**defer)._add_lines(added, library, source_cmd)
        self._rewrite(rewrites, defer)
        for line_kind, ids in removed.items():
            model = LINE_MODELS[line_kind][0]
            records = self._writer(model).with_context(**defer).browse(ids).exists()
            if line_kind in (KPI, TARGET):
                records.write({"active": False})
            else:
                records.unlink()
        if jobs_with_kpis:
            try:
                self.env["hr.job"].sudo().browse(sorted(jobs_with_kpis)).exists()._check_kpi_weights()
            except ValidationError as exc:
                raise ValidationError(
                    self.env._(
                        "The chosen KPI changes leave a job's weights not adding up to 100 %%: choose "
                        "all the KPI changes of that job and period together.\n%(problem)s",
                        problem=exc.args[0],
                    )
                ) from exc
        return log

    def _add_lines(self, added, library, source_cmd):
        """Create the chosen added lines, one batch per kind of line, after the owners' own."""
        Job, Department = self.env["hr.job"].sudo(), self.env["hr.department"].sudo()
        start = self._next_sequence(added)
        if added[DUTY] or added[QUALIFICATION]:
            for line_kind, attribute, model, values, suffix in (
                (DUTY, "duties", "dealer_org.job.duty", _duty_values, "duty"),
                (
                    QUALIFICATION,
                    "qualifications",
                    "dealer_org.job.qualification",
                    lambda q: {"kind": q.kind},
                    "qualification",
                ),
            ):
                owners = added[line_kind]
                if not owners:
                    continue
                jobs = Job.browse(list(owners))
                definitions = [
                    _PlacedJob(**{"duties": (), "qualifications": (), attribute: tuple(owners[j.id])})
                    for j in jobs
                ]
                self._apply_job_lines(
                    jobs,
                    definitions,
                    attribute,
                    model,
                    values,
                    source_cmd,
                    None,
                    suffix,
                    start=start[line_kind],
                )
        if added[KPI]:
            jobs = Job.browse(list(added[KPI]))
            self._apply_kpis(jobs, [tuple(added[KPI][j.id]) for j in jobs], library, None, source_cmd)
        if added[FUNCTION]:
            rows = [(Department.browse(d), fn) for d, fns in added[FUNCTION].items() for fn in fns]
            self._create_functions(rows, source_cmd, start=start[FUNCTION])
        if added[TARGET]:
            departments = Department.browse(list(added[TARGET]))
            self._apply_department_targets(
                departments,
                [SimpleNamespace(kpis=tuple(added[TARGET][d.id])) for d in departments],
                library,
                source_cmd,
            )

    def _next_sequence(self, added):
        """{kind of line: the sequence after the owners' last line} (one query per kind)."""
        result = defaultdict(lambda: 1)
        for line_kind in (DUTY, QUALIFICATION, FUNCTION):
            if not added[line_kind]:
                continue
            model, owner, _c = LINE_MODELS[line_kind]
            self.env.cr.execute(
                SQL(
                    "SELECT COALESCE(MAX(sequence), 0) + 1 FROM %(table)s WHERE %(owner)s = ANY(%(ids)s)",
                    table=SQL.identifier(self.env[model]._table),
                    owner=SQL.identifier(owner),
                    ids=list(added[line_kind]),
                )
            )
            result[line_kind] = self.env.cr.fetchone()[0]
        return result

    def _rewrite(self, rewrites, defer):
        """Rewrite names and lines as the template has them: one write per distinct set of
        values (the same change in every store is one write), the Chinese in one query per field."""
        Library = self.env["dealer_org.library"]
        for line_kind, items in rewrites.items():
            groups = defaultdict(list)
            for record_id, change, owner_model in items:
                model = owner_model if line_kind == NAME else LINE_MODELS[line_kind][0]
                values = dict(change.template)
                vals = {"name": values.pop("en"), "library_origin": dict(change.template)}
                values.pop("zh")
                if line_kind == DUTY:
                    vals["weekday"] = values.pop("weekday") or False
                    vals["event"] = values.pop("event") or False
                    for name in ("month_day", "period_month", "deadline_days"):
                        vals[name] = int(values.pop(name) or 0)
                    vals["checklist_item"] = bool(values.pop("checklist_item"))
                vals.update(
                    {
                        k: (
                            v
                            if v is not None
                            else (0.0 if k in ("minimum", "target", "maximum", "weight") else False)
                        )
                        for k, v in values.items()
                    }
                )
                key = (model, tuple(sorted((k, repr(v)) for k, v in vals.items())))
                groups[key].append((record_id, vals, change))
            zh = defaultdict(list)
            for (model, _key), rows in groups.items():
                Writer = self._writer(model).with_context(lang="en_US", **defer)
                records = Writer.browse([r for r, _v, _c in rows]).exists()
                if not records:
                    continue
                records.write(rows[0][1])
                for record_id, _vals, change in rows:
                    zh[model].append((record_id, dict(change.template)["zh"], change))
            for model, rows in zh.items():
                records = self.env[model].sudo().browse([r for r, _z, _c in rows])
                Library._store_zh(records, "name", [z or "" for _r, z, _c in rows])
                if model == "dealer_org.job.duty":
                    with_event = [
                        (r, c.definition)
                        for r, _z, c in rows
                        if c.definition and c.definition.schedule.event_zh
                    ]
                    Library._store_zh(
                        records.browse([r for r, _d in with_event]),
                        "event",
                        [d.schedule.event_zh for _r, d in with_event],
                    )

    def _describe(self, change):
        """One line of the chatter and the log: what changed, in the user's words."""
        en, zh = change.text
        text = zh if (self.env.lang or "").startswith("zh") else en
        labels = self._line_labels()
        kinds = self._change_labels()
        return f"{kinds[change.kind]}: {labels[change.line]} “{text}”"

    def _line_labels(self):
        return {
            NAME: self.env._("Name"),
            DUTY: self.env._("Duty"),
            QUALIFICATION: self.env._("Qualification"),
            KPI: self.env._("KPI"),
            FUNCTION: self.env._("Function"),
            TARGET: self.env._("Department Target"),
        }

    def _change_labels(self):
        return {
            ADDED: self.env._("Added"),
            CHANGED: self.env._("Changed"),
            RENAMED: self.env._("Renamed"),
            REMOVED: self.env._("Removed"),
            STORE_CHANGED: self.env._("Reset to the template"),
        }

    def _post_log(self, log):
        """One chatter note per department or job position listing what changed and from which
        template (one batch per model)."""
        for model in ("hr.department", "hr.job"):
            bodies = {
                record_id: Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "Updated from the organisation template “%(template)s”:", template=self.display_name
                    ),
                    Markup("").join(Markup("<li>%s</li>") % text for text in texts),
                )
                for (m, record_id), texts in log.items()
                if m == model
            }
            if bodies:
                records = self.env[model].sudo().browse(list(bodies)).exists()
                records._message_log_batch({r.id: bodies[r.id] for r in records})


def _replace(obj, **changes):
    import dataclasses  # noqa: PLC0415

    return dataclasses.replace(obj, **changes)


def _adoptions_as_present(comparison):
    """The comparison with its adoptions counted as records the company has (not adopted again)."""
    from ..tools.org_compare import PRESENT, Comparison  # noqa: PLC0415

    result = Comparison(
        existing_departments=comparison.existing_departments, existing_jobs=comparison.existing_jobs
    )
    for source, target in ((comparison.departments, result.departments), (comparison.jobs, result.jobs)):
        for key, match in source.items():
            target[key] = _replace(match, status=PRESENT) if match.status == ADOPT else match
    return result

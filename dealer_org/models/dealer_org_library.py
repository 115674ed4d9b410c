import json
import os

from odoo import api, fields, models
from odoo.modules.module import get_manifest
from odoo.tools import SQL, parse_version, split_every

from ..tools.library import Kpi, kpi_description, load_library
from .dealer_org_org_template import _kpi_origin

ZH = "zh_CN"
# The library codes of the sources and templates this database has received (JSON):
# {"sources": [...], "templates": [...]}.
RECEIVED_CODES_PARAM = "dealer_org.library_received_codes"
# The library codes each release delivered (see _release_codes).
RELEASES_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "library", "releases.json")
# Set once the KPIs, department targets and duties of the database carry their library origin
# (on install, or by the 18.0.1.1.0 backfill of an older database).
ORIGIN_BACKFILLED_PARAM = "dealer_org.origin_backfilled"


class DealerOrgLibrary(models.AbstractModel):
    """Loads the library document (data/library/dealer_org_library.xml) into the database:
    source documents, the catalogue of departments and jobs with their lines, and the
    organisation templates."""

    _name = "dealer_org.library"
    _description = "Dealership Organisation Library"

    @api.model
    def _sync_library(self):
        """Bring the catalogue in line with the library document; runs on install and upgrade.

        Sources and templates HR may have edited are only added, never rewritten, and only once:
        the codes the database received are remembered (system parameter
        ``dealer_org.library_received_codes``), so a source or template HR deleted does not come
        back, while one that is new in the library (a release that gained it) is delivered. The
        catalogue (library departments, jobs and lines) is read-only reference data and follows
        the document, new jobs and departments included; links to sources HR deleted are left
        out. HR's own departments and jobs are never touched here.
        """
        library = load_library()
        received = self._get_received_codes(library)
        sources = self._sync_sources(library, received["sources"])
        self._sync_catalogue(library, sources)
        self._sync_templates(library, sources, received["templates"])
        self._set_received_codes(
            {
                "sources": received["sources"] | set(library.sources),
                "templates": received["templates"] | set(library.templates),
            }
        )
        return True

    @api.model
    def _get_received_codes(self, library):
        """{"sources": set of codes, "templates": set of codes} the database already received.

        - The codes the database holds count as received.
        - A first sync (no library catalogue yet: an install, or a reinstall after an uninstall,
          whatever parameter an older uninstall left behind) received nothing else.
        - Otherwise the record of the deliveries (``dealer_org.library_received_codes``) says
          what else was received (and deleted by HR since).
        - A database that has no such record although it was synced before (installed with a
          release that kept none, or the parameter was removed) is taken to have received the
          codes of the release it runs (``_release_codes``): what a later release gained is
          delivered, what HR deleted stays deleted.
        """
        present = {}
        for kind, model in (("sources", "dealer_org.source"), ("templates", "dealer_org.org.template")):
            present[kind] = set(
                self.env[model].sudo().with_context(active_test=False).search([]).mapped("code")
            )
        if (
            not self.env["dealer_org.library.job"]
            .sudo()
            .with_context(active_test=False)
            .search_count([], limit=1)
        ):
            return present
        stored = self._stored_received_codes()
        if stored is None:
            stored = self._release_codes(self._installed_version(), library)
        return {kind: present[kind] | stored[kind] for kind in present}

    @api.model
    def _stored_received_codes(self):
        """The recorded deliveries {"sources": set, "templates": set}, or None when there is no
        (readable) record."""
        raw = self.env["ir.config_parameter"].sudo().get_param(RECEIVED_CODES_PARAM)
        try:
            stored = json.loads(raw) if raw else None
        except ValueError:
            stored = None
        if not isinstance(stored, dict):
            return None
        received = {}
        for kind in ("sources", "templates"):
            codes = stored.get(kind)
            received[kind] = {c for c in codes if isinstance(c, str)} if isinstance(codes, list) else set()
        return received

    @api.model
    def _installed_version(self):
        """The version of dealer_org the database ran before this load (during an upgrade, the
        release it is upgraded from), or None."""
        module = self.env["ir.module.module"].sudo().search([("name", "=", "dealer_org")], limit=1)
        return module.latest_version or None

    @api.model
    def _release_codes(self, version, library):
        """{"sources": set, "templates": set}: the codes every database of dealer_org ``version``
        received. The current version (or a newer or unknown one) received the whole library;
        an older one, the codes of the latest release up to it (data/library/releases.json);
        one older than every listed release, nothing that it does not hold."""
        current = {"sources": set(library.sources), "templates": set(library.templates)}
        if not version:
            return current
        try:
            asked = parse_version(version)
            if asked >= parse_version(self._module_version()):
                return current
        except (TypeError, ValueError):
            return current
        releases = sorted(
            ((parse_version(v), entry) for v, entry in load_releases().items() if parse_version(v) <= asked),
            key=lambda item: item[0],
        )
        if not releases:
            return {"sources": set(), "templates": set()}
        entry = releases[-1][1]
        return {kind: set(entry[kind]) for kind in ("sources", "templates")}

    @api.model
    def _module_version(self):
        return get_manifest("dealer_org")["version"]

    @api.model
    def _set_received_codes(self, received):
        value = json.dumps({kind: sorted(codes) for kind, codes in sorted(received.items())})
        self.env["ir.config_parameter"].sudo().set_param(RECEIVED_CODES_PARAM, value)

    @api.model
    def _install_default_organisation(self):
        """Apply the default (standard 4S) structure where that is clearly right; install only.

        With one company, it gets the structure, adopting the departments and jobs HR already
        has that are the template's (tools/org_compare.py). With several (a holding and its
        stores), nobody can tell which companies are stores: only a company whose own
        organisation the template adopts (``Comparison.adopts_organisation``) gets it; the others
        get nothing, and the log, Settings and the module description point HR to Apply an
        Organisation Template. Returns the companies the structure was applied to."""
        self._sync_library()
        template = self.env["dealer_org.org.template"].search([("is_default", "=", True)], limit=1)
        everyone = self.env["res.company"].sudo().search([])
        companies = everyone
        if len(everyone) > 1:
            comparisons = template._compare_companies(everyone)
            companies = everyone.filtered(lambda c: comparisons[c].adopts_organisation())
        if companies:
            # xml ids name the records created in a lone company (the demo data refers to them).
            template._apply_to_companies(companies, with_xmlids=len(companies) == 1)
        template._log_not_applied(everyone - companies)
        self.env["ir.config_parameter"].sudo().set_param(ORIGIN_BACKFILLED_PARAM, "1")
        return companies

    @api.model
    def _backfill_library_origin(self):
        """For databases set up before KPIs, targets and adapted lines carried their origin
        (module 18.0.1.1.0): the library KPIs of library jobs get their sources, the document's
        words and the suggestion mark; library departments without targets get the targets their
        documents set; duties in the library's adapted wording are marked adapted. Only records
        that come from the library (same library code and KPI code or text) are touched, and only once
        (system parameter ``dealer_org.origin_backfilled``, set on install too): what HR removed
        afterwards is not brought back."""
        library = load_library()
        Template = self.env["dealer_org.org.template"]
        sources = {s.code: s.id for s in self.env["dealer_org.source"].sudo().search([])}

        def source_cmd(codes):
            return [fields.Command.set([sources[c] for c in codes if c in sources])]

        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(ORIGIN_BACKFILLED_PARAM):
            return False
        # One write per library KPI (the same origin for every company's copy of it), not per record.
        KpiModel = self.env["dealer_org.kpi"].sudo().with_context(active_test=False)
        kpis = KpiModel.search([("job_id.library_code", "!=", False), ("source_ids", "=", False)])
        for (job_code, code), copies in kpis.grouped(lambda k: (k.job_id.library_code, k.code)).items():
            job = library.jobs.get(job_code)
            definition = next((k for k in job.kpis if k.code == code), None) if job else None
            if not definition:
                continue
            origin = _kpi_origin(definition, source_cmd)
            copies.write({"quote": origin["quote"], "source_ids": origin["source_ids"]})
            # Raw SQL: the suggestion mark must not count as HR's review of the figures.
            self.env.cr.execute(
                "UPDATE dealer_org_kpi SET is_suggested = %s WHERE id = ANY(%s)",
                (origin["is_suggested"], copies.ids),
            )
            if definition.quote:
                self._store_zh(copies, "quote", [definition.quote.zh] * len(copies))
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        departments = Department.search(
            [("library_code", "in", [d.code for d in library.departments.values() if d.kpis])]
        ).filtered(lambda d: not d.with_context(active_test=False).target_ids)
        Template._apply_department_targets(
            departments, [library.departments[d.library_code] for d in departments], library, source_cmd
        )
        adapted = {
            (job.code, duty.text.en) for job in library.jobs.values() for duty in job.duties if duty.adapted
        }
        # Read in English as one recordset: the names of all duties in one query.
        duties = (
            self.env["dealer_org.job.duty"]
            .sudo()
            .with_context(lang="en_US")
            .search([("job_id.library_code", "!=", False)])
        )
        duties.filtered(lambda d: (d.job_id.library_code, d.name) in adapted).write({"is_adapted": True})
        params.set_param(ORIGIN_BACKFILLED_PARAM, "1")
        self.env.invalidate_all()
        return True

    def _sync_sources(self, library, received):
        """Create the library's sources the database never received; return {code: id} of the
        sources it has (HR may have deleted some)."""
        Source = self.env["dealer_org.source"].sudo().with_context(active_test=False)
        new = [s for s in library.sources.values() if s.code not in received]
        if new:
            records = Source.create([{"code": s.code, "name": s.title.en} for s in new])
            self._store_zh(records, "name", [s.title.zh for s in new])
            self._add_xmlids(records, [f"source_{s.code}" for s in new])
        return {s.code: s.id for s in Source.search([])}

    def _sync_templates(self, library, sources, received):
        """Create the library's templates the database never received."""
        Template = self.env["dealer_org.org.template"].sudo().with_context(active_test=False)
        new = [t for t in library.templates.values() if t.code not in received]
        if not new:
            return
        records = Template.create(
            [
                {
                    "code": t.code,
                    "name": t.name.en,
                    "description": t.description.en,
                    "sequence": 1 if t.is_default else 10 + index,
                    "is_default": t.is_default,
                    "source_ids": _sources_cmd(sources, t.sources),
                }
                for index, t in enumerate(new)
            ]
        )
        self._store_zh(records, "name", [t.name.zh for t in new])
        self._store_zh(records, "description", [t.description.zh for t in new])
        self._add_xmlids(records, [f"org_template_{t.code}" for t in new])

    def _sync_catalogue(self, library, sources):
        """Upsert library departments and jobs by code; rebuild their lines (batched)."""
        departments = self._sync_catalogue_records(
            "dealer_org.library.department", library.departments, "library_department", sources
        )
        jobs = self._sync_catalogue_records("dealer_org.library.job", library.jobs, "library_job", sources)
        rows = []
        for entry in library.departments.values():
            stem = f"library_department_{entry.code}_function"
            rows += [
                ("department_id", departments[entry.code], "function", line, stem) for line in entry.functions
            ]
            rows += [
                ("department_id", departments[entry.code], "kpi", kpi, f"library_department_{entry.code}_kpi")
                for kpi in entry.kpis
            ]
        for entry in library.jobs.values():
            stem = f"library_job_{entry.code}"
            rows += [("job_id", jobs[entry.code], "duty", line, f"{stem}_duty") for line in entry.duties]
            rows += [
                ("job_id", jobs[entry.code], "qualification", line, f"{stem}_qualification")
                for line in entry.qualifications
            ]
            rows += [("job_id", jobs[entry.code], "kpi", kpi, f"{stem}_kpi") for kpi in entry.kpis]
        self._sync_catalogue_lines(rows, sources, library)

    def _sync_catalogue_records(self, model, entries, prefix, sources):
        """Create the missing catalogue records of ``model``, update the others' texts;
        return {code: record}."""
        Model = self.env[model].sudo().with_context(active_test=False)
        existing = {r.code: r for r in Model.search([])}
        is_job = model == "dealer_org.library.job"

        def values(entry):
            vals = {
                "code": entry.code,
                "name": entry.name.en,
                "source_ids": _sources_cmd(sources, entry.sources),
            }
            if is_job:
                vals["is_inferred"] = entry.inferred
                vals["responsibility_summary"] = entry.summary.text.en if entry.summary else False
                vals["inference_note"] = entry.inference.en if entry.inference else False
            return vals

        new = [e for e in entries.values() if e.code not in existing]
        created = Model.create([values(e) for e in new])
        self._add_xmlids(created, [f"{prefix}_{e.code}" for e in new])
        for entry in entries.values():
            record = existing.get(entry.code)
            if record and (
                record.name != entry.name.en
                or (is_job and (record.inference_note or False) != values(entry)["inference_note"])
                or set(record.source_ids.mapped("code")) != {c for c in entry.sources if c in sources}
            ):
                record.write(values(entry))
        by_code = {r.code: r for r in Model.search([("code", "in", list(entries))])}
        self._store_zh(
            Model.browse([by_code[c].id for c in entries]), "name", [e.name.zh for e in entries.values()]
        )
        if is_job:
            with_summary = [e for e in entries.values() if e.summary]
            self._store_zh(
                Model.browse([by_code[e.code].id for e in with_summary]),
                "responsibility_summary",
                [e.summary.text.zh for e in with_summary],
            )
            with_inference = [e for e in entries.values() if e.inference]
            self._store_zh(
                Model.browse([by_code[e.code].id for e in with_inference]),
                "inference_note",
                [e.inference.zh for e in with_inference],
            )
        return by_code

    def _sync_catalogue_lines(self, rows, sources, library):
        """Rebuild the catalogue's lines: they are reference data only, nobody edits them.

        rows: (owner field, owner record, line type, library line, xml id stem)
        """
        Line = self.env["dealer_org.library.line"].sudo()
        Line.search([]).unlink()
        values = []
        for sequence, (owner, record, line_type, line, _stem) in enumerate(rows, start=1):
            vals = {
                owner: record.id,
                "line_type": line_type,
                "sequence": sequence,
                "name": line.text.en if line_type != "kpi" else line.name.en,
                "kind": getattr(line, "kind", False),
                "source_ids": _sources_cmd(sources, line.sources),
            }
            if line_type == "kpi":
                vals.update(
                    name=line.name.en,
                    period=line.period,
                    kpi_code=line.code,
                    note=kpi_description(library, line).en,
                )
            if line_type == "duty":
                vals["brand"] = line.brand or False
                vals["is_adapted"] = line.adapted
                schedule = line.schedule
                vals["period"] = schedule.period
                vals["month_day"] = schedule.day if schedule.period == "monthly" else 0
                vals["deadline_days"] = schedule.within_days or 0
            values.append(vals)
        lines = Line.create(values)
        self._store_zh(lines, "name", [_zh_name(row[3]) for row in rows])
        kpis = [(rec, row[3]) for rec, row in zip(lines, rows, strict=True) if row[2] == "kpi"]
        self._store_zh(
            Line.browse([rec.id for rec, _kpi in kpis]),
            "note",
            [kpi_description(library, kpi).zh for _rec, kpi in kpis],
        )
        counters, names = {}, []
        for *_row, stem in rows:
            counters[stem] = counters.get(stem, 0) + 1
            names.append(f"{stem}_{counters[stem]:02d}")
        self._add_xmlids(lines, names)

    # ------------------------------------------------------------------
    # Helpers shared with the template application
    # ------------------------------------------------------------------

    @api.model
    def _store_zh(self, records, field_name, values):
        """Store the Chinese text of a translated field for many records, one query per 1000."""
        if not records:
            return
        if len(records) != len(values):
            raise ValueError(f"{len(records)} records but {len(values)} Chinese texts for {field_name}")
        records.flush_recordset([field_name])
        for chunk in split_every(1000, list(zip(records.ids, values, strict=True))):
            self.env.cr.execute(
                SQL(
                    "UPDATE %(table)s AS t SET %(col)s = COALESCE(t.%(col)s, '{}'::jsonb) "
                    "|| jsonb_build_object(%(lang)s, v.zh) "
                    "FROM (VALUES %(values)s) AS v(id, zh) WHERE t.id = v.id",
                    table=SQL.identifier(records._table),
                    col=SQL.identifier(field_name),
                    lang=ZH,
                    values=SQL(", ").join(SQL("(%s, %s)", rid, zh) for rid, zh in chunk),
                )
            )
        records.invalidate_recordset([field_name])

    @api.model
    def _add_xmlids(self, records, names):
        """Give records noupdate xml ids of this module: the .po terms attach to them, and an
        upgrade neither rewrites nor deletes them."""
        self.env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": f"dealer_org.{name}", "record": record, "noupdate": True}
                for record, name in zip(records, names, strict=True)
            ]
        )


def load_releases(path=RELEASES_PATH):
    """{version: {"records_deliveries": bool, "sources": [codes], "templates": [codes]}} of the
    releases of dealer_org, from data/library/releases.json."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["releases"]


def _zh_name(line):
    """The Chinese text of a library line (a KPI's is its name)."""
    return line.name.zh if isinstance(line, Kpi) else line.text.zh


def _sources_cmd(sources, codes):
    """The x2many command linking the sources of ``codes`` the database has ({code: id})."""
    return [fields.Command.set([sources[c] for c in codes if c in sources])]

"""Organisation templates a store can work with: what a template's documents leave its jobs
without (duties, headcounts), shown on the template and in the Apply preview, and the optional
filling after Apply (tools/template_fill.py says from what, and why)."""

from markupsafe import Markup

from odoo import api, fields, models

from ..tools.org_compare import JOB
from ..tools.template_fill import SUGGESTED_HEADCOUNT, fill_for, undocumented, without_headcount
from .dealer_org_org_template import _duty_values


class DealerOrgOrgTemplate(models.Model):
    _inherit = "dealer_org.org.template"  # pylint: disable=consider-merging-classes-inherited

    undocumented_job_count = fields.Integer(
        "Jobs without Duties",
        compute="_compute_gaps",
        help="Job positions to which the template's source documents give no duties: the template "
        "creates them empty unless Apply fills them from the library's equivalent jobs.",
    )
    fillable_job_count = fields.Integer(
        "Fillable from Equivalent Jobs",
        compute="_compute_gaps",
        help="Jobs without duties for which the library has an equivalent job with duties.",
    )
    no_headcount_job_count = fields.Integer(
        "Jobs without Headcount",
        compute="_compute_gaps",
        help="Job positions for which the template's documents give no headcount (编制).",
    )
    gaps = fields.Html("What the Documents Leave Out", compute="_compute_gaps", sanitize=True)

    @api.depends_context("lang")
    def _compute_gaps(self):
        zh = (self.env.lang or "").startswith("zh")
        for template in self:
            library, tpl = template._definition()
            if tpl is None:
                template.undocumented_job_count = template.fillable_job_count = 0
                template.no_headcount_job_count = 0
                template.gaps = False
                continue
            empty = undocumented(tpl, library)
            fills = {p: fill_for(tpl, library, p) for p in empty}
            template.undocumented_job_count = len(empty)
            template.fillable_job_count = sum(1 for f in fills.values() if f)
            template.no_headcount_job_count = len(without_headcount(tpl))
            template.gaps = template._render_gaps(library, fills, zh) if empty else False

    def _render_gaps(self, library, fills, zh):
        """One line per undocumented job: where Apply can fill it from, or that nothing can."""

        def name(text):
            return text.zh if zh else text.en

        items = []
        for placement, fill in fills.items():
            job = name(library.jobs[placement.ref].name)
            if fill:
                text = self.env._(
                    "%(job)s: from %(equivalent)s (%(document)s)",
                    job=job,
                    equivalent=name(fill.job.name),
                    document=name(library.sources[fill.source].title),
                )
            else:
                text = self.env._("%(job)s: no equivalent job in the library", job=job)
            items.append(Markup("<li>%s</li>") % text)
        return Markup("<ul class='o_dealer_org_template_gaps'>%s</ul>") % Markup("").join(items)

    def _gap_summary(self):
        """The sentence the Apply preview shows about what the documents leave out (or '')."""
        self.ensure_one()
        if not self.undocumented_job_count and not self.no_headcount_job_count:
            return ""
        return self.env._(
            "%(count)s jobs without duties in the source document (%(fillable)s can be filled from the "
            "library's equivalent jobs); %(headcount)s jobs without headcount.",
            count=self.undocumented_job_count,
            fillable=self.fillable_job_count,
            headcount=self.no_headcount_job_count,
        )

    # ------------------------------------------------------------------
    # Filling after Apply
    # ------------------------------------------------------------------

    def _fill_companies(self, companies, duties=True, headcount=True):
        """Give the companies' jobs of this template what its documents leave out: ``duties``:
        undocumented jobs that have no duty line at all (archived ones included) receive the
        equivalent job's duties, and its qualifications when they have none, marked adapted with
        their source; ``headcount``: jobs of a placement without headcount whose headcount is 0
        receive the suggestion, marked as such. Batched: one query per kind of line and one
        create per equivalent job, whatever the number of companies. Returns the duties created."""
        self.ensure_one()
        Duty = self.env["dealer_org.job.duty"]
        library, tpl = self._definition()
        if tpl is None or not companies or not (duties or headcount):
            return Duty
        comparisons = self._compare_companies(companies, definition=(library, tpl))
        job_ids = {}  # placement -> [job ids of the companies]
        for comparison in comparisons.values():
            for key, rid in comparison.record_ids(JOB).items():
                job_ids.setdefault(key, []).append(rid)
        created = Duty
        if duties:
            created = self._fill_duties(library, tpl, job_ids)
        if headcount:
            ids = [rid for p in without_headcount(tpl) for rid in job_ids.get((p.ref, p.department), ())]
            jobs = self._writer("hr.job").search([("id", "in", ids), ("headcount", "=", 0)])
            jobs.write({"headcount": SUGGESTED_HEADCOUNT, "headcount_suggested": True})
        return created

    def _fill_duties(self, library, tpl, job_ids):
        fills = {p: fill_for(tpl, library, p) for p in undocumented(tpl, library)}
        targets = [
            (fill, rid) for p, fill in fills.items() if fill for rid in job_ids.get((p.ref, p.department), ())
        ]
        Duty = self.env["dealer_org.job.duty"]
        if not targets:
            return Duty
        ids = [rid for _fill, rid in targets]
        with_lines = {}
        for model in ("dealer_org.job.duty", "dealer_org.job.qualification"):
            groups = self._writer(model)._read_group([("job_id", "in", ids)], ["job_id"], ["__count"])
            with_lines[model] = {job.id for job, _count in groups}
        sources = {s.code: s.id for s in self.env["dealer_org.source"].sudo().search([])}

        def source_cmd(codes):
            return [fields.Command.set([sources[c] for c in codes if c in sources])]

        catalogue = self._catalogue("dealer_org.library.job", {f.job.code for f, _rid in targets})
        by_equivalent = {}
        for fill, rid in targets:
            by_equivalent.setdefault((fill.job.code, fill.source), (fill, []))[1].append(rid)
        Job = self._writer("hr.job")
        created = Duty
        for fill, rids in by_equivalent.values():
            origin = {"is_adapted": True, "adapted_from_id": catalogue.get(fill.job.code)}
            jobs = Job.browse([r for r in rids if r not in with_lines["dealer_org.job.duty"]])
            created |= self._apply_job_lines(
                jobs,
                [fill] * len(jobs),
                "duties",
                "dealer_org.job.duty",
                lambda line, origin=origin: {**_duty_values(line), **origin},
                source_cmd,
                None,
                "duty",
            )
            jobs = jobs.filtered(lambda j: j.id not in with_lines["dealer_org.job.qualification"])
            if fill.qualifications:
                self._apply_job_lines(
                    jobs,
                    [fill] * len(jobs),
                    "qualifications",
                    "dealer_org.job.qualification",
                    lambda q, origin=origin: {"kind": q.kind, "adapted_from_id": origin["adapted_from_id"]},
                    source_cmd,
                    None,
                    "qualification",
                )
        return created

"""Organisation templates imported from an exported organisation document (issue 9).

An imported template stores the document it was imported from; its definition is that
document, parsed once per process and document version (keyed by the document's SHA-256),
not the shipped library. Importing validates the whole document before anything is written:
a bad file is refused with a UserError saying where and what to fix, and leaves the database
as it was.
"""

import base64
import hashlib
import logging
from collections import OrderedDict
from urllib.parse import quote

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.org_exchange import OrgDocumentError, load_organisation

_logger = logging.getLogger(__name__)

MAX_BYTES_PARAMETER = "dealer_org.org_exchange_max_bytes"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Parsed imported documents, by checksum: a template's definition is read on every display.
_DEFINITIONS = OrderedDict()
_CACHE_SIZE = 16
_IMPORT_FIELDS = {"document", "document_filename", "document_checksum", "is_imported"}
# Set when the template is created, by the module or the import: nobody changes them later.
_OWNERSHIP_FIELDS = {"company_id", "is_default"}


class DealerOrgOrgTemplate(models.Model):
    _inherit = "dealer_org.org.template"

    is_imported = fields.Boolean(
        "Imported",
        readonly=True,
        copy=False,
        help="The template was imported from an organisation document (XML) exported by dealer_org.",
    )
    document = fields.Binary(
        "Organisation Document",
        attachment=True,
        readonly=True,
        copy=False,
        help="The organisation document (XML) the template was imported from; download it to import "
        "it into another database.",
    )
    document_filename = fields.Char("Document File Name", readonly=True, copy=False)
    document_checksum = fields.Char(readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company",
        "Company",
        readonly=True,
        index=True,
        copy=False,
        help="The company that imported the template: only its users see it. Empty: a template "
        "shipped with the module, shared by every company.",
    )

    def write(self, vals):
        # The document is the template's definition, checked when imported: nobody rewrites it.
        if _IMPORT_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "The document of an imported organisation template cannot be changed: import the "
                    "new document as another template."
                )
            )
        if _OWNERSHIP_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "The company of an organisation template and its “Installed by Default” mark are set "
                    "when it is installed or imported and cannot be changed."
                )
            )
        if "code" in vals and any(template.code != vals["code"] for template in self):
            # Departments, jobs and applying refer to templates by code; the module's own
            # data (the superuser while modules load) alone may set one.
            if not (self.env.su and not self.env.registry.ready):
                raise UserError(
                    self.env._(
                        "The code of an organisation template cannot be changed: departments and job "
                        "positions created from it refer to it."
                    )
                )
        self._check_shared_rights()
        return super().write(vals)

    def _check_shared_rights(self):
        """A shared template (shipped, no company) is offered to every company: only an HR
        manager allowed in all companies changes it."""
        if self.env.su or not self.filtered(lambda template: not template.sudo().company_id):
            return
        every = self.env["res.company"].sudo().search([])
        if every - self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "The organisation templates shipped with the module are shared by every company: "
                    "only an HR manager allowed in all companies changes them."
                )
            )

    @api.model
    def _max_document_bytes(self):
        value = self.env["ir.config_parameter"].sudo().get_param(MAX_BYTES_PARAMETER)
        try:
            return int(value) if value else DEFAULT_MAX_BYTES
        except ValueError:
            return DEFAULT_MAX_BYTES

    def _definition(self):
        self.ensure_one()
        if not self.is_imported:
            return super()._definition()
        checksum = self.document_checksum
        library = _DEFINITIONS.get(checksum)
        if library is None:
            raw = base64.b64decode(self.sudo().with_context(bin_size=False).document or b"")
            if hashlib.sha256(raw).hexdigest() != checksum:
                _logger.warning(
                    "dealer_org: the document of template %s does not match its checksum", self.code
                )
                return None, None
            try:
                library = load_organisation(raw, max(len(raw), self._max_document_bytes()), self.env._)
            except OrgDocumentError as exc:
                _logger.warning("dealer_org: the document of template %s is not valid: %s", self.code, exc)
                return None, None
            _remember(checksum, library)
        return library, library.templates.get(self.code)

    @api.model
    def _import_organisation(self, raw, filename=None):
        """Create a template from an organisation document (bytes); HR managers only. The
        document is checked completely first; a bad one raises UserError and writes nothing.
        The sources it cites are reused by code, or created with the document's titles."""
        if not self.env.su and not self.env.user.has_group("hr.group_hr_manager"):
            raise AccessError(self.env._("Only HR managers can import an organisation."))
        try:
            library = load_organisation(raw, self._max_document_bytes(), self.env._)
        except OrgDocumentError as exc:
            raise UserError(
                self.env._(
                    "The organisation document cannot be imported:\n%(problems)s",
                    problems="\n".join(f"• {p}" for p in exc.problems),
                )
            ) from exc
        (tpl,) = library.templates.values()
        Template = self.sudo().with_context(active_test=False)
        if Template.search_count([("code", "=", tpl.code)]):
            # Named only when the user may read it: it may be another company's template.
            readable = self.with_context(active_test=False).search([("code", "=", tpl.code)], limit=1)
            if not readable:
                raise UserError(
                    self.env._(
                        "The organisation document's template code %(code)s is already used by a template "
                        "of another company. Export the organisation again with another template code, or "
                        "change the code attribute of <template> in the file.",
                        code=tpl.code,
                    )
                )
            raise UserError(
                self.env._(
                    "The organisation document's template code %(code)s is already used by the template "
                    "“%(name)s”. Export the organisation again with another template code, or change the "
                    "code attribute of <template> in the file.",
                    code=tpl.code,
                    name=readable.display_name,
                )
            )
        Library = self.env["dealer_org.library"]
        Source = self.env["dealer_org.source"].sudo().with_context(active_test=False)
        known = {s.code: s.id for s in Source.search([("code", "in", list(library.sources))])}
        new_sources = [s for code, s in library.sources.items() if code not in known]
        created = Source.create([{"code": s.code, "name": s.title.en} for s in new_sources])
        Library._store_zh(created, "name", [s.title.zh for s in new_sources])
        known.update({s.code: rec.id for s, rec in zip(new_sources, created, strict=True)})
        template = Template.create(
            {
                "code": tpl.code,
                "name": tpl.name.en,
                "description": tpl.description.en,
                "sequence": 100,
                "is_imported": True,
                # The importing company owns it (the company the user works in).
                "company_id": self.env.company.id,
                "document": base64.b64encode(raw),
                "document_filename": filename or f"{tpl.code}.xml",
                "document_checksum": hashlib.sha256(raw).hexdigest(),
                "source_ids": [fields.Command.set([known[c] for c in tpl.sources if c in known])],
            }
        )
        _remember(template.document_checksum, library)  # this process need not parse it again
        Library._store_zh(template, "name", [tpl.name.zh])
        Library._store_zh(template, "description", [tpl.description.zh])
        return template.with_env(self.env)

    def action_download_document(self):
        """Download the document an imported template was imported from."""
        self.ensure_one()
        if not self.is_imported:
            raise UserError(
                self.env._(
                    "The template “%(name)s” comes with the module: export the organisation of a company "
                    "that applied it instead.",
                    name=self.display_name,
                )
            )
        # The file name came with the upload: quoted, it stays one path segment of this URL.
        filename = quote(self.document_filename or "", safe="")
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/document/{filename}?download=true",
            "target": "self",
        }


def _remember(checksum, library):
    _DEFINITIONS[checksum] = library
    while len(_DEFINITIONS) > _CACHE_SIZE:
        _DEFINITIONS.popitem(last=False)

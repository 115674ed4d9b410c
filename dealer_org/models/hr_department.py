from odoo import api, fields, models
from odoo.exceptions import AccessError


class HrDepartment(models.Model):
    _name = "hr.department"
    _inherit = ["hr.department", "dealer_org.company.check.mixin"]

    function_ids = fields.One2many("dealer_org.department.function", "department_id", "Functions", copy=True)
    target_ids = fields.One2many(
        "dealer_org.department.kpi",
        "department_id",
        "Department Targets",
        help="Targets the documents set for the department as a whole; its head answers for them.",
    )
    org_template_id = fields.Many2one("dealer_org.org.template", "Organisation Template", index=True)
    library_department_id = fields.Many2one(
        "dealer_org.library.department",
        "Library Department",
        index=True,
        copy=False,
        help="The department of the dealer_org library this one comes from.",
    )
    library_code = fields.Char(
        compute="_compute_library_code",
        store=True,
        readonly=False,
        index=True,
        copy=False,
        help="The code the organisation templates know the department by: its library "
        "department's, or the one an imported organisation gave it.",
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_hr_department_source_rel"
    )

    @api.depends("library_department_id")
    def _compute_library_code(self):
        for department in self:
            if department.library_department_id:
                department.library_code = department.library_department_id.code

    @api.depends_context("hierarchical_naming", "lang")
    def _compute_display_name(self):
        """The hierarchical name in the user's language ("总经理室 / 销售部" in Chinese).

        Odoo stores ``complete_name`` in one language only; the path is rebuilt here from the
        translated names of the ancestors, read in one batch."""
        saved = self.filtered(lambda d: d.id and d.parent_path)
        if not self.env.context.get("hierarchical_naming", True) or not saved:
            return super()._compute_display_name()
        paths = {d.id: [int(i) for i in d.parent_path.split("/") if i] for d in saved}
        ancestors = (
            self.browse({i for path in paths.values() for i in path}).sudo().with_context(active_test=False)
        )
        names = {a.id: a.name for a in ancestors}
        for department in saved:
            department.display_name = " / ".join(names[i] for i in paths[department.id])
        super(HrDepartment, self - saved)._compute_display_name()

    def write(self, vals):
        """Who manages whom is HR's: core hr lets every employee write departments, and the
        department manager (manager_id) grants rights over the department's members
        (their checklists and KPI evaluations). Users without HR rights may change no more
        than what the chatter maintains."""
        if not self.env.su and not self.env.user.has_group("hr.group_hr_user"):
            forbidden = [
                name for name in vals if not name.startswith(("message_", "activity_")) and name != "color"
            ]
            if forbidden:
                raise AccessError(
                    self.env._(
                        "Only HR officers can change departments (%(fields)s): the department "
                        "manager decides who may see and evaluate its members.",
                        fields=", ".join(
                            self._fields[name]._description_string(self.env)
                            for name in forbidden
                            if name in self._fields
                        ),
                    )
                )
        return super().write(vals)

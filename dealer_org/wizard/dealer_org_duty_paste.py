"""Paste duties: HR pastes a 岗位职责 block (numbered, bulleted, one per line or ;-separated),
previews the duty lines with the period read from each, corrects them and adds them to the job."""

import re

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.dealer_org_job_duty import PERIODS, WEEKDAYS
from ..tools.duty_schedule import Schedule, parse_schedule
from ..tools.periods import EVENT, MONTH_DAY, WEEKDAY, parsed_day, takes

# A marker that starts a duty item: 1、 1. 1) (1) ① ⑴ 一、 ● • - …
_MARKER = (
    r"(?:[(（]?\d{1,2}[)）.、．:：](?!\d)|[(（]\d{1,2}[)）]|[(（]?[一二三四五六七八九十]{1,3}[)）、]"
    r"|[\u2460-\u2473]|[\u2474-\u2487]|[●•·▪◆◇■□▶►※]|[-–—*](?=\s*\S))"
)
_RE_MARKER_START = re.compile(r"^\s*" + _MARKER + r"\s*")
# An inline marker after the end of a previous item (。;; or a space) starts a new item.
_RE_INLINE_MARKER = re.compile(r"(?<=[。;；\s])\s*(?=" + _MARKER + r")|(?=[●•▪◆◇■□▶►※\u2460-\u2487])")
# A heading such as 岗位职责: or 销售顾问岗位职责: before the items.
_RE_HEADING = re.compile(
    r"^[^。;；,，]{0,30}(?:职责|职能|工作内容|主要工作|Duties|Responsibilities)[^。;；]{0,6}[:：]\s*",
    re.IGNORECASE,
)
_RE_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_TRAILING = " \t。;；,，、.:："
MAX_LINES = 200


def split_duties(text):
    """The duty lines of a pasted 岗位职责 block, in order, without markers or duplicates."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    items = []
    for raw_line in text.split("\n"):
        line = _RE_HEADING.sub("", raw_line.strip())
        if not line:
            continue
        for chunk in _RE_INLINE_MARKER.split(line):
            for piece in re.split(r"[;；]", chunk):
                piece = _RE_MARKER_START.sub("", piece.strip()).strip(_TRAILING)
                piece = _RE_CJK_GAP.sub("", piece)  # 档案管 理: a line break of the copied page
                if piece:
                    items.append(piece)
    seen, result = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


def schedule_values(text, lang=None):
    """The duty values (period, weekday, day, deadline, event) the text states: one dict per
    recurring period it names (年、季、月 gives three), else one."""
    schedule = parse_schedule(text)
    periods = getattr(schedule, "periods", ()) or ()
    if len(periods) <= 1:
        return [_values(schedule, lang)]
    return [_values(schedule, lang, period=period, keep_day=period == schedule.period) for period in periods]


def _values(schedule, lang, period=None, keep_day=True):
    zh = (lang or "").startswith("zh")
    if period:
        schedule = Schedule(
            period,
            day=schedule.day if keep_day else None,
            within_days=schedule.within_days,
            event_zh=schedule.event_zh,
            event_en=schedule.event_en,
        )
    return {
        "period": schedule.period,
        "weekday": str(schedule.day)
        if parsed_day(schedule.period) == WEEKDAY and schedule.day is not None
        else False,
        "month_day": schedule.day if parsed_day(schedule.period) == MONTH_DAY and schedule.day else 0,
        "deadline_days": schedule.within_days or 0,
        "event": (schedule.event_zh if zh else schedule.event_en or schedule.event_zh) or False,
    }


class DealerOrgDutyPaste(models.TransientModel):
    _name = "dealer_org.duty.paste"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Paste Duties"

    job_id = fields.Many2one("hr.job", "Job Position", required=True, ondelete="cascade")
    text = fields.Text(
        "Pasted Duties",
        help="Paste the position's duties (岗位职责) as they are written: numbered (1、 (1) ①), bulleted "
        "(● •), one per line or separated by ;. Preview reads one duty per item with its period.",
    )
    state = fields.Selection([("paste", "Paste"), ("preview", "Preview")], default="paste", required=True)
    line_ids = fields.One2many("dealer_org.duty.paste.line", "wizard_id", "Duty Lines")

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Paste Duties"),
        }

    def action_preview(self):
        """Read the pasted block into duty lines, each with the period its text states."""
        self.ensure_one()
        items = split_duties(self.text)
        if not items:
            raise UserError(self.env._("Paste the duties of the position in “Pasted Duties” first."))
        if len(items) > MAX_LINES:
            raise UserError(
                self.env._(
                    "The pasted text holds %(count)s duty lines; paste at most %(limit)s at a time.",
                    count=len(items),
                    limit=MAX_LINES,
                )
            )
        lang = self.env.lang
        rows = [(item, values) for item in items for values in schedule_values(item, lang)]
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create({"sequence": index, "name": item, **values})
            for index, (item, values) in enumerate(rows, start=1)
        ]
        self.state = "preview"
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.state = "paste"
        return self._reopen()

    def action_confirm(self):
        """Add the kept lines to the job as its duties, after its existing ones."""
        self.ensure_one()
        lines = self.line_ids.filtered("include").sorted("sequence")
        if not lines:
            raise UserError(self.env._("Keep at least one duty line (tick “Add”), or close the window."))
        job = self.job_id
        # The user's own rights decide: a user who may not edit the job's duties is refused here.
        Duty = self.env["dealer_org.job.duty"]
        start = max(job.duty_ids.mapped("sequence"), default=0)
        Duty.create(
            [
                {
                    "job_id": job.id,
                    "sequence": start + index,
                    "name": line.name,
                    "period": line.period,
                    # The settings the period takes as the paste reads them (the day of
                    # 每周一 or 每月5日), the others dropped: tools/periods.py.
                    "weekday": line.weekday if parsed_day(line.period) == WEEKDAY else False,
                    "month_day": line.month_day if parsed_day(line.period) == MONTH_DAY else 0,
                    "deadline_days": line.deadline_days,
                    "event": line.event if takes(line.period, EVENT) else False,
                }
                for index, line in enumerate(lines, start=1)
            ]
        )
        return {"type": "ir.actions.act_window_close"}


class DealerOrgDutyPasteLine(models.TransientModel):
    _name = "dealer_org.duty.paste.line"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Pasted Duty Line"
    _order = "sequence, id"
    _dealer_org_ranges = {"deadline_days": (0, 366), "month_day": (0, 31)}

    wizard_id = fields.Many2one("dealer_org.duty.paste", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    include = fields.Boolean("Add", default=True)
    name = fields.Text("Duty", required=True)
    period = fields.Selection(
        PERIODS, required=True, default="none", help="Read from the duty's text; correct it if needed."
    )
    weekday = fields.Selection(WEEKDAYS)
    month_day = fields.Integer("Day of Month")
    deadline_days = fields.Integer("Deadline (days)")
    event = fields.Char()

    @api.onchange("name")
    def _onchange_name(self):
        """A corrected text is read again for its period."""
        for line in self:
            if line.name:
                line.update(schedule_values(line.name, self.env.lang)[0])

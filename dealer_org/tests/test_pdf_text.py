"""Searchable PDFs (issue 20): the text layer of the 岗位说明书 and the 考核表 holds the characters
the page shows, in zh_CN and en_US.

wkhtmltopdf (Qt) writes each embedded font's ToUnicode map from the font's cmap, taking for a
glyph the lowest code point that maps to it. Noto Sans CJK maps the Kangxi and CJK radicals
(U+2E80–U+2FDF) to the glyphs of 270 unified ideographs, so with it 日 was written as ⽇
(U+2F47), 户 as ⼾, 门 as ⻔, 车 as ⻋ …: searching the PDF for 每日 or 客户 found nothing. The
reports name WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, installed by scripts/test and
scripts/serve) first: its cmap has no radicals.

Guards: both reports, in both languages, extract (pdftotext, without any normalisation) every
one of those 270 ideographs as itself, the words of the documents (每日, 客户, 部门, 车辆 …) and
the translated labels, and no code point of the radical blocks.
"""

import re
import shutil
import subprocess
import tempfile

from odoo import Command

from .common import DealerOrgCase
from .kpi_common import KpiCase

# The unified ideographs whose Noto Sans CJK SC glyph is also a radical's (the font's cmap maps
# both code points to one glyph), as read from the font: all of them must extract as themselves.
ALIASED = (
    "一丨丬丶丿乙乚乛亀亅二亠人亻儿入八冂冖冫几凵刀刂力勹匕匚匸十卜卤卩厂厶又口囗土士夂夊夕大女子宀寸小"
    "尢尣尸屮山巛工己巳巾干幺广廴廾弋弓彐彑彡彳心忄戈户手扌支攴攵文斉斗斤方无旡日曰月木欠止歹歺殳毋母"
    "比毛氏民气水氵火灬爪爫父爻爿片牙牛犬犭玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示礻禸禾穴立竜竹米糸糹"
    "纟缶网罓羊羽老耂而耳聿肀肉臣自至臼舌舛舟艮色艸艹虍虫血行衣衤襾見见角言讠谷豆豕豸貝贝赤走足身車车"
    "辛辰辵辶邑酉釆里金钅長镸长門门阜阝隶隹雨靑青非面革韋韦韭音頁页風风飛飞食飠饣首香馬马骨高髟鬥鬯鬲"
    "鬼魚鱼鳥鸟鹵鹿麥麦麻黃黄黍黑黹黽黾鼎鼓鼠齊齐齒齿龍龙龜龟龠"
)
RADICALS = re.compile("[\u2e80-\u2fdf]")
DUTIES = ("每日检查展车车辆", "回访客户并记录", "协助部门人员入职", "工作日志每日填写", "行驶里程登记")


def pdf_text(pdf):
    """The text pdftotext extracts from PDF bytes, as it is (no normalisation)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", handle.name, "-"], capture_output=True, check=True, text=True
        ).stdout


class PdfTextMixin:
    def render(self, xmlid, records, lang):
        self.assertTrue(shutil.which("wkhtmltopdf"), "scripts/test installs wkhtmltopdf")
        self.assertTrue(shutil.which("pdftotext"), "scripts/test installs poppler-utils")
        report = self.env.ref(xmlid)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang, force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf_text(pdf)

    def assertSearchable(self, text, *words):
        """``text`` has no radical, holds each of ``words`` and the 270 ideographs in a row (a
        paragraph may wrap: whitespace is left out)."""
        radicals = sorted({f"U+{ord(c):04X} {c}" for c in RADICALS.findall(text)})
        self.assertFalse(
            radicals,
            f"{len(radicals)} characters written as radicals in the PDF's text layer, e.g. {radicals[:8]}",
        )
        compact = re.sub(r"\s+", "", text)
        self.assertIn(ALIASED, compact)
        for word in words:
            self.assertIn(word, text)


class TestJobDescriptionText(PdfTextMixin, DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["hr.department"].create({"name": "车辆销售部门"})
        cls.job = cls.env["hr.job"].create(
            {
                "name": "客户服务顾问",
                "department_id": cls.department.id,
                "responsibility_summary": ALIASED,
                "duty_ids": [
                    Command.create({"sequence": i, "name": name, "period": "daily"})
                    for i, name in enumerate(DUTIES)
                ],
            }
        )
        job = cls.zh(cls.job)
        job.responsibility_summary = ALIASED
        for duty, name in zip(job.duty_ids.sorted("sequence"), DUTIES, strict=True):
            duty.name = name

    def test_chinese_job_description_is_searchable(self):
        text = self.render("dealer_org.action_report_hr_job", self.job, "zh_CN")
        labels = ("岗位说明书", "所属部门", "直接上级", "岗位概述", "岗位职责", "每日")
        self.assertSearchable(text, "客户服务顾问", "车辆销售部门", *DUTIES, *labels)
        self.assertIn("每日", text)

    def test_english_job_description_is_searchable(self):
        text = self.render("dealer_org.action_report_hr_job", self.job, "en_US")
        self.assertSearchable(text, "客户服务顾问", "车辆销售部门", *DUTIES, "Job Description", "Daily")


class TestEvaluationFormText(PdfTextMixin, KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee.name = "王日户"
        cls.department.name = "车辆销售部门"
        cls.evaluation = cls.generate().filtered(lambda e: e.employee_id == cls.employee)
        cls.evaluation.note = ALIASED
        cls.zh(cls.evaluation.line_ids.sorted("sequence")[0]).name = "每日客户回访率"
        cls.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])

    def test_chinese_evaluation_form_is_searchable(self):
        text = self.render("dealer_org.action_report_kpi_evaluation", self.evaluation, "zh_CN")
        labels = ("考核表", "部门", "总得分", "绩效系数", "员工签字", "日期", "评语")
        self.assertSearchable(text, "王日户", "车辆销售部门", "每日客户回访率", *labels)

    def test_english_evaluation_form_is_searchable(self):
        text = self.render("dealer_org.action_report_kpi_evaluation", self.evaluation, "en_US")
        self.assertSearchable(text, "王日户", "车辆销售部门", "KPI Evaluation Form", "Total Score")

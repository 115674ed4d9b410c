"""The shipped library document: its sizes and templates, every source cited, one record per
title, repeated jobs merged without duplicate lines, inferred jobs marked, scan garbles corrected,
periods and qualifications parsed, every Chinese line verbatim from the seed documents (the seeds
are in ../shared/seeds or DEALER_ORG_SEEDS; CI fails when they are missing); and the loader refusing
malformed XML, schema errors (with the line), bad codes, unknown references, cycles and unknown
sources. test_library_checker.py holds the checker's other rules."""

import os
import re
from unittest import TestCase

from odoo.addons.dealer_org.tools.library import (
    LIBRARY_PATH,
    LibraryError,
    load_library,
    parse_library,
    resolve_superiors,
)

from .seed_documents import SEED_DIR

STRUCTURES = {
    "standard_4s",
    "generic_4s_repair",
    "sales_service_positions",
    "sales_service_company",
    "multi_brand_dealer",
    "kia_4s",
    "honda_4s",
    "textbook_4s",
    "generic_4s",
    "quick_repair",
    "group_hq",
    "nev_sales_2024_a",
    "nev_sales_2024_b",
    "faw_audi_sales",
    "brand_agency",
}

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<library version="1">
  <sources><source code="s01"><title><en>Doc</en><zh>文件</zh></title></source></sources>
  <departments>
    <department code="a" sources="s01"><name><en>A</en><zh>甲</zh></name></department>
    <department code="b" sources="s01"><name><en>B</en><zh>乙</zh></name></department>
  </departments>
  <jobs>
    <job code="boss" sources="s01"><name><en>Boss</en><zh>老板</zh></name></job>
    <job code="clerk" sources="s01"><name><en>Clerk</en><zh>文员</zh></name>
      <duty sources="s01"><en>Report monthly</en><zh>每月5日上报</zh></duty></job>
  </jobs>
  <templates>
    <template code="t" sources="s01" default="true">
      <name><en>T</en><zh>模板</zh></name><description><en>D</en><zh>说明</zh></description>
      <department ref="a"/>
      <department ref="b" parent="{b_parent}"/>
      <job ref="boss" department="a" superior="{boss_superior}"/>
      <job ref="clerk" department="b" superior="boss"/>
    </template>
  </templates>
</library>"""


def _minimal(b_parent="a", boss_superior=""):
    text = MINIMAL.format(b_parent=b_parent, boss_superior=boss_superior)
    text = text.replace(' superior=""', "")
    return text.encode()


class TestShippedLibrary(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.library = load_library()

    def test_sizes(self):
        lib = self.library
        self.assertEqual(len(lib.sources), 19, "the 19 seed documents")
        self.assertGreater(len(lib.jobs), 100, "well over a hundred distinct job titles")
        self.assertGreaterEqual(len(lib.departments), 45, "about fifty departments")
        self.assertGreater(sum(len(j.duties) for j in lib.jobs.values()), 300)

    def test_every_structure_is_a_template(self):
        self.assertLessEqual(STRUCTURES, set(self.library.templates))
        self.assertEqual(self.library.default_template.code, "standard_4s")

    def test_every_source_is_cited(self):
        cited = set()
        for record in list(self.library.jobs.values()) + list(self.library.departments.values()):
            cited.update(record.sources)
        self.assertEqual(cited, set(self.library.sources))

    def test_one_record_per_title(self):
        """One record per title, except roles the documents give the same Chinese title although
        they are different work (the 4S repair 技术员 and the NEV company's R&D 技术员)."""
        same_title_roles = {"技术员": {"technician", "rd_technician"}}
        for kind in ("jobs", "departments"):
            records = getattr(self.library, kind).values()
            for lang in ("zh", "en"):
                names = [getattr(r.name, lang).lower() for r in records]
                duplicates = {n for n in names if names.count(n) > 1}
                if kind == "jobs" and lang == "zh":
                    for title, codes in same_title_roles.items():
                        self.assertEqual({r.code for r in records if r.name.zh == title}, codes)
                    duplicates -= set(same_title_roles)
                self.assertFalse(duplicates, f"{kind} with the same {lang} name: {duplicates}")

    def test_split_roles_keep_their_own_duties(self):
        jobs = self.library.jobs
        self.assertEqual(jobs["rd_technician"].sources, ("s18",))
        self.assertFalse(any("维修" in d.text.zh for d in jobs["rd_technician"].duties))
        self.assertTrue(any("汽车维修" in d.text.zh for d in jobs["technician"].duties))

    def test_repeated_jobs_merge_their_sources(self):
        jobs = self.library.jobs
        for code in ("sales_manager", "sales_consultant", "aftersales_manager"):
            self.assertGreater(len(jobs[code].sources), 1, code)
        consultant = [d.text.zh for d in jobs["sales_consultant"].duties]
        self.assertEqual(len(consultant), len(set(consultant)))
        self.assertIn("每日及时清洁维护展车,确保展车符合展示要求", consultant)

    def test_lost_headings_are_inferred(self):
        jobs = self.library.jobs
        self.assertTrue(jobs["showroom_supervisor"].inferred)
        self.assertTrue(jobs["test_drive_specialist"].inferred)
        self.assertEqual(jobs["showroom_supervisor"].name.zh, "展厅主管")
        self.assertTrue(
            jobs["showroom_supervisor"].duties[0].text.zh.startswith("每日整理并准备晨会、夕会资料")
        )
        self.assertFalse(jobs["sales_manager"].inferred)

    def test_garbles_are_corrected(self):
        garbles = ("Байду", "●", "•", ";;", "筹划", "反响", "〔", "单击此处", "添加标题")
        for job in self.library.jobs.values():
            for line in job.duties + job.qualifications:
                for garble in garbles:
                    self.assertNotIn(garble, line.text.zh, f"{job.code}: {line.text.zh}")
        duties = [d.text.zh for d in self.library.jobs["sales_manager"].duties]
        self.assertTrue(any("建立一支强有力的销售团队" in d for d in duties))

    def test_frequencies_are_parsed(self):
        trainer = next(j for j in self.library.jobs.values() if any("每月5日" in d.text.zh for d in j.duties))
        duty = next(d for d in trainer.duties if "每月5日" in d.text.zh)
        self.assertEqual((duty.schedule.period, duty.schedule.day), ("monthly", 5))
        tracking = next(
            d for j in self.library.jobs.values() for d in j.duties if "车辆交接后3日内" in d.text.zh
        )
        self.assertEqual((tracking.schedule.period, tracking.schedule.within_days), ("event", 3))
        daily = [d for j in self.library.jobs.values() for d in j.duties if d.schedule.period == "daily"]
        self.assertGreater(len(daily), 20)

    def test_qualifications_are_structured(self):
        quals = [q for j in self.library.jobs.values() for q in j.qualifications]
        kinds = {q.kind for q in quals}
        self.assertLessEqual({"education", "major", "experience", "skill"}, kinds)
        supervisor = self.library.jobs["sales_supervisor"]
        education = [q.text.zh for q in supervisor.qualifications if q.kind == "education"]
        self.assertEqual(education, ["大专或以上文化程度"])

    def _adapted_lines(self):
        """The library's brand-neutral wordings: marked adapted, not verbatim by design."""
        return {(j.code, d.text.zh) for j in self.library.jobs.values() for d in j.duties if d.adapted}

    def test_text_is_verbatim_from_the_seeds(self):
        """Every Chinese line stands in a seed document (ignoring layout: bullets, spaces,
        the watermark and the synonym-swapped copy's words)."""
        if not os.path.isdir(SEED_DIR):
            self.skipTest(f"seed documents not found in {SEED_DIR} (set DEALER_ORG_SEEDS)")
        seed = ""
        for name in sorted(os.listdir(SEED_DIR)):
            with open(os.path.join(SEED_DIR, name), encoding="utf-8", errors="replace") as handle:
                seed += handle.read()

        def layout_free(text):
            return re.sub(r"[\s●•]|Байду|номын|сангаас", "", text).replace(";;", ";")

        seed = layout_free(seed)
        lines = [(j.code, d.text.zh) for j in self.library.jobs.values() for d in j.duties + j.qualifications]
        lines += [(d.code, f.text.zh) for d in self.library.departments.values() for f in d.functions]
        lines += [(j.code, j.name.zh) for j in self.library.jobs.values() if not j.inferred]
        lines = [(code, zh) for code, zh in lines if (code, zh) not in self._adapted_lines()]
        missing = [(code, zh) for code, zh in lines if layout_free(zh).rstrip(";。:") not in seed]
        self.assertFalse(missing, f"{len(missing)} lines not found verbatim in the seeds: {missing[:10]}")


class TestLibraryValidation(TestCase):
    def test_minimal_document_parses(self):
        lib = parse_library(_minimal())
        self.assertEqual(lib.jobs["clerk"].duties[0].schedule.period, "monthly")
        self.assertEqual(resolve_superiors(lib.templates["t"]), {("clerk", "b"): ("boss", "a")})

    def test_malformed_xml_is_refused(self):
        with self.assertRaises(LibraryError) as caught:
            parse_library(b"<library version='1'><sources>")
        self.assertIn("not well-formed", str(caught.exception))

    def test_schema_errors_name_the_line(self):
        broken = _minimal().replace(b"<zh>\xe6\x96\x87\xe5\x91\x98</zh>", b"")
        with self.assertRaises(LibraryError) as caught:
            parse_library(broken)
        self.assertIn("line", str(caught.exception))

    def test_bad_code_is_refused(self):
        with self.assertRaises(LibraryError):
            parse_library(_minimal().replace(b'code="clerk"', b'code="Clerk X"'))

    def test_unknown_reference_is_refused(self):
        with self.assertRaises(LibraryError) as caught:
            parse_library(_minimal().replace(b'<job ref="clerk"', b'<job ref="nobody"'))
        self.assertIn("nobody", str(caught.exception))

    def test_department_cycle_is_refused(self):
        broken = _minimal().replace(b'<department ref="a"/>', b'<department ref="a" parent="b"/>')
        with self.assertRaises(LibraryError) as caught:
            parse_library(broken)
        self.assertIn("cycle", str(caught.exception))

    def test_reporting_cycle_is_refused(self):
        with self.assertRaises(LibraryError) as caught:
            parse_library(_minimal(boss_superior="clerk"))
        self.assertIn("cycle", str(caught.exception))

    def test_unknown_source_is_refused(self):
        with self.assertRaises(LibraryError) as caught:
            parse_library(_minimal().replace(b'<duty sources="s01">', b'<duty sources="s99">'))
        self.assertIn("s99", str(caught.exception))

    def test_shipped_file_is_the_loaded_one(self):
        self.assertTrue(os.path.isfile(LIBRARY_PATH))
        self.assertEqual(load_library().path, LIBRARY_PATH)

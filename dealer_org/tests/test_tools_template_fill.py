"""What a template's documents leave a job without, and what fills it (tools/template_fill.py),
on hand-made libraries: the equivalent job's best document, brand rules, fill-from, periods
expanded, headcounts (issue 20: tested only through the ORM before).

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

from unittest import TestCase

from odoo.addons.dealer_org.tools.duty_schedule import Schedule
from odoo.addons.dealer_org.tools.library import (
    Duty,
    Job,
    Library,
    Qualification,
    Template,
    TemplateJob,
    Text,
)
from odoo.addons.dealer_org.tools.template_fill import (
    SUGGESTED_HEADCOUNT,
    Fill,
    fill_for,
    undocumented,
    without_headcount,
)


def text(en):
    return Text(en, en + "_zh")


def duty(en, source, brand=None, periods=()):
    schedule = Schedule(periods[0] if periods else "none", periods=periods)
    return Duty(text=text(en), sources=(source,), schedule=schedule, brand=brand)


def qual(en, source):
    return Qualification(text(en), (source,))


def job(code, sources, duties=(), qualifications=(), fill_from=None):
    return Job(
        code=code,
        name=text(code),
        sources=sources,
        duties=tuple(duties),
        qualifications=tuple(qualifications),
        fill_from=fill_from,
    )


JOBS = {
    # s09 names the manager and gives him nothing; s01 and s02 describe him.
    "manager": job(
        "manager",
        ("s09", "s01", "s02"),
        [
            duty("a1", "s01"),
            duty("b1", "s02"),
            duty("b2", "s02"),
            duty("kia only", "s02", brand="kia"),
            duty("b3 kia", "s01", brand="kia"),
        ],
        [qual("degree s01", "s01"), qual("degree s02", "s02")],
    ),
    "mechanic": job("mechanic", ("s09",), fill_from="technician"),
    "technician": job(
        "technician",
        ("s01", "s03"),
        [duty("fix", "s01", periods=("monthly", "yearly")), duty("clean", "s03")],
        [qual("licence", "s01")],
    ),
    "helper": job("helper", ("s09",), fill_from="nobody"),
    "washer": job("washer", ("s09",), fill_from="mechanic"),
    "documented": job("documented", ("s09",), [duty("wash", "s09")]),
}


def template(jobs, brand=None, verbatim=False):
    return Template(
        code="quick",
        name=text("Quick"),
        description=text("Q"),
        sources=("s09",),
        is_default=False,
        departments=(),
        jobs=tuple(jobs),
        brand=brand,
        verbatim=verbatim,
    )


LIBRARY = Library(sources={}, departments={}, jobs=JOBS, templates={})


def placement(ref, headcount=None, lines_from=()):
    return TemplateJob(ref, None, None, headcount, lines_from=lines_from)


class TestUndocumented(TestCase):
    def test_which_placements(self):
        placements = [placement(r) for r in ("manager", "documented", "mechanic", "washer")]
        self.assertEqual(
            undocumented(template(placements), LIBRARY), (placements[0], placements[2], placements[3])
        )
        self.assertEqual(undocumented(template([placement("documented")]), LIBRARY), ())
        own = placement("documented", lines_from=("s01",))
        self.assertEqual(undocumented(template([own]), LIBRARY), (own,))

    def test_headcount(self):
        placements = [placement("manager", 2), placement("mechanic"), placement("helper", 0)]
        self.assertEqual(without_headcount(template(placements)), (placements[1],))
        self.assertEqual(SUGGESTED_HEADCOUNT, 1)


class TestFill(TestCase):
    def test_the_same_job_from_the_document_with_most_duties(self):
        fill = fill_for(template([]), LIBRARY, placement("manager"))
        self.assertEqual(
            fill,
            Fill(
                job=JOBS["manager"],
                source="s02",
                duties=(duty("b1", "s02"), duty("b2", "s02")),
                qualifications=(qual("degree s02", "s02"),),
            ),
        )

    def test_brand_lines_count_in_their_brand(self):
        fill = fill_for(template([], brand="kia"), LIBRARY, placement("manager"))
        self.assertEqual(fill.source, "s02")
        self.assertEqual([d.text.en for d in fill.duties], ["b1", "b2", "kia only"])

    def test_a_tie_takes_the_first_document(self):
        jobs = dict(JOBS, manager=job("manager", ("s09", "s01", "s02"), [duty("a", "s01"), duty("b", "s02")]))
        fill = fill_for(template([]), Library({}, {}, jobs, {}), placement("manager"))
        self.assertEqual((fill.source, [d.text.en for d in fill.duties]), ("s01", ["a"]))

    def test_the_placements_own_documents_are_not_candidates(self):
        fill = fill_for(template([]), LIBRARY, placement("manager", lines_from=("s09", "s02")))
        self.assertIsNone(fill)
        jobs = dict(JOBS, manager=job("manager", ("s01", "s02"), [duty("a", "s01"), duty("b", "s02")]))
        fill = fill_for(template([]), Library({}, {}, jobs, {}), placement("manager", lines_from=("s03",)))
        self.assertEqual(fill.source, "s01")

    def test_fill_from_another_job_with_periods_expanded(self):
        fill = fill_for(template([]), LIBRARY, placement("mechanic"))
        self.assertIs(fill.job, JOBS["technician"])
        self.assertEqual(fill.source, "s01")
        self.assertEqual(
            [(d.text.en, d.schedule.period) for d in fill.duties], [("fix", "monthly"), ("fix", "yearly")]
        )
        self.assertEqual(fill.qualifications, (qual("licence", "s01"),))

    def test_nothing_to_fill_with(self):
        self.assertIsNone(fill_for(template([]), LIBRARY, placement("helper")))
        self.assertIsNone(fill_for(template([]), LIBRARY, placement("washer")))
        self.assertIsNone(fill_for(template([]), LIBRARY, placement("documented")))
        self.assertIsNone(fill_for(template([], verbatim=True), LIBRARY, placement("manager")))

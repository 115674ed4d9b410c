/** @odoo-module **/

import { registry } from "@web/core/registry";

// On a phone (375 px, touch), the demo sales consultant logs in, lands on her checklists
// (her home action) and ticks today's daily checklist on its cards, one line done and
// one not applicable (its reason asked in a dialog: a request for her manager). The test
// (tests/test_checklist_phone_tour.py)
// gives her a daily checklist of today with at least two lines still to do, in Chinese.
const LINES = ".o_field_widget[name='line_ids'] .o_kanban_renderer";
const LINE = `${LINES} .o_kanban_record:not(.o_kanban_ghost)`;

registry.category("web_tour.tours").add("dealer_org_checklist_phone_tour", {
    steps: () => [
        {
            content: "Her home action: My Checklists, as a kanban of cards",
            trigger: ".o_kanban_view .o_dealer_org_checklist_card:contains('每日')",
            run: "click",
        },
        {
            content: "The lines are cards (the phone layout), each with its Done button",
            trigger: `${LINE}:first-child .o_dealer_org_line_done`,
        },
        {
            content: "The not applicable button is on the card too",
            trigger: `${LINE}:first-child .o_dealer_org_line_na`,
        },
        {
            content: "Tick the first line done",
            trigger: `${LINE}:first-child .o_dealer_org_line_done`,
            run: "click",
        },
        {
            content: "The first line is done: it offers Undo",
            trigger: `${LINE}:first-child .o_dealer_org_line_undo`,
        },
        {
            content: "Mark the second line not applicable",
            trigger: `${LINE}:nth-child(2) .o_dealer_org_line_na`,
            run: "click",
        },
        {
            content: "Not applicable asks for the reason",
            trigger: ".modal .o_field_widget[name='na_reason'] textarea",
            run: "edit 今天没有交车",
        },
        {
            content: "Request it",
            trigger: ".modal button[name='action_request_not_applicable']",
            run: "click",
        },
        {
            content: "The second line is a request for not applicable: it offers Undo",
            trigger: `${LINE}:nth-child(2) .o_dealer_org_line_undo`,
        },
        {
            content: "No dialog was opened",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR officer generates the evaluations of March 2021 from KPI › Generate Evaluations, picking
// the month from the list, then generates them again and is told that they already exist
// (tests/test_kpi_generate_tour.py).
function generateMarch2021() {
    return [
        {
            content: "Open the KPI menu",
            trigger: ".o_menu_sections button:contains('KPI')",
            run: "click",
        },
        {
            content: "Open Generate Evaluations",
            trigger: ".dropdown-item:contains('Generate Evaluations')",
            run: "click",
        },
        {
            content: "Year 2021",
            trigger: ".modal .o_field_widget[name='year'] input",
            run: "edit 2021",
        },
        {
            content: "March",
            trigger: ".modal .o_field_widget[name='month'] select",
            run: 'select "3"',
        },
        {
            content: "Generate",
            trigger: ".modal button[name='action_generate']",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("dealer_org_kpi_generate_tour", {
    steps: () => [
        ...generateMarch2021(),
        {
            content: "The first run created the evaluations",
            trigger: ".o_breadcrumb:contains('2021-03: 2 created, 0 already existed')",
        },
        {
            content: "They are listed",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
        ...generateMarch2021(),
        {
            content: "The second run says they already exist",
            trigger: ".o_breadcrumb:contains('2021-03: 0 created, 2 already existed')",
        },
        {
            content: "And still lists them",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
    ],
});

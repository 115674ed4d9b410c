/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR officer opens an employee's KPI page, enters an actual value and sees the line's
// score and the evaluation's score, grade and pay coefficient update once saved. The test
// (tests/test_kpi_tour.py) opens the employee form of an employee whose evaluation has two
// KPIs (weights 60 / 40) and no actuals yet.
registry.category("web_tour.tours").add("dealer_org_kpi_tour", {
    steps: () => [
        {
            content: "Open the KPI page",
            trigger: ".o_notebook .nav-link[name='dealer_org_kpi']",
            run: "click",
        },
        {
            content: "Nobody entered an actual yet: no score, grade nor coefficient",
            trigger: ".o_dealer_org_kpi_no_actuals:visible",
        },
        {
            content: "Select the actual of the first KPI",
            trigger: ".o_field_widget[name='kpi_line_ids'] .o_data_row:first-child .o_data_cell[name='actual']",
            run: "click",
        },
        {
            content: "Enter the actual: the target is reached",
            trigger: ".o_field_widget[name='kpi_line_ids'] .o_data_row:first-child .o_field_widget[name='actual'] input",
            run: "edit 100",
        },
        {
            content: "Select the actual of the second KPI",
            trigger: ".o_field_widget[name='kpi_line_ids'] .o_data_row:nth-child(2) .o_data_cell[name='actual']",
            run: "click",
        },
        {
            content: "Enter the actual: the maximum is reached",
            trigger: ".o_field_widget[name='kpi_line_ids'] .o_data_row:nth-child(2) .o_field_widget[name='actual'] input",
            run: "edit 130",
        },
        {
            content: "Save the employee",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The lines are scored",
            trigger: ".o_field_widget[name='kpi_line_ids'] .o_data_row:first-child .o_data_cell[name='score']:contains('100.00')",
        },
        {
            content: "The weighted total is updated: 0.6 × 100 + 0.4 × 120",
            trigger: ".o_field_widget[name='kpi_total_score']:contains('108.00')",
        },
        {
            content: "The grade is updated",
            trigger: ".o_field_widget[name='kpi_grade']:contains('A')",
        },
        {
            content: "The pay coefficient is updated",
            trigger: ".o_field_widget[name='kpi_coefficient']:contains('1.20')",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});

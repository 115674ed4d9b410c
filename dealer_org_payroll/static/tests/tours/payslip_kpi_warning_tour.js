/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR officer with payroll rights opens a payslip whose period is covered by a KPI
// evaluation that is only submitted: the payslip warns that it is not approved and that it
// cannot be computed meanwhile (the default setting), and its button opens the evaluation. The test
// (tests/test_payslip_kpi_tour.py) opens the payslip of "Payslip Tour Employee".
registry.category("web_tour.tours").add("dealer_org_payroll_kpi_warning_tour", {
    steps: () => [
        {
            content: "The payslip warns that the KPI evaluation is not approved",
            trigger: ".o_dealer_org_payroll_kpi_warning:contains('is not approved yet (Submitted)')",
        },
        {
            content: "and that the payslip cannot be computed meanwhile (the default setting)",
            trigger: ".o_dealer_org_payroll_kpi_warning:contains('the payslip cannot be computed')",
        },
        {
            content: "The evaluation status is shown",
            trigger: ".o_field_widget[name='kpi_status']:contains('Not Approved')",
        },
        {
            content: "Open the evaluation concerned",
            trigger: ".o_dealer_org_payroll_kpi_warning button[name='action_open_kpi_evaluations']",
            run: "click",
        },
        {
            content: "The evaluation's form is open",
            trigger: ".o_breadcrumb .active:contains('Payslip Tour Employee')",
        },
        {
            content: "It is the submitted one",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
        },
    ],
});

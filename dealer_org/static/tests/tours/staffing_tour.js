/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR officer of two stores asks "where are we short of people?": Employees > Reporting >
// Staffing, filtered on vacancies, shows each store's job positions with their headcount,
// employees and vacancies (the company named on each row); the pivot sums them per store; a row's
// Employees button opens the employees holding that position. The test
// (tests/test_staffing_tour.py) creates the stores "Tour Store North" and "Tour Store South" and
// their positions.
registry.category("web_tour.tours").add("dealer_org_staffing_tour", {
    steps: () => [
        {
            content: "Open the Employees app from the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Employees",
            trigger: ".o_app[data-menu-xmlid='hr.menu_hr_root']",
            run: "click",
        },
        {
            content: "Open the reporting menu",
            trigger: ".o_main_navbar [data-menu-xmlid='hr.hr_menu_hr_reports']",
            run: "click",
        },
        {
            content: "Staffing",
            trigger: ".dropdown-item[data-menu-xmlid='dealer_org.dealer_org_staffing_menu']",
            run: "click",
        },
        {
            content: "Both stores' rows are listed, each naming its store",
            trigger: ".o_list_view .o_data_row:contains('Tour Store South'):contains('Tour Mechanic')",
        },
        {
            content: "Open the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Only the rows with vacancies",
            trigger: ".o_filter_menu .dropdown-item:contains('Vacancies')",
            run: "click",
        },
        {
            content: "The fully staffed position is gone",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Cashier')))",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot sums the vacancies per store",
            trigger: ".o_pivot th:contains('Tour Store South')",
        },
        {
            content: "Back to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Drill down from the mechanic's row to its employees",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Store South'):contains('Tour Mechanic') button[name='action_open_employees']",
            run: "click",
        },
        {
            content: "The employees holding the position",
            trigger: ".o_breadcrumb:contains('Tour Mechanic')",
        },
        {
            content: "Only the mechanic's employees of that store",
            trigger: ".o_list_view .o_data_row:contains('Tour South Mechanic 1')",
        },
        {
            content: "No one of another position or store",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour North')))",
        },
    ],
});

/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR manager pushes the standard to two stores with a chosen subset: Employees >
// Configuration > Push a Standard to Stores, keeps the default standard, adds the second store,
// unticks everything, ticks only the duties the sales consultants lack (store: any; job: the
// consultant; kind: added), applies and reads the log. The test
// (tests/test_template_push_tour.py) makes the stores "Push Store One" (the manager's current
// company) and "Push Store Two", each lacking duties, and checks what changed.
registry.category("web_tour.tours").add("dealer_org_template_push_tour", {
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
            content: "Open the configuration menu",
            trigger: ".o_main_navbar [data-menu-xmlid='hr.menu_human_resources_configuration']",
            run: "click",
        },
        {
            content: "Push a standard to stores",
            trigger: ".dropdown-item[data-menu-xmlid='dealer_org.dealer_org_template_push_menu']",
            run: "click",
        },
        {
            content: "The default standard is proposed, the current store chosen",
            trigger: ".modal .o_field_widget[name='company_ids'] .o_tag:contains('Push Store One')",
        },
        {
            content: "Add the second store",
            trigger: ".modal .o_field_widget[name='company_ids'] input",
            run: "edit Push Store Two",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Push Store Two')",
            run: "click",
        },
        {
            content: "Both stores' differences are listed",
            trigger: ".modal .o_dealer_org_push_lines .o_data_row:contains('Push Store Two')",
        },
        {
            content: "Untick everything",
            trigger: ".modal button[name='action_unselect']",
            run: "click",
        },
        {
            content: "Nothing is ticked",
            trigger: ".modal .o_field_widget[name='chosen_count']:contains('0')",
        },
        {
            content: "Only the sales consultants",
            trigger: ".modal .o_field_widget[name='filter_record'] input",
            run: "edit Sales Consultant",
        },
        {
            content: "Only what the standard adds",
            trigger: ".modal .o_field_widget[name='filter_kind'] select",
            run: "selectByLabel Added",
        },
        {
            content: "Tick them",
            trigger: ".modal button[name='action_select']",
            run: "click",
        },
        {
            content: "Two duties are ticked, one per store",
            trigger: ".modal .o_field_widget[name='chosen_count']:contains('2')",
        },
        {
            content: "Apply",
            trigger: ".modal footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "The log lists what changed in both stores",
            trigger: ".modal .o_dealer_org_push_log:contains('Push Store One'):contains('Push Store Two')",
        },
        {
            content: "Close",
            trigger: ".modal footer button.btn-secondary",
            run: "click",
        },
    ],
});

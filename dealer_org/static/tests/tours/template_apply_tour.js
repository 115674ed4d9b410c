/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR manager gives a new store its organisation: Employees > Configuration > Apply an
// Organisation Template, keeps the default template, chooses the store, reads the preview,
// applies, reads the summary and opens the store's job hierarchy, whose cards print their job
// description. The test (tests/test_template_apply_tour.py) creates the store "Tour Store" and
// the HR manager, allowed in the store but working in the main company: the hierarchy opens
// with the store selected in the company switcher.
registry.category("web_tour.tours").add("dealer_org_template_apply_tour", {
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
            content: "Apply an organisation template",
            trigger: ".dropdown-item[data-menu-xmlid='dealer_org.dealer_org_template_apply_menu']",
            run: "click",
        },
        {
            content: "The default structure is proposed",
            trigger: ".modal .o_field_widget[name='template_id'] input:value(Standard 4S dealership)",
        },
        {
            content: "Choose the new store",
            trigger: ".modal .o_field_widget[name='company_ids'] input",
            run: "edit Tour Store",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Store')",
            run: "click",
        },
        {
            content: "The preview says what will be created in the store",
            trigger: ".modal .o_dealer_org_template_preview tr:contains('Tour Store'):contains('new, 0 already there')",
        },
        {
            content: "Apply",
            trigger: ".modal footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "The summary says what was created",
            trigger: ".modal .o_dealer_org_template_summary li:contains('Tour Store'):contains('job positions')",
        },
        {
            content: "Open the job hierarchy",
            trigger: ".modal footer button[name='action_open_jobs']",
            run: "click",
        },
        {
            content: "The store is selected in the company switcher: its cards are there, named by company",
            trigger: ".o_hierarchy_view .o_hierarchy_node:has(.o_dealer_org_job_company:contains('Tour Store'))",
        },
        {
            content: "The store's job positions are there, each card printable (岗位说明书)",
            trigger: ".o_hierarchy_view .o_hierarchy_node .o_dealer_org_print_job",
        },
        {
            content: "Print the job description of the top position",
            trigger: ".o_hierarchy_view .o_hierarchy_node:first .o_dealer_org_print_job",
            run: "click",
        },
        {
            content: "The hierarchy stays (the PDF is downloaded)",
            trigger: ".o_hierarchy_view .o_hierarchy_node:not(.o_hierarchy_node_unfolded)",
        },
    ],
});

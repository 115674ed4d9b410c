/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR officer of the group opens Calibration, sees the lenient department flagged, opens
// its A evaluations and calibrates one to B with a reason (tests/test_calibration_tour.py).
registry.category("web_tour.tours").add("dealer_org_calibration_tour", {
    steps: () => [
        {
            content: "The lenient store's A row is flagged as an outlier",
            trigger: ".o_dealer_org_calibration_list .o_data_row.text-danger:contains('Tour Lenient Store'):contains('off the target')",
        },
        {
            content: "Show the departments too",
            trigger: ".o_searchview_facet:contains('Stores') .o_facet_remove",
            run: "click",
        },
        {
            content: "The lenient department's A row is flagged as well",
            trigger: ".o_dealer_org_calibration_list .o_data_row.text-danger:contains('Tour Lenient Sales'):contains('off the target')",
        },
        {
            content: "Open its evaluations",
            trigger: ".o_dealer_org_calibration_list .o_data_row.text-danger:contains('Tour Lenient Sales') button[name='action_open_evaluations']",
            run: "click",
        },
        {
            content: "Calibrate the first submitted evaluation",
            trigger: ".o_dealer_org_calibration_evaluations .o_data_row:first-child button[name='action_open_calibration_wizard']",
            run: "click",
        },
        {
            content: "Choose grade B",
            trigger: ".modal .o_field_widget[name='band_id'] input",
            run: "edit B",
        },
        {
            content: "Pick B from the grade table",
            trigger: ".o-autocomplete--dropdown-item a:contains('B (1.00)')",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Same work graded B in the other stores",
        },
        {
            content: "Calibrate",
            trigger: ".modal button[name='action_calibrate']",
            run: "click",
        },
        {
            content: "Calibrated to B, the evaluation leaves the list of the A row: four left",
            trigger: ".o_dealer_org_calibration_evaluations:has(.o_data_row:nth-child(4)):not(:has(.o_data_row:nth-child(5)))",
        },
    ],
});

// The payroll-day cockpit renders its numbers, and a number opens its list.
registry.category("web_tour.tours").add("dealer_org_cockpit_tour", {
    steps: () => [
        {
            content: "The totals render: five evaluations not approved yet",
            trigger: ".o_dealer_org_cockpit_total_pending .o_dealer_org_cockpit_number:contains('5')",
        },
        {
            content: "The store's missing evaluations",
            trigger: ".o_dealer_org_cockpit_stores tr:contains('Tour Lenient Store') .o_dealer_org_cockpit_missing:contains('1')",
        },
        {
            content: "Open the store's submitted evaluations",
            trigger: ".o_dealer_org_cockpit_stores tr:contains('Tour Lenient Store') .o_dealer_org_cockpit_submitted",
            run: "click",
        },
        {
            content: "The list of the store's submitted evaluations opens",
            trigger: ".o_list_view .o_data_row:contains('Tour Seller 0')",
        },
        {
            content: "Five rows",
            trigger: ".o_list_view:has(.o_data_row:nth-child(5)):not(:has(.o_data_row:nth-child(6)))",
        },
    ],
});

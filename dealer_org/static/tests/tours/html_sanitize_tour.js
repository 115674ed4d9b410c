/** @odoo-module **/

import { registry } from "@web/core/registry";

// The HTML the module shows never runs a stored script (tests/test_html_sanitize_tour.py):
// opens the user's latest applied template application (its summary holds a payload), the
// latest one in preview (its companies are named with markup) and the latest imported
// template (its department is named with markup). A payload that runs sets
// window.dealerOrgXss.
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function openLatest(model, domain) {
    const env = odoo.__WOWL_DEBUG__.root.env;
    const [id] = await env.services.orm.search(model, domain, { order: "id desc", limit: 1 });
    if (!id) {
        throw new Error(`no ${model} record to open`);
    }
    await env.services.action.doAction({
        type: "ir.actions.act_window",
        res_model: model,
        res_id: id,
        views: [[false, "form"]],
        target: "current",
    });
}

async function checkNothingRan() {
    await wait(1500); // a broken image's error event
    if (window.dealerOrgXss) {
        throw new Error("a stored payload ran in the browser");
    }
}

registry.category("web_tour.tours").add("dealer_org_html_sanitize_tour", {
    steps: () => [
        {
            content: "Open the applied template application",
            trigger: ".o_main_navbar",
            run: () => openLatest("dealer_org.template.apply", [["state", "=", "done"]]),
        },
        {
            content: "Its summary is shown",
            trigger: ".o_dealer_org_template_summary_field:contains('Applied')",
            run: checkNothingRan,
        },
        {
            content: "Open the template application in preview",
            trigger: ".o_main_navbar",
            run: () => openLatest("dealer_org.template.apply", [["state", "=", "preview"]]),
        },
        {
            content: "Its preview names the companies",
            trigger: ".o_dealer_org_template_preview tbody tr",
            run: checkNothingRan,
        },
        {
            content: "Open the imported template",
            trigger: ".o_main_navbar",
            run: () => openLatest("dealer_org.org.template", [["is_imported", "=", true]]),
        },
        {
            content: "Its structure is shown",
            trigger: "div[name='structure'] li:contains('Management')",
            run: checkNothingRan,
        },
    ],
});

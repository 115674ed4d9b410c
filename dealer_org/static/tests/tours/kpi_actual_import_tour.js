/** @odoo-module **/

import { registry } from "@web/core/registry";

// An HR officer imports a month's actuals from KPI › Import Actuals: uploads a CSV as the DMS
// writes it, previews it (two rows will update), then imports it
// (tests/test_kpi_actual_import_tour.py).
const CSV = "工号,期间,指标代码,实际值\n8101,2021-06,SALES,110\n8102,2021-06,SALES,\"1,095\"\n";

registry.category("web_tour.tours").add("dealer_org_kpi_actual_import_tour", {
    steps: () => [
        {
            content: "Open the KPI menu",
            trigger: ".o_menu_sections button:contains('KPI')",
            run: "click",
        },
        {
            content: "Open Import Actuals",
            trigger: ".dropdown-item:contains('Import Actuals')",
            run: "click",
        },
        {
            content: "A new import",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Upload the DMS file",
            trigger: ".o_field_widget[name='file'] .o_select_file_button",
            async run() {
                const input = document.querySelector(".o_field_widget[name='file'] input[type='file']");
                const transfer = new DataTransfer();
                transfer.items.add(new File([CSV], "dms_2021_06.csv", { type: "text/csv" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is there",
            trigger: ".o_field_widget[name='file'] input.o_input",
        },
        {
            content: "Preview",
            trigger: "button[name='action_preview']",
            run: "click",
        },
        {
            content: "The preview says what each row will do",
            trigger: ".o_field_widget[name='summary']:contains('2 rows: 2 will update an actual, 0 unchanged, 0 refused.')",
        },
        {
            content: "The rows are listed",
            trigger: ".o_field_widget[name='row_ids'] .o_data_row:contains('0 → 1095')",
        },
        {
            content: "Import",
            trigger: "button[name='action_import']",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_field_widget[name='summary']:contains('2 rows applied to 2 evaluations')",
        },
        {
            content: "The import is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});

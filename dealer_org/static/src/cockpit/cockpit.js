/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The payroll-day cockpit: what is still open before HR pays (models/dealer_org_cockpit.py).
 * One server call returns every number; each number opens its list (doAction with the
 * domain the server gave, narrowed to the store or the manager of the row).
 */
export class DealerOrgCockpit extends Component {
    static template = "dealer_org.Cockpit";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, period: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("dealer_org.cockpit", "get_data", [], {
            period: this.state.period || false,
        });
        this.state.period = this.state.data.period;
    }

    async onPeriodChange(ev) {
        this.state.period = ev.target.value;
        await this.load();
    }

    get titles() {
        return {
            draft: _t("Draft evaluations"),
            submitted: _t("Submitted evaluations to approve"),
            pending: _t("Evaluations not approved yet"),
            missing: _t("Employees without an evaluation"),
            overdue: _t("Overdue checklists"),
        };
    }

    open(kind, extraDomain = []) {
        const models = {
            draft: "dealer_org.kpi.evaluation",
            submitted: "dealer_org.kpi.evaluation",
            pending: "dealer_org.kpi.evaluation",
            missing: "hr.employee",
            overdue: "dealer_org.checklist",
        };
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: `${this.titles[kind]} (${this.state.data.period_label})`,
            res_model: models[kind],
            domain: [...this.state.data.domains[kind], ...extraDomain],
            views: [
                [false, "list"],
                [false, "form"],
            ],
            target: "current",
        });
    }

    openStore(kind, store) {
        return this.open(kind, [["company_id", "=", store.id]]);
    }

    openManager(kind, manager) {
        return this.open(kind, [["employee_id.parent_id", "=", manager.id]]);
    }

    bar(value) {
        const width = value === null || value === undefined ? 0 : Math.max(0, Math.min(100, value));
        return `width: ${width}%;`;
    }

    scoreBar(value) {
        // Scores go up to 120 (the cap): the bar's full width is 120.
        return this.bar(value === null || value === undefined ? null : (value * 100) / 120);
    }

    format(value) {
        return value === null || value === undefined ? "–" : value.toFixed(1);
    }
}

registry.category("actions").add("dealer_org.cockpit", DealerOrgCockpit);

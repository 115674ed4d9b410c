"""18.0.1.2.0: a draft nobody has entered an actual in has no grade nor pay coefficient (it
stored the lowest band's); evaluations can be archived (existing ones are active)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE dealer_org_kpi_evaluation SET active = TRUE WHERE active IS NULL")
    cr.execute(
        """UPDATE dealer_org_kpi_evaluation SET grade = NULL, coefficient = 0
            WHERE state = 'draft' AND NOT COALESCE(actuals_entered, FALSE)
              AND (grade IS NOT NULL OR coefficient <> 0)"""
    )

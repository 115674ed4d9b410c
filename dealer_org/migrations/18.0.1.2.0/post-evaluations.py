"""18.0.1.2.0: a draft nobody has entered an actual in has no grade nor pay coefficient (it
stored the lowest band's); evaluations can be archived (existing ones are active)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE dealer_org_kpi_evaluation SET active = TRUE WHERE active IS NULL")
    # Earlier releases did not record it: an evaluation past draft, or a draft with an actual
    # entered (a line's actual other than 0), had its actuals entered.
    cr.execute(
        """UPDATE dealer_org_kpi_evaluation e SET actuals_entered = TRUE
            WHERE actuals_entered IS NOT TRUE
              AND (e.state <> 'draft' OR EXISTS (SELECT 1 FROM dealer_org_kpi_evaluation_line l
                                                  WHERE l.evaluation_id = e.id AND l.actual <> 0))"""
    )
    cr.execute(
        """UPDATE dealer_org_kpi_evaluation SET grade = NULL, coefficient = 0
            WHERE state = 'draft' AND NOT COALESCE(actuals_entered, FALSE)
              AND (grade IS NOT NULL OR coefficient <> 0)"""
    )

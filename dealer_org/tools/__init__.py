from . import checklist_periods, duty_schedule, library, org_compare

from . import dealer_org_checklist_generate
from . import dealer_org_kpi_generate
from . import dealer_org_kpi_evaluation_reopen

from . import dealer_org_checklist_generate
from . import dealer_org_kpi_generate
from . import dealer_org_kpi_evaluation_reopen
from . import dealer_org_template_apply
from . import dealer_org_duty_paste
from . import dealer_org_org_exchange
from . import dealer_org_kpi_evaluation_archive
from . import dealer_org_kpi_calibrate

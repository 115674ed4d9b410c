from . import dealer_org_source
from . import dealer_org_org_template
from . import dealer_org_job_duty
from . import dealer_org_job_qualification
from . import dealer_org_department_function
from . import hr_department
from . import hr_job

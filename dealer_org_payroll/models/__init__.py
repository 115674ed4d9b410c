from . import hr_contract
from . import hr_payroll_structure
from . import hr_payslip
from . import hr_payslip_line
from . import hr_salary_rule
from . import res_company
from . import res_config_settings

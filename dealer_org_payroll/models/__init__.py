from . import hr_payslip

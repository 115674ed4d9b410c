from . import test_payroll_kpi

from . import test_install_integrity
from . import test_payroll_kpi

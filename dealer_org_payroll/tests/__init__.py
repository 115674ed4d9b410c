from . import test_attacks_payroll
from . import test_install_integrity
from . import test_migration
from . import test_payroll_kpi
from . import test_payslip_kpi
from . import test_payslip_kpi_tour
from . import test_payslip_calibrated

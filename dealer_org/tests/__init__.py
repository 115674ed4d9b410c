from . import test_duty_schedule
from . import test_library
from . import test_install
from . import test_job_hierarchy
from . import test_templates
from . import test_security
from . import test_upgrade
from . import test_i18n

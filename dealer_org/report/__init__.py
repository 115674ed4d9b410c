from . import hr_job_report

from . import duty_schedule, library

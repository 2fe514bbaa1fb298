"""Every write of the training app, by concept."""

from .schedule import (  # noqa: F401
    AHEAD_DAYS,
    clamped_date,
    half_bounds,
    half_period,
    plan_save,
    sessions_generate,
    sessions_generate_ahead,
    work_calendar_set,
)

"""Every write of organisational life, one function per use case (see each module)."""

from .development import (  # noqa: F401
    add_months,
    add_years,
    development_advance,
    development_reminders_send,
    development_start,
    development_update,
    next_step,
    probation_ends_on,
)
from .dues import (  # noqa: F401
    DEFAULT_RATES,
    Rate,
    arrears,
    dues_amount,
    dues_month_prepare,
    dues_payment_set,
    dues_rates_set,
    payers,
    rate_table,
)
from .meetings import (  # noqa: F401
    attendance_add,
    attendance_mark,
    committee_refusal,
    expected_members,
    meeting_create,
    meeting_file_add,
    meeting_lock,
    meeting_unlock,
    meeting_update,
)
from .posts import party_post_create, party_post_review, quarter_start  # noqa: F401
from .reminders import meeting_reminders_send  # noqa: F401
from .requirements import requirement_set  # noqa: F401

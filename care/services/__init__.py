"""Every write and business rule of the care calendar: one function per use case, called
alike by views, the admin, tasks and the ``run_daily_care`` command."""

from .campaigns import (  # noqa: F401
    campaign_save,
    distribution_record,
    distribution_record_all,
    distribution_remove,
)
from .cases import (  # noqa: F401
    DOCX,
    MAX_ATTACHMENT_BYTES,
    SIGNATURES,
    TRANSITIONS,
    attachment_add,
    case_access_log,
    case_create,
    case_transition,
    case_update,
    remind_follow_ups,
    sniff_type,
    visit_record,
)
from .daily import (  # noqa: F401
    BATCH_SIZE,
    DailyCareReport,
    birthdays_on,
    daily_care_chunks,
    daily_care_greet_chunk,
    daily_care_reminders,
    run_daily_care,
)
from .feeds import (  # noqa: F401
    feed_token_regenerate,
    feed_token_revoke,
)
from .greetings import greeting_needs_passing_on, greeting_pass_on  # noqa: F401, E402
from .headsup import birthday_heads_up  # noqa: F401, E402
from .mediation import (  # noqa: F401
    can_handle_mediation,
    mediation_access_log,
    mediation_create,
    mediation_update,
    remind_mediation_follow_ups,
)
from .praise import (  # noqa: F401
    can_review_praise,
    praise_branch_of,
    praise_feature,
    praise_post,
    praise_review,
)
from .questions import (  # noqa: F401
    question_answer,
    question_ask,
    question_publish,
    remind_overdue_questions,
)
from .settings import care_settings_for, care_settings_save  # noqa: F401
from .talks import (  # noqa: F401
    can_handle_talk,
    can_read_talk_note,
    talk_access_log,
    talk_acknowledge,
    talk_record,
    talk_request,
    talk_schedule,
    talk_withdraw,
    talks_remind_unacknowledged,
)

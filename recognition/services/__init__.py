"""Every write of the recognition app: one function per use case, keyword-only arguments,
``full_clean()`` before saving, one transaction per use case. Scope and state rules are
enforced here, so views, the admin, tasks and commands share them."""

from .ratings import (  # noqa: F401
    RATING_FIELDS,
    rating_approve,
    rating_approve_team,
    rating_return,
    rating_save,
    rating_team_save,
    ratings_awaiting,
)
from .setup import (  # noqa: F401
    DEFAULT_AWARD_LEVELS,
    DEFAULT_CRITERIA,
    award_levels_ensure_defaults,
    criteria_ensure_defaults,
    period_bounds,
    period_close,
    period_create,
    settings_get_or_create,
)
from .suggestions import (  # noqa: F401
    award_grant,
    suggestion_benefit_save,
    suggestion_respond,
    suggestion_submit,
    suggestions_escalate_overdue,
)
from .visions import (  # noqa: F401
    commitment_check_in,
    commitment_create,
    incident_record,
    vision_save,
)

"""Recognition: the branch's platform for showing talent (搭建平台，展示才能) and its
self-management mode (自主管理).

* Star employees (星级员工评比挂牌): rating periods, criteria with weights, one rating per person
  and period with a 1-5 score per criterion, approved by the secretary and then locked.
* Suggestions (合理化建议 / 小改小革): every status change carries a response to the submitter,
  with a response deadline and escalation; adopted suggestions may earn an award.
* Visions and commitments (小愿景 / 承诺) and the safety goals (零事故、零伤害、零污染).

Every write goes through ``recognition.services``; every scoped read through
``recognition.selectors``.
"""

from .ratings import (  # noqa: F401
    RatingCriterion,
    RatingPeriod,
    StarRating,
    StarScore,
    weighted_stars,
)
from .settings import (  # noqa: F401
    DEFAULT_ELIGIBILITY_AVERAGE,
    DEFAULT_ELIGIBILITY_PERIODS,
    DEFAULT_RESPONSE_DAYS,
    DEFAULT_WALL_MIN_STARS,
    PeriodKind,
    RecognitionSettings,
)
from .suggestions import (  # noqa: F401
    AWARDABLE_STATUSES,
    BOARD_STATUSES,
    SUGGESTION_TRANSITIONS,
    Award,
    AwardLevel,
    BenefitUnit,
    Suggestion,
    SuggestionKind,
    SuggestionResponse,
    SuggestionStatus,
    suggestion_photo_path,
)
from .visions import (  # noqa: F401
    BIG_GOALS,
    Commitment,
    CommitmentCheckIn,
    Incident,
    Vision,
)

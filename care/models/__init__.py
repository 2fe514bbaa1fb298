"""The care calendar (关爱日历): birthday greetings, welfare campaigns and their distribution,
hardship cases with visits, questions and answers, personal calendar feeds, and the
communication mode (praise, private talks, family mediation).

Everyone the branch looks after is treated alike: formal staff, contract workers and interns,
with or without an account."""

from .calendar import (  # noqa: F401
    DEFAULT_GREETING,
    PLACEHOLDER_LIST,
    PLACEHOLDERS,
    CampaignItem,
    CareSettings,
    Distribution,
    Greeting,
    Season,
    WelfareCampaign,
    render_greeting,
    validate_greeting_template,
)
from .cases import (  # noqa: F401
    CaseAccessLog,
    CaseAttachment,
    CaseStatus,
    HardshipCase,
    HardshipCategory,
    PrivateFileSystemStorage,
    PrivateStorage,
    Visit,
    get_private_storage,
    private_storage,
)
from .communication import (  # noqa: F401
    PRAISE_MAX_CHARS,
    ConfidentialAccessLog,
    Mediation,
    MediationStatus,
    Praise,
    PraiseStatus,
    TalkRequest,
    TalkStatus,
    TalkWith,
)
from .questions import (  # noqa: F401
    FeedToken,
    Question,
    QuestionCategory,
    new_feed_token,
)

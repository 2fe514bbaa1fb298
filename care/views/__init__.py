"""Thin views of the care calendar: parse, check scope through selectors, call a service,
render. Confidential case pages answer 404 to anyone not allowed to read them."""

from .birthdays import (  # noqa: F401
    birthday_list,
    care_settings,
    greeting_card,
    greeting_list,
    greeting_pass_on,
    index,
)
from .campaigns import (  # noqa: F401
    campaign_detail,
    campaign_edit,
    campaign_ledger,
    campaign_list,
    campaign_report,
)
from .cases import (  # noqa: F401
    case_attachment,
    case_create,
    case_detail,
    case_list,
)
from .feeds import (  # noqa: F401
    feed,
    feed_manage,
)
from .mediation import (  # noqa: F401
    mediation_create,
    mediation_detail,
    mediation_list,
)
from .praise import (  # noqa: F401
    praise_feature,
    praise_new,
    praise_photo,
    praise_review,
    praise_wall,
)
from .questions import (  # noqa: F401
    faq,
    question_detail,
    question_list,
)
from .talks import (  # noqa: F401
    talk_detail,
    talk_list,
)

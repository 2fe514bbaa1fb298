"""Thin views of the recognition pages: parse the request, call a selector or a service, render."""

from .ratings import (  # noqa: F401
    MEMBER_PREFIX,
    eligibility,
    fairness,
    my_ratings,
    plaque,
    plaques_batch,
    rating_approve,
    rating_approve_team,
    rating_return,
    rating_sheet,
    ratings_home,
    ratings_to_approve,
    star_wall,
)
from .setup import (  # noqa: F401
    SETUP,
    setup,
)
from .suggestions import (  # noqa: F401
    award_ledger,
    award_ledger_xlsx,
    suggestion_board,
    suggestion_detail,
    suggestion_list,
    suggestion_new,
    suggestion_photo,
)
from .visions import (  # noqa: F401
    commitment_check_in,
    commitment_new,
    incident_new,
    vision_board,
    vision_edit,
)

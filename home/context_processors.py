from branch.context_processors import _once

from .navigation import navigation_for
from .rights import may_edit_in_cms


def navigation(request):
    """The navigation for the current person, built at most once and only when a template
    asks for it."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "nav": _once(lambda: navigation_for(request)),
        "may_edit_in_cms": _once(lambda: may_edit_in_cms(request.user)),
    }

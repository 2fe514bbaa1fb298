from branch.context_processors import _once

from .navigation import navigation_for


def navigation(request):
    """The navigation for the current person, built at most once and only when a template
    asks for it."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"nav": _once(lambda: navigation_for(request))}

from .selectors import employee_of, role_of, unread_notification_count


def _once(compute):
    """A callable the template engine resolves at most once per request."""
    cache = []

    def value():
        if not cache:
            cache.append(compute())
        return cache[0]

    return value


def people(request):
    """The current person, their role and unread count for the header, computed lazily."""
    user = request.user
    return {
        "current_employee": _once(lambda: employee_of(user)),
        "current_role": _once(lambda: role_of(user)),
        "unread_count": _once(lambda: unread_notification_count(user)),
    }

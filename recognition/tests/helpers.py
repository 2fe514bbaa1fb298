"""Shared test helpers."""

from recognition import services


def all_stars(criteria, value=4):
    return {c.pk: value for c in criteria}


def rate(org, period, criteria, employee, value=4, *, submit=True, by=None):
    return services.rating_save(
        period=period,
        employee=employee,
        stars=all_stars(criteria, value) if isinstance(value, int) else value,
        comment="好",
        by=by or org.leader_user,
        submit=submit,
    )

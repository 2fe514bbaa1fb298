"""The branch's care settings."""

from branch.models import Branch

from ..models import CareSettings


def care_settings_for(branch: Branch) -> CareSettings:
    """The branch's care settings (unsaved defaults when none were stored)."""
    return CareSettings.objects.filter(branch=branch).first() or CareSettings(branch=branch)


def care_settings_save(
    *,
    branch: Branch,
    greeting_template: str,
    answer_days: int,
    talk_ack_hours: int | None = None,
    heads_up_days: int | None = None,
) -> CareSettings:
    settings = care_settings_for(branch)
    settings.greeting_template = greeting_template
    settings.answer_days = answer_days
    if talk_ack_hours is not None:
        settings.talk_ack_hours = talk_ack_hours
    if heads_up_days is not None:
        settings.heads_up_days = heads_up_days
    settings.full_clean()
    settings.save()
    return settings

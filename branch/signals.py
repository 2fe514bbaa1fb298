"""What happens to the organisation, announced for the apps that hold rights, tokens or records
for people. ``branch`` imports no app of ours; the apps connect receivers in ``AppConfig.ready``.

Every signal is sent after the transaction that made the change commits
(``transaction.on_commit``), with ``sender=Branch`` (or ``Employee``) and keyword arguments.
``branch_created``, ``secretaries_changed`` and ``committee_changed`` are announced from the
models' own signals (``connect_model_signals``), so every path that writes them (services, the
admin, the roster import, a shell) is covered; ``person_left`` by ``employee_mark_left``:

- ``branch_created(branch=Branch)``: a new branch exists (home creates its Wagtail groups,
  study library and collection).
- ``secretaries_changed(branch=Branch)``: the branch's secretaries were set or changed (home
  re-syncs the per-branch Wagtail groups).
- ``committee_changed(branch=Branch)``: a committee post or Party group changed (home re-syncs
  the approvers; other apps re-read who may approve).
- ``person_left(employee=Employee, user_id=int | None)``: access ended for a person who left
  (care revokes feed tokens, the API revokes its tokens). Sent once per leaving.
"""

from django.dispatch import Signal

branch_created = Signal()
secretaries_changed = Signal()
committee_changed = Signal()
person_left = Signal()


def announce(signal: Signal, *, sender, **kwargs) -> None:
    """Send ``signal`` once the current transaction commits (at once outside a transaction)."""
    from django.db import transaction

    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))


# Changes of the organisation made through any path (services, the admin, the roster import,
# a shell) are announced from the model signals below, connected in ``BranchConfig.ready``.


def _secretaries_m2m_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    from .models import Branch

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        branches = [instance]
    elif pk_set:
        branches = list(Branch.objects.filter(pk__in=pk_set))
    else:  # user.administered_branches.clear(): the branches are gone from the relation
        branches = list(Branch.objects.all())
    for branch in branches:
        announce(secretaries_changed, sender=Branch, branch=branch)


def _branch_saved(sender, instance, created, raw=False, **kwargs) -> None:
    from .models import Branch

    if created and not raw:
        announce(branch_created, sender=Branch, branch=instance)


def _committee_member_changed(sender, instance, **kwargs) -> None:
    from .models import Branch

    announce(committee_changed, sender=Branch, branch=instance.branch)


def connect_model_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Branch, CommitteeMember

    post_save.connect(_branch_saved, sender=Branch, dispatch_uid="branch.announce_created")
    m2m_changed.connect(
        _secretaries_m2m_changed,
        sender=Branch.secretaries.through,
        dispatch_uid="branch.announce_secretaries",
    )
    post_save.connect(
        _committee_member_changed, sender=CommitteeMember, dispatch_uid="branch.announce_committee"
    )
    post_delete.connect(
        _committee_member_changed,
        sender=CommitteeMember,
        dispatch_uid="branch.announce_committee_delete",
    )

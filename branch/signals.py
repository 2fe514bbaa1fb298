"""What happens to the organisation, announced for the apps that hold rights, tokens or records
for people. ``branch`` imports no app of ours; the apps connect receivers in ``AppConfig.ready``.

Every signal is sent by a ``branch.services`` function after its transaction commits
(``transaction.on_commit``), with ``sender=Branch`` (or ``Employee``) and keyword arguments:

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

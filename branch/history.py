"""History of many-to-many fields kept from both sides.

django-simple-history records a change of ``Branch.secretaries`` when it is made through the
branch (``branch.secretaries.add(user)``), but a change made from the other side
(``user.administered_branches.add(branch)``) reaches its handler with the user as the instance,
which has no history, and fails. ``M2MHistoricalRecords`` records such a change on each branch
(team, Party group) it touched, the same as a change made through it."""

from simple_history.models import HistoricalRecords


class M2MHistoricalRecords(HistoricalRecords):
    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        model = kwargs.get("model")
        if model is None:
            return
        if action == "pre_clear":  # the rows still exist: note which objects lose them
            instance._m2m_history_cleared = list(
                model.objects.filter(**{attr: instance}).values_list("pk", flat=True)
            )
            return
        if action == "post_clear":
            pk_set = getattr(instance, "_m2m_history_cleared", ())
        elif action not in ("post_add", "post_remove"):
            return
        for obj in model.objects.filter(pk__in=pk_set or ()):
            self.create_historical_record(obj, "~")

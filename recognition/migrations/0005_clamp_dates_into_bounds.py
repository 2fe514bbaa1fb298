"""Rows stored before the bounds existed are brought inside them, in a migration of its own:
PostgreSQL refuses to add a check constraint in the transaction that just updated the table."""

from django.db import migrations

from branch.validators import clamp_existing


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0004_suggestion_benefit"),
    ]

    operations = [
        migrations.RunPython(clamp_existing({"recognition.Award": {"awarded_on": None}, "recognition.Commitment": {"start_on": None, "end_on": None}, "recognition.CommitmentCheckIn": {"date": None}, "recognition.Incident": {"occurred_on": None}, "recognition.RatingPeriod": {"start": None, "end": None}}), migrations.RunPython.noop),
    ]

"""Rows stored before the bounds existed are brought inside them, in a migration of its own:
PostgreSQL refuses to add a check constraint in the transaction that just updated the table."""

from django.db import migrations

from branch.validators import clamp_existing


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(clamp_existing({"training.Plan": {"starts_on": None, "ends_on": None}, "training.Session": {"on": None}}), migrations.RunPython.noop),
    ]

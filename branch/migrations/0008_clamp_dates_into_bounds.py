"""Rows stored before the bounds existed are brought inside them, in a migration of its own:
PostgreSQL refuses to add a check constraint in the transaction that just updated the table."""

from django.db import migrations

from branch.validators import clamp_existing


class Migration(migrations.Migration):
    dependencies = [
        ("branch", "0007_employee_password_change_required"),
    ]

    operations = [
        migrations.RunPython(clamp_existing({"branch.Employee": {"birth_date": None, "hired_on": None, "left_on": None}}), migrations.RunPython.noop),
    ]

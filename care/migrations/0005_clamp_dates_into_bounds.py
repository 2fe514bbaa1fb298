"""Rows stored before the bounds existed are brought inside them, in a migration of its own:
PostgreSQL refuses to add a check constraint in the transaction that just updated the table."""

from django.db import migrations

from branch.validators import clamp_existing


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0004_greeting_passed_on_birthday_heads_up"),
    ]

    operations = [
        migrations.RunPython(clamp_existing({"care.CampaignItem": {"default_quantity": 1000}, "care.CareSettings": {"answer_days": 365}, "care.Distribution": {"received_on": None, "quantity": 1000}, "care.HardshipCase": {"follow_up_on": None}, "care.Question": {"due_on": None}, "care.Visit": {"visited_on": None}, "care.WelfareCampaign": {"starts_on": None, "ends_on": None}}), migrations.RunPython.noop),
    ]

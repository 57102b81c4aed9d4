# Users helper: groups, group members and the webhook setting (hand-written so that it holds
# only these models; the meetings/webinars models get their own migration).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sandbox", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SandboxGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("zoom_id", models.CharField(max_length=32, unique=True)),
                ("name", models.CharField(max_length=128)),
                ("created_at", models.DateTimeField()),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="groups", to="sandbox.sandboxaccount"
                    ),
                ),
            ],
            options={"ordering": ["account_id", "name", "id"]},
        ),
        migrations.CreateModel(
            name="SandboxWebhookConfig",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("enabled", models.BooleanField(default=False)),
                ("url", models.URLField(blank=True, max_length=500)),
            ],
        ),
        migrations.CreateModel(
            name="SandboxGroupMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="sandbox.sandboxgroup"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="group_memberships",
                        to="sandbox.sandboxuser",
                    ),
                ),
            ],
            options={
                "ordering": ["group_id", "user_id"],
                "constraints": [models.UniqueConstraint(fields=("group", "user"), name="sandbox_group_member_unique")],
            },
        ),
    ]

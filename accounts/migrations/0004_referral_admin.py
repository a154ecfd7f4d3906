"""Partner Center's role is Referral admin (seed 001: "amministratori delle segnalazioni"): rename the stored
role value so users who held the invented "Reports admin" keep their activity log access."""

from django.db import migrations, models

OLD, NEW = "reports_admin", "referral_admin"


def forwards(apps, schema_editor):
    apps.get_model("accounts", "UserRole").objects.filter(role=OLD).update(role=NEW)


def backwards(apps, schema_editor):
    apps.get_model("accounts", "UserRole").objects.filter(role=NEW).update(role=OLD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_credentials")]

    operations = [
        migrations.AlterField(
            model_name="userrole",
            name="role",
            field=models.CharField(
                choices=[
                    ("global_admin", "Global admin"),
                    ("account_admin", "Account admin"),
                    ("billing_admin", "Billing admin"),
                    ("admin_agent", "Admin agent"),
                    ("sales_agent", "Sales agent"),
                    ("helpdesk_agent", "Helpdesk agent"),
                    ("referral_admin", "Referral admin"),
                    ("marketing_content_admin", "Marketing content admin"),
                ],
                max_length=40,
                verbose_name="role",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]

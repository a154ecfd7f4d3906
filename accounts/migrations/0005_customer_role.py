"""Customer-side users get a Microsoft 365 role; everyone who signed in there so far was a global admin."""

from django.db import migrations, models


def existing_customer_users_are_global_admins(apps, schema_editor):
    apps.get_model("accounts", "User").objects.filter(customer__isnull=False, customer_role="").update(
        customer_role="global_admin"
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_referral_admin")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="customer_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("global_admin", "Global admin"),
                    ("billing_admin", "Billing admin"),
                    ("user", "User (no admin role)"),
                ],
                help_text="Customer-side users only: their Microsoft 365 admin role.",
                max_length=20,
                verbose_name="customer role",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="customer",
            field=models.ForeignKey(
                blank=True,
                help_text="Set for a customer-side user, who sees only that customer's products.",
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="users",
                to="customers.customer",
                verbose_name="customer",
            ),
        ),
        migrations.RunPython(existing_customer_users_are_global_admins, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("customer__isnull", True), ("customer_role", ""))
                | models.Q(("customer__isnull", False), models.Q(("customer_role", ""), _negated=True)),
                name="customer_side_user_has_a_customer_role",
            ),
        ),
    ]

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessToken, ApiCredential, Partner, Role, User, UserRole
from accounts.services import api_credential_create, api_credential_revoke
from partnercenter.admin_base import ReadOnlyAdmin


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "mpn_id", "country", "billing_currency", "tenant_id", "created_at"]
    list_filter = ["country", "billing_currency"]
    search_fields = ["name", "mpn_id", "tenant_id"]
    readonly_fields = ["tenant_id", "created_at", "clock_offset", "clock_frozen_at"]


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "partner", "customer", "role_list", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "roles__role", "partner"]
    search_fields = ["username", "email", "partner__name", "customer__company_name"]
    list_select_related = ["partner", "customer"]
    autocomplete_fields = ["partner", "customer"]
    inlines = [UserRoleInline]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Partner Center"), {"fields": ("partner", "customer", "customer_role")}))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(sorted(r.get_role_display() for r in obj.roles.all()))


class ApiCredentialCreateForm(forms.ModelForm):
    """The operator picks the roles the application's app-only tokens act with (default: admin agent)."""

    granted_roles = forms.MultipleChoiceField(
        label=_("roles"),
        choices=Role.choices,
        initial=[Role.ADMIN_AGENT.value],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("App-only tokens act with these roles; keys and downloads always need a signed-in user."),
    )

    class Meta:
        model = ApiCredential
        fields = ["partner", "name"]


@admin.register(ApiCredential)
class ApiCredentialAdmin(admin.ModelAdmin):
    """Operator staff create (for a partner) and revoke credentials; the secret is shown once, at creation."""

    list_display = ["name", "partner", "client_id", "roles", "created_at", "revoked_at"]
    list_filter = ["partner", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "client_id", "partner__name"]
    list_select_related = ["partner"]
    readonly_fields = ["partner", "client_id", "name", "roles", "created_at", "revoked_at"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiCredentialCreateForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["partner", "name", "granted_roles"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        """Creation goes through the same service as the dashboard page (hash, audit record)."""
        if change:
            return
        credential, secret = api_credential_create(
            partner=obj.partner, name=obj.name, actor=request.user, roles=form.cleaned_data["granted_roles"]
        )
        obj.pk, obj.client_id, obj.created_at = credential.pk, credential.client_id, credential.created_at
        obj._state.adding = False
        self.message_user(
            request,
            _("Client id %(client_id)s, client secret %(secret)s. Copy the secret now: it is not shown again.")
            % {"client_id": credential.client_id, "secret": secret},
            messages.WARNING,
        )

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke selected credentials and their tokens"))
    def revoke(self, request, queryset):
        for credential in queryset:
            api_credential_revoke(credential=credential, actor=request.user)
        self.message_user(request, _("%(count)d credentials revoked.") % {"count": len(queryset)})


@admin.register(AccessToken)
class AccessTokenAdmin(ReadOnlyAdmin):
    list_display = ["credential", "user", "created_at", "expires_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "credential__partner"]
    search_fields = ["credential__name", "credential__client_id", "user__username"]
    list_select_related = ["credential", "user"]
    exclude = ["token_hash"]

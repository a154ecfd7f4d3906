"""The support queue for the operator's staff: search and filter requests, read their thread, files and
audit trail, and work them (approve, reject with a reason, ask for information, add a note).

Every button and action calls a support service, which checks again that the user is operator staff:
a partner user with is_staff reaches neither this queue nor the services behind it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_operator
from partnercenter.errors import DomainError
from partnercenter.models import AuditRecord
from support import selectors, services
from support.models import SupportAttachment, SupportNote, SupportRequest


class OperatorOnly:
    """Only the operator's staff see the queue, whatever Django permissions a partner user holds."""

    def has_module_permission(self, request):
        return is_operator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_operator(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoteInline(OperatorOnly, admin.TabularInline):
    model = SupportNote
    fields = ("created_at", "author_kind", "author", "asks_for_information", "text")
    readonly_fields = fields
    extra = 0


class AttachmentInline(OperatorOnly, admin.TabularInline):
    model = SupportAttachment
    fields = ("created_at", "download", "content_type", "size", "sha256", "uploaded_by")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("file"))
    def download(self, attachment):
        url = reverse("admin:support_supportrequest_attachment", args=[attachment.request_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class DecisionForm(forms.Form):
    DECISIONS = (
        ("approve", _("Approve")),
        ("reject", _("Reject")),
        ("ask", _("Ask for information")),
        ("note", _("Add note")),
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    text = forms.CharField(
        label=_("Reason, question or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject, ask or add a note; the partner reads it."),
    )


def _run(request, support_request, decision: str, text: str) -> None:
    """Call the service for one decision (each checks the rules and that the user is operator staff)."""
    if decision == "approve":
        services.request_approve(request=support_request, staff=request.user)
    elif decision == "reject":
        services.request_reject(request=support_request, staff=request.user, reason=text)
    elif decision == "ask":
        services.information_ask(request=support_request, staff=request.user, text=text)
    else:
        services.note_add(request=support_request, actor=request.user, text=text)


@admin.register(SupportRequest)
class SupportRequestAdmin(OperatorOnly, admin.ModelAdmin):
    change_form_template = "admin/support/supportrequest/change_form.html"
    list_display = (
        "number",
        "title",
        "partner",
        "customer",
        "kind",
        "severity",
        "status",
        "outcome",
        "credited_amount",
        "created_at",
        "updated_at",
    )
    list_filter = ("status", "outcome", "kind", "severity")
    search_fields = ("number", "title", "customer__company_name", "customer__domain", "partner__name")
    list_select_related = ("partner", "customer")
    date_hierarchy = "created_at"
    readonly_fields = ("audit_trail",)
    fieldsets = (
        (None, {"fields": ("number", "partner", "customer", "kind", "topic", "title", "description", "severity")}),
        (_("Status"), {"fields": ("status", "outcome", "outcome_reason", "decided_by", "decided_at", "closed_at")}),
        (
            _("Problem"),
            {
                "fields": (
                    "reservation_id",
                    "reservation_order_id",
                    "refund_session_id",
                    "quantity",
                    "order_id",
                    "subscription_id",
                    "reason",
                    "amount_requested",
                    "currency",
                )
            },
        ),
        (_("Result"), {"fields": ("credited_amount", "credited_currency", "result_reference")}),
        (
            _("Contact"),
            {
                "fields": (
                    "contact_method",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "contact_language",
                    "contact_time_zone",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
        (_("Audit records"), {"fields": ("audit_trail",)}),
    )
    inlines = [NoteInline, AttachmentInline]
    actions = ["approve_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    @admin.display(description=_("audit records"))
    def audit_trail(self, obj):
        records = AuditRecord.objects.filter(
            partner_id=obj.partner_id,
            resource_type="service_request",
            resource_new_value__contains=f'"id": "{obj.number}"',
        ).order_by("operation_date", "id")
        return format_html_join(
            "\n",
            "<div>{} · {} · {} · {}</div>",
            (
                (
                    r.operation_date.isoformat(timespec="seconds"),
                    r.operation_type,
                    r.operation_status,
                    r.user_principal_name,
                )
                for r in records
            ),
        )

    @admin.action(description=_("Approve the selected requests (each through its engine)"))
    def approve_selected(self, request, queryset):
        for support_request in queryset.order_by("pk"):
            self._decide(request, support_request, "approve", "")

    def _decide(self, request, support_request, decision: str, text: str) -> None:
        try:
            _run(request, support_request, decision, text)
        except DomainError as refusal:
            self.message_user(request, f"{support_request.number}: {refusal.description}", messages.ERROR)
            return
        support_request.refresh_from_db()
        self.message_user(
            request,
            _("%(number)s: %(status)s, %(outcome)s.")
            % {
                "number": support_request.number,
                "status": support_request.get_status_display(),
                "outcome": support_request.get_outcome_display(),
            },
            messages.WARNING if support_request.outcome == "rejected" else messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name="support_supportrequest_decide"
            ),
            path(
                "<int:pk>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="support_supportrequest_attachment",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        if not is_operator(request.user):
            raise PermissionDenied
        support_request = get_object_or_404(SupportRequest, pk=pk)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._decide(request, support_request, form.cleaned_data["decision"], form.cleaned_data["text"])
            return HttpResponseRedirect(reverse("admin:support_supportrequest_change", args=[pk]))
        context = {**self.admin_site.each_context(request), "form": form, "original": support_request}
        return TemplateResponse(request, "admin/support/supportrequest/decide.html", context)

    def attachment_view(self, request, pk, attachment_id):
        """The file, to support staff only, as a download that browsers do not sniff or render."""
        if not is_operator(request.user):
            raise PermissionDenied
        support_request = get_object_or_404(SupportRequest, pk=pk)
        attachment = selectors.attachment_get(
            actor=request.user, request_number=support_request.number, attachment_id=attachment_id
        )
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "decision_form": DecisionForm()}
        return super().change_view(request, object_id, form_url, extra_context)

"""The API credentials page: create (the secret is shown once), list, revoke."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import partner_required
from accounts.models import ApiCredential
from accounts.permissions import Capability
from accounts.services import api_credential_create, api_credential_revoke


class ApiCredentialForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Application name"), max_length=100)


@partner_required(Capability.MANAGE_API_CREDENTIALS)
@require_http_methods(["GET", "POST"])
def api_credential_list_view(request):
    partner = request.user.partner
    form = ApiCredentialForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        credential, secret = api_credential_create(partner=partner, name=form.cleaned_data["name"], actor=request.user)
        created = {"credential": credential, "secret": secret}
        form = ApiCredentialForm()
    credentials = ApiCredential.objects.filter(partner=partner).order_by("-created_at", "-id")
    return render(
        request,
        "accounts/api_credentials.html",
        {"form": form, "credentials": credentials, "created": created},
        status=400 if form.errors else 200,
    )


@partner_required(Capability.MANAGE_API_CREDENTIALS)
@require_POST
def api_credential_revoke_view(request, client_id):
    credential = get_object_or_404(ApiCredential, partner=request.user.partner, client_id=client_id)
    api_credential_revoke(credential=credential, actor=request.user)
    messages.success(request, _("%(name)s was revoked; its tokens no longer work.") % {"name": credential.name})
    return redirect("api_credentials:list")

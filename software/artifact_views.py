"""Key, download and link responses shared by the partner's Software tab and the customer's own view.

Each action is a POST (it writes an audit record). A request that asks for JSON (the dialog's
fetch) gets JSON; a plain form post gets a page, so everything works without JavaScript.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from partnercenter.errors import DomainError
from software import services
from software.forms import ArtifactChoiceForm, KeyVersionForm


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _error(request, error: DomainError, context: dict) -> HttpResponse:
    """The refusal as JSON for the dialog's fetch, or as a page for a plain form post."""
    if wants_json(request):
        return JsonResponse({"code": error.code, "description": error.description}, status=error.status)
    return render(
        request, "software/artifact_error.html", {**context, "message": error.description}, status=error.status
    )


def _form_error(request, form, context: dict) -> HttpResponse:
    description = "; ".join(str(message) for errors in form.errors.values() for message in errors)
    return _error(request, DomainError(3000, description, error_name="InvalidProperty"), context)


def key_response(request, purchase, *, context: dict) -> HttpResponse:
    form = KeyVersionForm(request.POST, purchase=purchase)
    if not form.is_valid():
        return _form_error(request, form, context)
    try:
        key = services.product_key_reveal(purchase=purchase, version=form.cleaned_data["version"], actor=request.user)
    except DomainError as error:
        return _error(request, error, context)
    if wants_json(request):
        return JsonResponse({"productKey": key, "version": form.cleaned_data["version"]})
    return render(
        request, "software/key.html", {**context, "product_key": key, "version": form.cleaned_data["version"]}
    )


def download_response(request, purchase, *, context: dict) -> HttpResponse:
    form = ArtifactChoiceForm(request.POST, purchase=purchase)
    if not form.is_valid():
        return _form_error(request, form, context)
    try:
        download = services.software_download(purchase=purchase, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        return _error(request, error, context)
    return file_response(download)


def file_response(download) -> HttpResponse:
    response = HttpResponse(download.content, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def link_response(request, purchase, *, context: dict) -> HttpResponse:
    form = ArtifactChoiceForm(request.POST, purchase=purchase)
    if not form.is_valid():
        return _form_error(request, form, context)
    try:
        link, token = services.download_link_create(purchase=purchase, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        return _error(request, error, context)
    url = request.build_absolute_uri(reverse("software:signed_download", args=[token]))
    if wants_json(request):
        return JsonResponse({"url": url, "expiresAt": link.expires_at.isoformat()})
    return render(request, "software/link.html", {**context, "link_url": url, "link": link})

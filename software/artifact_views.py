"""Key, download and link responses shared by the partner's Software tab and the customer's own view.

Each action is a POST (it writes an audit record). A request that asks for JSON (the dialog's
fetch) gets JSON; a plain form post gets a page, so everything works without JavaScript.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from commerce.fulfilment import CommerceError
from software import services
from software.forms import ArtifactChoiceForm, KeyVersionForm


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _error(request, *, status: int, code: int, description: str, context: dict) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"code": code, "description": description}, status=status)
    return render(request, "software/artifact_error.html", {**context, "message": description}, status=status)


def _form_error(request, form, context: dict) -> HttpResponse:
    description = "; ".join(str(message) for errors in form.errors.values() for message in errors)
    return _error(request, status=400, code=3000, description=description, context=context)


def key_response(request, purchase, *, context: dict) -> HttpResponse:
    form = KeyVersionForm(request.POST, purchase=purchase)
    if not form.is_valid():
        return _form_error(request, form, context)
    try:
        key = services.product_key_reveal(purchase=purchase, version=form.cleaned_data["version"], actor=request.user)
    except CommerceError as error:
        return _error(request, status=error.status, code=error.code, description=error.description, context=context)
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
    except CommerceError as error:
        return _error(request, status=error.status, code=error.code, description=error.description, context=context)
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
    except CommerceError as error:
        return _error(request, status=error.status, code=error.code, description=error.description, context=context)
    url = request.build_absolute_uri(reverse("software:signed_download", args=[token]))
    if wants_json(request):
        return JsonResponse({"url": url, "expiresAt": link.expires_at.isoformat()})
    return render(request, "software/link.html", {**context, "link_url": url, "link": link})

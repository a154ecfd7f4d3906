"""Support pages: the partner's requests, the customer's Service requests tab, a request's thread, attachment
downloads and "Report a problem with Partner Center". Reads go through support.selectors (scoped to the
signed-in user), writes through support.services; refusals come back as form errors or messages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import can_file_support_request
from customers import tabs
from customers.selectors import customer_get
from partnercenter.errors import DomainError, NotFound
from partnercenter.pages import add_domain_error, domain_error_message
from support import prefill, selectors, services
from support.access import support_filer, support_reader
from support.errors import AttachmentRefused
from support.forms import NoteForm, ReportProblemForm, StatusFilterForm
from support.models import Status

PAGE_SIZE = 25


def _filtered(request, *, customer=None) -> dict:
    """The actor's requests (of one customer), by the status asked for, one page at a time."""
    filters = StatusFilterForm(request.GET or None, statuses=Status.choices)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    requests = selectors.request_list(actor=request.user, customer=customer, status=status)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"filters": filters, "page": page, "query": query.urlencode()}


@support_reader
def request_list_view(request):
    """The partner's support requests (a customer user's: that customer's), newest first, by status."""
    context = _filtered(request)
    context["can_file"] = can_file_support_request(request.user)
    return render(request, "support/request_list.html", context)


@support_reader
def customer_requests_view(request, tenant_id):
    """The customer page's Service requests tab."""
    if request.user.partner is None:
        raise NotFound("No such customer.")
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    context = _filtered(request, customer=customer)
    context.update(customer=customer, tabs=tabs.tabs_for(request.user), active_tab="service_requests")
    return render(request, "support/customer_requests.html", context)


@support_reader
def request_detail_view(request, number):
    """The request, its thread of notes with their files; a note (with files) or Close while it is open."""
    support_request = selectors.request_get(actor=request.user, number=number)
    may_write = can_file_support_request(request.user) and not support_request.is_closed
    form = NoteForm(request.POST or None, request.FILES or None) if request.method == "POST" else NoteForm()
    status = 200
    if request.method == "POST" and not can_file_support_request(request.user):
        raise PermissionDenied(_("Your role only reads support requests."))
    if request.method == "POST" and request.POST.get("action") == "close":
        try:
            services.request_close(request=support_request, actor=request.user)
        except DomainError as error:
            domain_error_message(request, error)
        else:
            messages.success(request, _("Support request %(number)s was closed.") % {"number": number})
        return redirect("support:detail", number=number)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.note_add(
                    request=support_request,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except DomainError as error:
                add_domain_error(form, error, "files" if _is_attachment_error(error) else None)
            else:
                messages.success(request, _("Your note was added."))
                return redirect("support:detail", number=number)
        status = 400
    context = {
        "req": support_request,
        "notes": support_request.notes.all(),
        "attachments": support_request.attachments.all(),
        "form": form,
        "may_write": may_write,
    }
    return render(request, "support/request_detail.html", context, status=status)


def _is_attachment_error(error: DomainError) -> bool:
    return isinstance(error, AttachmentRefused)


@require_GET
@support_reader
def attachment_view(request, number, attachment_id):
    """A file of the request, always as a download: never rendered by the browser, never sniffed."""
    attachment = selectors.attachment_get(actor=request.user, request_number=number, attachment_id=attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@support_filer
def report_problem_view(request):
    """Report a problem with Partner Center (seed 001); from the software cancel dialog it names the order."""
    partner = request.user.partner
    if request.method != "POST":
        initial = prefill.report_initial(
            partner=partner, tenant_id=request.GET.get("customer", ""), order_id=request.GET.get("order", "")
        )
        initial.update(prefill.contact_initial(request.user, language=""))
        return render(request, "support/report_problem.html", {"form": ReportProblemForm(initial=initial)})
    form = ReportProblemForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            customer = prefill.customer_find(partner=partner, text=data["customer"])
        except NotFound:
            form.add_error("customer", _("No customer of yours has this tenant ID or domain."))
        else:
            try:
                created = services.problem_report_create(
                    actor=request.user,
                    customer=customer,
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    severity=data["severity"],
                    order_id=data["order_id"],
                    subscription_id=data["subscription_id"],
                    reason=data["reason"],
                    amount_requested=data["amount_requested"],
                    currency=data["currency"],
                    contact=form.contact(),
                    files=data["files"],
                )
            except DomainError as error:
                add_domain_error(form, error, "files" if _is_attachment_error(error) else None)
            else:
                messages.success(request, _("Support request %(number)s was submitted.") % {"number": created.number})
                return redirect("support:detail", number=created.number)
    return render(request, "support/report_problem.html", {"form": form}, status=400)

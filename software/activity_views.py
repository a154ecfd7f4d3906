"""Activity log: what the partner's users did (the operations apps register with partnercenter.activity: key
views, downloads, reservation refunds and exchanges, ...), in a date range, with CSV export."""

import csv
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.decorators import partner_required
from accounts.permissions import Capability
from partnercenter import activity, clock
from partnercenter.csv_export import csv_text
from software import selectors
from software.forms import ActivityLogForm

PAGE_SIZE = 50


@dataclass(frozen=True)
class ActivityRow:
    when: datetime
    customer: str
    action: str
    user: str


def software_action_label(record) -> str:
    """The Activity log's words for a key view or a download (registered by SoftwareConfig)."""
    if record.operation_type == "get_software_key":
        return _("Viewed product key")
    action = next((item.get("value") for item in record.customized_data if item.get("key") == "Action"), "")
    labels = {
        "download": _("Downloaded software"),
        "copy_link": _("Created download link"),
        "link_download": _("Downloaded through a signed link"),
    }
    return labels.get(action, _("Downloaded software"))


def _row(record) -> ActivityRow:
    return ActivityRow(
        when=record.operation_date,
        customer=record.customer_name,
        action=activity.label_for(record),
        user=record.user_principal_name or record.application_id,
    )


def _records(request):
    """The validated form and the matching records (None while the range is invalid)."""
    partner = request.user.partner
    form = ActivityLogForm(request.GET, today=clock.now(partner).date())
    if form.is_bound and not form.is_valid():
        return form, None
    start_at, end_at = form.instants(*form.range())
    return form, selectors.activity_list(partner=partner, start=start_at, end=end_at)


@partner_required(Capability.VIEW_ACTIVITY_LOG)
def activity_log_view(request):
    form, records = _records(request)
    page = None
    if records is not None:
        page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = [_row(record) for record in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "software/activity_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@partner_required(Capability.VIEW_ACTIVITY_LOG)
def activity_log_csv_view(request):
    form, records = _records(request)
    if records is None:
        return render(request, "software/activity_log.html", {"form": form, "page": None}, status=400)
    start, end = form.range()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-log-{start}-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Date-Time (UTC)"), _("Affected customer"), _("Action"), _("User")])
    for record in records.iterator(chunk_size=500):
        row = _row(record)
        when = row.when.strftime("%Y-%m-%d %H:%M:%S")
        writer.writerow([when, csv_text(row.customer), csv_text(row.action), csv_text(row.user)])
    return response

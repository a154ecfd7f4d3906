"""Forms of the software pages: artifact choices, the cancel dialog and the activity log range."""

from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from partnercenter.audit import AUDIT_DEFAULT_DAYS, AuditWindowError, audit_window_check
from partnercenter.pages import add_domain_error
from software import policy
from software.artifacts import language_name


class ArtifactChoiceForm(forms.Form):
    """Version, language and bitness of one purchase (choices come from the purchase's snapshot)."""

    version = forms.ChoiceField(label=_("Version"))
    language = forms.ChoiceField(label=_("Language"))
    bitness = forms.ChoiceField(label=_("Bitness"))

    def __init__(self, *args, purchase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [(v, v) for v in purchase.versions]
        self.fields["language"].choices = [(v, f"{language_name(v)} ({v})") for v in purchase.languages]
        self.fields["bitness"].choices = [(v, v) for v in purchase.bitnesses]
        for name in self.fields:
            self.fields[name].widget.attrs["id"] = f"id_{name}_{purchase.pk}"


class KeyVersionForm(forms.Form):
    """Getting a key needs only the version (a MAK key does not depend on language or bitness)."""

    version = forms.ChoiceField(label=_("Version"))

    def __init__(self, *args, purchase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [(v, v) for v in purchase.versions]


def standing_text(eligibility: policy.Eligibility) -> str:
    """The line shown under the order id drop-down (seed: days left / window closed / support request)."""
    standing = eligibility.standing
    if standing == policy.Standing.OPEN:
        return _("%(days)s day(s) left to cancel this order (%(window)s-day cancellation window).") % {
            "days": eligibility.days_left,
            "window": eligibility.window_days,
        }
    if standing == policy.Standing.WINDOW_CLOSED:
        return _("The %(window)s-day cancellation window for this order has closed: it can no longer be cancelled.") % {
            "window": eligibility.window_days
        }
    if standing == policy.Standing.NOT_CANCELLABLE:
        return str(
            _(
                "This purchase cannot be cancelled here: SUSE Linux and Red Hat software plans cannot be cancelled or "
                "exchanged. For anything further, a customer support request is needed (issue type: CSP "
                "Purchase/Refund on behalf of customers) with the customer's tenant ID or domain, the order ID, the "
                "reason and the amount."
            )
        )
    if standing == policy.Standing.IN_PROGRESS:
        return str(_("A cancellation of this order is already in progress."))
    return str(_("This order is cancelled."))


def needs_support_request(eligibility: policy.Eligibility) -> bool:
    """Seed 001: where the dialog cannot cancel the order, it links to a customer support request."""
    return eligibility.standing in (policy.Standing.WINDOW_CLOSED, policy.Standing.NOT_CANCELLABLE)


class CancelPurchaseForm(forms.Form):
    """The cancel dialog: which order (purchase) to cancel, and the Important notice confirmed."""

    purchase = forms.TypedChoiceField(label=_("Order ID"), coerce=int)
    confirm = forms.BooleanField(
        label=_("I have read the Important notice and want to cancel this purchase."),
        required=True,
        error_messages={"required": _("Confirm that you have read the Important notice.")},
    )

    def __init__(self, *args, purchases, **kwargs):
        super().__init__(*args, **kwargs)
        self.purchases = {purchase.pk: purchase for purchase in purchases}
        order_counts: dict[str, int] = {}
        for purchase in purchases:
            order_id = purchase.order_line.order.order_id
            order_counts[order_id] = order_counts.get(order_id, 0) + 1
        self.fields["purchase"].choices = [(purchase.pk, self._label(purchase, order_counts)) for purchase in purchases]

    @staticmethod
    def _label(purchase, order_counts) -> str:
        order_id = purchase.order_line.order.order_id
        if order_counts[order_id] > 1:
            return f"{order_id} · {_('line')} {purchase.order_line.line_number}"
        return order_id

    def chosen(self):
        return self.purchases[self.cleaned_data["purchase"]]


class ActivityLogForm(forms.Form):
    """A date range in the partner's calendar; Partner Center keeps 90 days of activity."""

    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, today: date):
        self.today = today
        if data is not None and not (data.get("start_date") or data.get("end_date")):
            data = None
        super().__init__(data, initial=self.default_range(today))

    @staticmethod
    def default_range(today: date) -> dict:
        return {"start_date": today - timedelta(days=AUDIT_DEFAULT_DAYS), "end_date": today}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end:
            start_at, end_at = self.instants(start, end)
            try:
                audit_window_check(start=start_at, end=end_at, today=self.today)
            except AuditWindowError as error:
                add_domain_error(self, error, error.field)
            if end > self.today:
                self.add_error("end_date", _("The end date cannot be in the future."))
        return cleaned

    @staticmethod
    def instants(start: date, end: date) -> tuple[datetime, datetime]:
        """The days chosen as [start, end): from the start day's midnight to the midnight after the end day."""
        first = datetime.combine(start, time.min, tzinfo=UTC)
        return first, datetime.combine(end, time.min, tzinfo=UTC) + timedelta(days=1)

    def range(self) -> tuple[date, date]:
        """The valid range, or the default one while the form is unbound."""
        if self.is_bound:
            return self.cleaned_data["start_date"], self.cleaned_data["end_date"]
        default = self.default_range(self.today)
        return default["start_date"], default["end_date"]

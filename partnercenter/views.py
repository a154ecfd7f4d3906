"""The Simulation clock page: see the partner's clock and pending effects, advance, freeze, resume."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import partner_required
from accounts.permissions import Capability
from partnercenter import clock, selectors
from partnercenter.clock_input import ClockInputError, advance
from partnercenter.forms import ClockAdvanceForm


@partner_required(Capability.USE_SIMULATION_CLOCK)
@require_http_methods(["GET", "POST"])
def clock_view(request):
    partner = request.user.partner
    form = ClockAdvanceForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "freeze":
            clock.clock_freeze(partner=partner)
            messages.success(request, _("The clock is frozen."))
            return redirect("simulation:clock")
        if action == "resume":
            clock.clock_resume(partner=partner)
            messages.success(request, _("The clock runs again."))
            return redirect("simulation:clock")
        form = ClockAdvanceForm(request.POST)
        if form.is_valid():
            try:
                now, processed = advance(partner=partner, to=form.cleaned_data["to"], by=form.cleaned_data["by"])
            except (ClockInputError, clock.ClockError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The clock now reads %(now)s; %(count)s scheduled effects ran.")
                    % {"now": now.strftime("%Y-%m-%d %H:%M:%S UTC"), "count": processed},
                )
                return redirect("simulation:clock")
        status = 400
    return render(
        request,
        "partnercenter/clock.html",
        {
            "now": clock.now(partner),
            "frozen": partner.clock_frozen_at is not None,
            "form": form,
            "pending": selectors.pending_effects(partner=partner),
        },
        status=status,
    )

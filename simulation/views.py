"""The Simulation clock page: see the partner's clock and pending effects, advance, freeze, resume."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import partner_required
from accounts.permissions import Capability
from partnercenter import clock
from partnercenter.errors import DomainError
from partnercenter.pages import add_domain_error
from simulation import selectors, services
from simulation.forms import ClockAdvanceForm


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
                now, processed = services.clock_advance_from_text(
                    partner=partner, to=form.cleaned_data["to"], by=form.cleaned_data["by"]
                )
            except DomainError as error:
                add_domain_error(form, error)
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
        "simulation/clock.html",
        {
            "now": clock.now(partner),
            "frozen": partner.clock_frozen_at is not None,
            "form": form,
            "pending": selectors.pending_effects(partner=partner),
        },
        status=status,
    )

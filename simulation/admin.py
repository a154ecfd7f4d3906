"""Admin action on Partner: "Advance simulation clock", through an intermediate form page.

The simulation app adds it to the partner admin that accounts registers, so accounts knows nothing of it.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Partner
from partnercenter.errors import DomainError
from simulation.forms import ClockAdvanceForm
from simulation.services import clock_advance_from_text


@admin.action(description=gettext_lazy("Advance simulation clock"))
def advance_simulation_clock(modeladmin, request, queryset):
    form = ClockAdvanceForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        for partner in queryset:
            try:
                now, processed = clock_advance_from_text(
                    partner=partner, to=form.cleaned_data["to"], by=form.cleaned_data["by"]
                )
            except DomainError as error:
                modeladmin.message_user(request, f"{partner}: {error.description}", messages.ERROR)
            else:
                modeladmin.message_user(
                    request,
                    _("%(partner)s: the clock now reads %(now)s; %(count)s scheduled effects ran.")
                    % {"partner": partner, "now": now.strftime("%Y-%m-%d %H:%M:%S UTC"), "count": processed},
                    messages.SUCCESS,
                )
        return None
    return TemplateResponse(
        request,
        "simulation/admin/advance_clock.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Advance simulation clock"),
            "form": form,
            "partners": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


partner_admin = admin.site.get_model_admin(Partner)
partner_admin.actions = [*partner_admin.actions, advance_simulation_clock]

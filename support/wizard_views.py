"""The Azure portal's New support request for a reservation, in three steps: Basics, Problem, Contact information.

Opened from the reservation's Overview (a question) and from its Refund and Exchange quotes (with the quote's
session and quantity). Each step validates before Next; Previous keeps what was typed; Create validates every
step again and hands the answers to support.services.reservation_request_create, which decides.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from customers import tabs
from customers.selectors import customer_get
from partnercenter.errors import DomainError
from partnercenter.pages import add_domain_error
from reservations import selectors as reservation_selectors
from support import prefill, services
from support.access import support_filer
from support.forms import BasicsForm, ContactForm, ProblemForm
from support.wizard import WizardState, typed_answers, wizard_forget, wizard_load, wizard_save, wizard_start

STEPS = [
    ("basics", gettext_lazy("Basics"), BasicsForm),
    ("problem", gettext_lazy("Problem"), ProblemForm),
    ("contact", gettext_lazy("Contact information"), ContactForm),
]
STEP_NAMES = [name for name, _label, _form in STEPS]


def _step_form(index: int, *, customer, data=None, initial=None):
    name, _label, form_class = STEPS[index]
    kwargs = {"prefix": name, "initial": initial}
    if form_class is BasicsForm:
        kwargs["subscriptions"] = reservation_selectors.azure_subscription_list(
            partner=customer.partner, customer=customer, active_only=True
        )
    return form_class(data, **kwargs)


def _typed(form, post) -> dict:
    return typed_answers(post, [form.add_prefix(field) for field in form.fields])


def _answers_as_data(index: int, answers: dict) -> dict:
    """Stored answers are kept under their prefixed names, ready to bind again."""
    return answers.get(STEP_NAMES[index], {})


def _unprefixed(index: int, answers: dict) -> dict:
    prefix = f"{STEP_NAMES[index]}-"
    return {key.removeprefix(prefix): value for key, value in _answers_as_data(index, answers).items()}


def _render(request, *, customer, reservation, state: WizardState, form, status=200):
    facts = prefill.quote_facts(reservation=reservation, session_id=state.origin["refund_session_id"])
    context = {
        "customer": customer,
        "tabs": tabs.tabs_for(request.user),
        "active_tab": "reservations",
        "reservation": reservation,
        "origin": state.origin,
        "wizard": state,
        "steps": [(index + 1, label) for index, (_name, label, _form) in enumerate(STEPS)],
        "step_number": state.step + 1,
        "step_label": STEPS[state.step][1],
        "is_last": state.step == len(STEPS) - 1,
        "form": form,
        "facts": facts,
        "cap": prefill.refund_cap(customer=customer),
    }
    return render(request, "support/reservation_wizard.html", context, status=status)


@support_filer
def reservation_wizard_view(request, tenant_id, reservation_id):
    """GET opens a new wizard (prefilled from `?kind=` and `?session=`); POST moves between steps or creates."""
    customer = customer_get(partner=request.user.partner, tenant_id=tenant_id)
    reservation = reservation_selectors.reservation_get(
        user=request.user, reservation_id=reservation_id, customer=customer
    )
    if request.method != "POST":
        return _open(request, customer, reservation)
    state = wizard_load(request.session, request.POST.get("wizard", ""))
    if state is None or state.origin["reservation_id"] != str(reservation.reservation_id):
        messages.error(request, _("This support request form has expired: start it again."))
        return redirect("reservations:overview", customer.tenant_id, reservation.reservation_id)
    posted_step = request.POST.get("step", "")
    if posted_step in STEP_NAMES:
        state.step = STEP_NAMES.index(posted_step)
    form = _step_form(state.step, customer=customer, data=request.POST)
    state.answers[STEP_NAMES[state.step]] = _typed(form, request.POST)
    action = request.POST.get("action", "next")
    if action == "previous":
        state.step = max(0, state.step - 1)
        wizard_save(request.session, state)
        return _show_step(request, customer, reservation, state)
    if not form.is_valid():
        wizard_save(request.session, state)
        return _render(request, customer=customer, reservation=reservation, state=state, form=form, status=400)
    if state.step < len(STEPS) - 1:
        state.step += 1
        wizard_save(request.session, state)
        return _show_step(request, customer, reservation, state)
    return _create(request, customer, reservation, state)


def _open(request, customer, reservation):
    kind = request.GET.get("kind", "question")
    if kind not in prefill.WIZARD_KINDS:
        raise BadRequest(_("Unknown kind of support request."))
    origin = prefill.wizard_origin(reservation=reservation, kind=kind, session=request.GET.get("session", ""))
    state = wizard_start(request.session, origin=origin)
    facts = prefill.quote_facts(reservation=reservation, session_id=origin["refund_session_id"])
    initial = prefill.wizard_initial(reservation=reservation, origin=origin, facts=facts)
    initial["contact"] = prefill.contact_initial(request.user, language=get_language() or "en")
    state.answers = {
        name: {f"{name}-{key}": value for key, value in initial.get(name, {}).items()} for name in STEP_NAMES
    }
    wizard_save(request.session, state)
    return _show_step(request, customer, reservation, state)


def _show_step(request, customer, reservation, state: WizardState):
    form = _step_form(state.step, customer=customer, initial=_unprefixed(state.step, state.answers))
    return _render(request, customer=customer, reservation=reservation, state=state, form=form)


def _create(request, customer, reservation, state: WizardState):
    forms = [
        _step_form(index, customer=customer, data=_answers_as_data(index, state.answers)) for index in range(len(STEPS))
    ]
    for index, form in enumerate(forms):
        if not form.is_valid():
            state.step = index
            wizard_save(request.session, state)
            return _render(request, customer=customer, reservation=reservation, state=state, form=form, status=400)
    basics, problem, contact = forms
    try:
        created = services.reservation_request_create(
            actor=request.user,
            customer=customer,
            reservation=reservation,
            kind=state.origin["kind"],
            quantity=state.origin["quantity"],
            refund_session_id=state.origin["refund_session_id"],
            basics={"title": basics.cleaned_data["title"], "severity": problem.cleaned_data["severity"]},
            problem={"description": problem.cleaned_data["description"]},
            contact=contact.contact(),
        )
    except DomainError as error:
        add_domain_error(contact, error)
        wizard_save(request.session, state)
        return _render(request, customer=customer, reservation=reservation, state=state, form=contact, status=400)
    wizard_forget(request.session, state)
    messages.success(request, _("Support request %(number)s was created.") % {"number": created.number})
    return redirect("support:detail", number=created.number)

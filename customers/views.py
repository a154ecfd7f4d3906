from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.decorators import partner_required
from accounts.permissions import Capability
from customers import selectors, services, tabs
from customers.filters import CustomerFilter
from customers.forms import CustomerForm
from partnercenter.links import row_urls

PAGE_SIZE = 25


@partner_required(Capability.VIEW_CUSTOMERS)
def customer_list_view(request):
    filters = CustomerFilter(request.GET or None, queryset=selectors.customer_list(partner=request.user.partner))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    detail_url = row_urls("customers:detail")
    market_names = dict(countries)  # in the reader's language, one lookup per row instead of a translation
    rows = [(customer, detail_url(customer.tenant_id), market_names.get(customer.market.code, "")) for customer in page]
    return render(
        request,
        "customers/customer_list.html",
        {"filters": filters.form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@partner_required(Capability.VIEW_CUSTOMERS)
def customer_detail_view(request, tenant_id):
    customer = selectors.customer_get(partner=request.user.partner, tenant_id=tenant_id)
    return render(
        request,
        "customers/customer_detail.html",
        {"customer": customer, "tabs": tabs.tabs_for(request.user), "active_tab": "profile"},
    )


@partner_required(Capability.ADD_CUSTOMER)
def customer_add_view(request):
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_create(partner=request.user.partner, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Customer %(name)s was added.") % {"name": customer.company_name})
            return redirect("customers:detail", tenant_id=customer.tenant_id)
    return render(request, "customers/customer_add.html", {"form": form}, status=400 if form.errors else 200)

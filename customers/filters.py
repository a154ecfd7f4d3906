"""The Customers list's search and market filter (django-filter), read from the query string.

It narrows a queryset the selector has already scoped to the partner. An invalid value is left out
and shown as a form error, while the valid ones still apply.
"""

import django_filters
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from customers.models import Customer
from customers.selectors import customers_matching
from partnercenter.widgets import LongSelect


class Markets(BaseChoiceIterator):
    """Every market, by name in the reader's language, as django-countries keeps them (sorted, once per language).

    A lazy choices iterator is passed on as it is: a callable returning the list instead was normalised
    again, pair by pair, each time the filter's select or its validation read it.
    """

    def __iter__(self):
        return iter(countries)


class CustomerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    market = django_filters.ChoiceFilter(
        label=_("Market"),
        field_name="market",
        choices=Markets(),
        empty_label=_("All markets"),
        widget=LongSelect,
    )

    class Meta:
        model = Customer
        fields: list[str] = []

    def search(self, queryset, name, value):
        return customers_matching(queryset, value)

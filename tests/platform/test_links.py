"""`row_urls` builds, with one reverse(), the URL reverse() builds for each row, or refuses the route."""

import uuid

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, path, register_converter, reverse

from partnercenter.links import row_urls


class HexConverter:
    """A UUID written without dashes: its URL form is not its str()."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value):
        return uuid.UUID(hex=value)

    def to_url(self, value):
        return value.hex


register_converter(HexConverter, "hex_uuid")
urlpatterns = [path("rows/<hex_uuid:row_id>/", lambda request, row_id: HttpResponse(), name="hex_row")]


@pytest.mark.parametrize("viewname", ["reservations:overview", "reservations_refunds:refund"])
def test_each_row_gets_the_url_reverse_gives(viewname):
    tenant = uuid.uuid4()
    url = row_urls(viewname, tenant)
    for row_id in [uuid.uuid4(), uuid.UUID(int=0), uuid.UUID(int=2**128 - 1), tenant]:
        assert url(row_id) == reverse(viewname, args=[tenant, row_id])


def test_a_route_without_a_last_argument_is_refused():
    with pytest.raises(NoReverseMatch):
        row_urls("customers:list")


@pytest.mark.urls(__name__)
def test_a_route_that_does_not_write_the_uuid_as_is_is_refused():
    with pytest.raises(ValueError, match="hex_row"):
        row_urls("hex_row")

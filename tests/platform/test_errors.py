"""The one error model: a DomainError renders in its route family's envelope (API) or as an HTTP page."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from rest_framework.request import Request

from billing.services import BillingError
from commerce.errors import CommerceError
from partnercenter.api.errors import exception_handler
from partnercenter.errors import Forbidden, NotFound
from partnercenter.pages import DomainErrorPageMiddleware
from simulation.clock_input import ClockInputError


def render(error, path: str):
    request = Request(RequestFactory().get(path))
    return exception_handler(error, {"request": request, "view": None})


def test_under_v1_a_domain_error_is_partner_centers_body():
    response = render(CommerceError(900117, "The cancellation window has passed."), "/v1/customers/x/orders/1")

    assert response.status_code == 400
    assert response.data == {
        "code": 900117,
        "description": "The cancellation window has passed.",
        "errorName": "InvalidRequestInput",
        "data": [],
        "source": "PartnerCenterSimulator",
    }


def test_under_azure_the_same_error_is_arms_envelope_chosen_by_the_path():
    response = render(NotFound("No such reservation order."), "/azure/tenant/providers/Microsoft.Capacity/x")

    assert response.status_code == 404
    assert response.data == {"error": {"code": "NotFound", "message": "No such reservation order."}}


def test_under_azure_drf_refusals_take_arms_envelope_too():
    from rest_framework.exceptions import NotAuthenticated

    response = render(NotAuthenticated(), "/azure/tenant/providers/Microsoft.Capacity/x")

    assert set(response.data) == {"error"} and set(response.data["error"]) == {"code", "message"}


@pytest.mark.parametrize(
    ("error", "status", "name"),
    [
        (NotFound("No such customer."), 404, "NotFound"),
        (Forbidden("Your role does not allow this."), 403, "Forbidden"),
        (ClockInputError("'soon' is not an ISO 8601 duration."), 400, "InvalidClockMove"),
        (BillingError("quantity must be at least 1."), 400, "InvalidBillingEntry"),
    ],
)
def test_every_domain_error_keeps_its_status_name_and_description(error, status, name):
    response = render(error, "/v1/anything")

    assert (response.status_code, response.data["errorName"]) == (status, name)
    assert response.data["description"] == error.description


@pytest.mark.parametrize(
    ("error", "page_error"),
    [
        (NotFound("No such customer."), Http404),
        (Forbidden("No."), PermissionDenied),
        (ClockInputError("x"), BadRequest),
    ],
)
def test_a_domain_error_no_page_caught_answers_its_status_page(error, page_error):
    middleware = DomainErrorPageMiddleware(lambda request: None)

    with pytest.raises(page_error):
        middleware.process_exception(RequestFactory().get("/customers/"), error)

"""Personas and helpers shared by all tests: partner A and B, one user per role."""

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import Role
from commerce.catalog_seed import catalog_seed
from reservations.catalog import catalog_load_current
from reservations.exchange_rates import rates_load
from tests.factories import CustomerFactory, PartnerFactory, UserFactory

# Shared fixture modules: API personas (applications, app+user tokens, the Partner Center error-body
# assertion), software purchases (buy, frozen clock, policy profiles), reservation fixtures and the Azure API's
# clients (every response checked against /azure/openapi.json), used across test folders.
# The schema contract checks every /v1 response any test makes against /v1/openapi.json.
pytest_plugins = [
    "tests.api_personas",
    "tests.software_purchases",
    "tests.reservation_fixtures",
    "tests.azure_api",
    "tests.schema_contract",
]


@pytest.fixture(autouse=True)
def english_messages():
    """Each test starts and ends in English: a page request in Italian leaves Italian active in the thread
    (LocaleMiddleware activates, nothing deactivates), which would translate the next test's service errors."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def partner_a(db):
    return PartnerFactory(name="Partner A")


@pytest.fixture
def partner_b(db):
    return PartnerFactory(name="Partner B")


@pytest.fixture
def make_user(db, partner_a):
    """make_user(*roles, partner=partner_a) -> a partner user holding those roles."""

    def make(*roles, partner=None):
        return UserFactory(partner=partner or partner_a, roles=list(roles))

    return make


@pytest.fixture
def admin_agent_a(make_user):
    return make_user(Role.ADMIN_AGENT)


@pytest.fixture
def global_admin_a(make_user):
    return make_user(Role.GLOBAL_ADMIN)


@pytest.fixture
def helpdesk_agent_a(make_user):
    return make_user(Role.HELPDESK_AGENT)


@pytest.fixture
def admin_agent_b(make_user, partner_b):
    return make_user(Role.ADMIN_AGENT, partner=partner_b)


@pytest.fixture
def customer_a(partner_a):
    return CustomerFactory(
        partner=partner_a,
        company_name="Alpha Srl",
        domain="alpha.onmicrosoft.com",
        market="IT",
        state="MI",
        city="Milano",
        postal_code="20121",
    )


@pytest.fixture
def customer_b(partner_b):
    return CustomerFactory(partner=partner_b, company_name="Beta Inc", domain="beta.onmicrosoft.com")


@pytest.fixture
def catalog(db):
    """The catalog, priced in US, IT, DE, FR, ES, GB, AU, BR and JP: software, the Azure plan and reservations,
    with the exchange rates refunds convert with.

    It ships with migrations (commerce 0003_catalog, reservations 0002_catalog and 0004_exchange_rates), so this
    is a no-op, except after a transactional test's flush emptied the tables, when the loaders put back what is
    missing.
    """
    catalog_seed()
    catalog_load_current()
    rates_load()


@pytest.fixture
def client_as(client):
    """client_as(user) -> the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in

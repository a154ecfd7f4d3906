"""factory_boy factories shared by every test folder."""

import factory
from django.utils import timezone

from accounts.models import CustomerRole, Partner, Role, User, UserRole
from customers.models import Customer

PASSWORD = "test-pass-2026"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    mpn_id = factory.Sequence(lambda n: f"{5000000 + n}")
    country = "US"
    billing_currency = "USD"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@partner.example")
    email = factory.LazyAttribute(lambda u: u.username)
    partner = factory.SubFactory(PartnerFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or []:
            UserRole.objects.create(user=self, role=Role(role))


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    partner = factory.SubFactory(PartnerFactory)
    company_name = factory.Sequence(lambda n: f"Customer {n:04d}")
    domain = factory.Sequence(lambda n: f"customer{n}.onmicrosoft.com")
    market = "US"
    first_name = "Ada"
    last_name = "Lovelace"
    email = "billing@customer.example"
    address_line1 = "1 Main Street"
    city = "Redmond"
    state = "WA"
    postal_code = "98052"
    created_at = factory.LazyFunction(timezone.now)


class CustomerUserFactory(factory.django.DjangoModelFactory):
    """A customer-side user: the customer's global admin unless `customer_role` says otherwise."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"admin{n}@customer.example")
    partner = None
    customer = factory.SubFactory(CustomerFactory)
    customer_role = CustomerRole.GLOBAL_ADMIN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(self, create, extracted, **kwargs):
        self.save()

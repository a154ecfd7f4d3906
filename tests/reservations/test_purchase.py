"""Buying the Azure plan and reservations: what a purchase creates, and every refusal leaving nothing behind."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from billing.models import InvoiceLine
from commerce.errors import CommerceError
from commerce.markets import UNAVAILABLE_MARKETS
from commerce.models import Order
from commerce.services import order_cancel
from partnercenter.errors import DomainError, Forbidden
from partnercenter.models import AuditRecord, ScheduledEffect
from reservations import services
from reservations.errors import (
    AzurePlanAlreadyExists,
    AzurePlanRequired,
    CancelNotAllowed,
    InvalidDisplayName,
    InvalidScope,
    ReservationOrderIdExists,
    SubscriptionNotOwned,
    UnsupportedTerm,
)
from reservations.models import (
    AzurePlan,
    AzureSubscription,
    Instalment,
    Reservation,
    ReservationOrder,
    ReservationStateChange,
)
from tests.factories import CustomerFactory
from tests.reservation_fixtures import reservation_item
from tests.software_purchases import T0


def test_the_azure_plan_creates_the_plan_subscription_and_a_first_azure_subscription(azure_plan, customer_a):
    plan = azure_plan(customer_a, name="Production")

    assert plan.customer == customer_a and plan.status == "active" and plan.friendly_name == "Azure plan"
    assert plan.order_line.offer_id.startswith("DZH318Z0BPS6:0001:")
    assert plan.order_line.order.billing_cycle == "monthly"
    assert [s.friendly_name for s in plan.azure_subscriptions.all()] == ["Production"]
    assert plan.created_at == T0
    assert AuditRecord.objects.filter(operation_type="create_azure_subscription", customer_id=customer_a.tenant_id)


def test_a_second_azure_plan_is_refused(plan_a, customer_a):
    with pytest.raises(AzurePlanAlreadyExists):
        services.azure_plan_purchase(customer=customer_a, actor=None)
    assert AzurePlan.objects.filter(customer=customer_a).count() == 1
    assert Order.objects.filter(customer=customer_a).count() == 1


def test_azure_subscriptions_are_added_under_the_plan(plan_a, customer_a, admin_agent_a, helpdesk_agent_a):
    added = services.azure_subscription_add(customer=customer_a, actor=admin_agent_a, friendly_name="  Dev   Test ")

    assert added.friendly_name == "Dev Test" and added.plan == plan_a and added.created_at == T0
    for bad in ("", " ", "x" * 65, "Dev Test", "Azure subscription 1"):
        with pytest.raises(DomainError):
            services.azure_subscription_add(customer=customer_a, actor=admin_agent_a, friendly_name=bad)
    with pytest.raises(DomainError) as refused:
        services.azure_subscription_add(customer=customer_a, actor=helpdesk_agent_a, friendly_name="Other")
    assert refused.value.status == 403
    assert AzureSubscription.objects.filter(customer=customer_a).count() == 2
    assert (
        AuditRecord.objects.filter(operation_type="create_azure_subscription", operation_status="failed").count() == 6
    )


def test_adding_a_subscription_without_a_plan_is_refused(catalog, customer_a, admin_agent_a):
    with pytest.raises(AzurePlanRequired):
        services.azure_subscription_add(customer=customer_a, actor=admin_agent_a, friendly_name="First")


def test_an_upfront_purchase_creates_order_reservation_payment_charge_and_audit(
    reserve, customer_a, subscription_a, admin_agent_a
):
    item = reservation_item("Standard_D4s_v5", "northeurope", "P3Y")
    reservation = reserve(customer_a, subscription_a, item=item, quantity=3, actor=admin_agent_a, display_name="web")

    order = reservation.order
    assert (order.term, order.billing_plan, order.currency, order.original_quantity) == ("P3Y", "Upfront", "EUR", 3)
    assert order.purchased_at == T0
    assert order.benefit_start == datetime(2030, 1, 10, tzinfo=UTC)
    assert order.expires_at == datetime(2033, 1, 10, tzinfo=UTC)
    assert order.order_line.provisioning_context["subscriptionId"] == str(subscription_a.subscription_id)
    assert (reservation.reserved_resource_type, reservation.sku_name, reservation.location) == (
        "VirtualMachines",
        "Standard_D4s_v5",
        "northeurope",
    )
    assert reservation.display_name == "web" and reservation.quantity == 3
    assert (reservation.applied_scope_type, reservation.applied_subscription) == ("Shared", None)
    assert reservation.billing_subscription == subscription_a
    # D4s v5: 0.192 USD/h × 8760 × 3 years × 0.40 × 1.04 (EU North) = 2099.04 USD; × 0.93 → 1952.11 EUR per unit.
    assert reservation.unit_price == Decimal("1952.11") and reservation.currency == "EUR"
    assert list(
        ReservationStateChange.objects.filter(reservation=reservation).values_list("old_state", "new_state")
    ) == [("", "Succeeded")]
    [payment] = Instalment.objects.filter(reservation=reservation)
    assert (payment.sequence, payment.amount, payment.due_at) == (0, Decimal("5856.33"), T0)
    line = InvoiceLine.objects.get(source=payment.charge_source)
    assert (line.charge_type, line.quantity, line.unit_price, line.subtotal, line.tax, line.total) == (
        "new",
        3,
        Decimal("1952.11"),
        Decimal("5856.33"),
        Decimal("1288.39"),
        Decimal("7144.72"),
    )
    assert line.order_id == order.order_line.order.order_id and line.currency == "EUR"
    audit = AuditRecord.objects.get(operation_type="purchase_reservation")
    assert audit.user_principal_name == admin_agent_a.username
    assert str(order.reservation_order_id) in audit.resource_new_value
    assert ScheduledEffect.objects.filter(kind="reservations.utilization_day", due_at=datetime(2030, 1, 11, tzinfo=UTC))


def test_a_monthly_purchase_charges_the_first_of_twelve_payments(reserve, customer_a, subscription_a):
    reservation = reserve(customer_a, subscription_a, quantity=2, billing_plan="Monthly")

    assert reservation.order.billing_plan == "Monthly" and reservation.order.instalment_count == 12
    assert reservation.order.order_line.order.billing_cycle == "monthly"
    [payment] = reservation.instalments.all()
    # D2s v5 West Europe 1 year: 0.096 × 8760 × 0.62 × 1.08 = 563.11 USD → 523.69 EUR; 523.69 / 12 = 43.64 (rounded).
    assert reservation.unit_price == Decimal("523.69")
    assert payment.amount == Decimal("87.28")
    assert InvoiceLine.objects.get(source=payment.charge_source).charge_type == "new"


def test_single_scope_applies_to_the_subscription_bought_with(reserve, customer_a, subscription_a):
    reservation = reserve(customer_a, subscription_a, scope="single")

    assert reservation.applied_scope_type == "Single" and reservation.applied_subscription == subscription_a


def test_single_scope_may_name_another_subscription_of_the_customer(reserve, customer_a, subscription_a):
    other = services.azure_subscription_add(customer=customer_a, actor=None, friendly_name="Other")
    reservation = reserve(customer_a, subscription_a, scope="Single", applied_subscription_id=other.subscription_id)

    assert (reservation.applied_subscription, reservation.billing_subscription) == (other, subscription_a)


def test_other_reservation_types_are_bought_the_same_way(reserve, customer_a, subscription_a):
    for sku_name, resource_type in (
        ("SQLDB_GP_Compute_Gen5", "SqlDatabases"),
        ("Cosmos_DB_100_RUs", "CosmosDb"),
        ("P1v3", "AppService"),
        ("Premium_P1", "RedisCache"),
    ):
        reservation = reserve(customer_a, subscription_a, item=reservation_item(sku_name, "westeurope", "P1Y"))
        assert (reservation.reserved_resource_type, reservation.sku_name) == (resource_type, sku_name)


def test_a_subscription_of_another_customer_is_refused_and_nothing_is_written(
    reserve, azure_plan, customer_a, plan_a, partner_a, partner_b, customer_b
):
    neighbour = CustomerFactory(partner=partner_a, domain="neighbour.onmicrosoft.com", market="IT")
    foreign = [
        azure_plan(neighbour).azure_subscriptions.get(),
        azure_plan(customer_b).azure_subscriptions.get(),
    ]
    for subscription in foreign:
        with pytest.raises(SubscriptionNotOwned):
            reserve(customer_a, subscription)
    assert not Reservation.objects.filter(customer=customer_a).exists()
    assert Order.objects.filter(customer=customer_a).count() == 1  # the plan only
    assert not InvoiceLine.objects.filter(customer=customer_a, source__startswith="reservations.").exists()
    failed = AuditRecord.objects.filter(customer_id=customer_a.tenant_id, operation_status="failed")
    assert failed.count() == 2 and "InvalidAzureSubscription" in failed.first().resource_new_value


def test_every_unavailable_market_is_refused(catalog, frozen, partner_a):
    item = reservation_item()
    for number, market in enumerate(sorted(UNAVAILABLE_MARKETS)):
        customer = CustomerFactory(partner=partner_a, market=market, domain=f"market{number}.onmicrosoft.com")
        with pytest.raises(CommerceError) as refused:
            services.reservation_purchase(
                customer=customer, actor=None, catalog_item_id=item, quantity=1, subscription_id="x"
            )
        assert (refused.value.code, refused.value.error_name) == (800002, "MarketNotAvailable"), market
        with pytest.raises(CommerceError):
            services.azure_plan_purchase(customer=customer, actor=None)
    assert not Order.objects.exists()


def test_a_customer_without_an_azure_plan_cannot_buy(catalog, frozen, customer_a):
    with pytest.raises(AzurePlanRequired):
        services.reservation_purchase(
            customer=customer_a,
            actor=None,
            catalog_item_id=reservation_item(),
            quantity=1,
            subscription_id="00000000-0000-0000-0000-000000000000",
        )
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"scope": "everything"}, InvalidScope),
        ({"display_name": "a;b"}, InvalidDisplayName),
        ({"display_name": "x" * 65}, InvalidDisplayName),
        ({"reservation_order_id": "not-a-guid"}, DomainError),
        ({"billing_plan": "Yearly"}, DomainError),
        ({"quantity": 0}, CommerceError),
        ({"quantity": 1001}, CommerceError),
        ({"catalog_item_id": "DZH318Z0BQ3Q:9999:NOPE"}, CommerceError),
        ({"subscription_id": "not-a-guid"}, SubscriptionNotOwned),
        ({"subscription_id": ""}, DomainError),
    ],
)
def test_bad_purchase_input_is_refused_and_nothing_is_written(customer_a, subscription_a, changes, error):
    arguments = {
        "customer": customer_a,
        "actor": None,
        "catalog_item_id": reservation_item(),
        "quantity": 1,
        "subscription_id": subscription_a.subscription_id,
        **changes,
    }
    with pytest.raises(error):
        services.reservation_purchase(**arguments)
    assert not ReservationOrder.objects.exists()
    assert Order.objects.filter(customer=customer_a).count() == 1


def test_a_duration_that_does_not_match_the_sku_is_refused(customer_a, subscription_a, admin_agent_a):
    from commerce.services import order_create

    with pytest.raises(UnsupportedTerm):
        order_create(
            customer=customer_a,
            actor=admin_agent_a,
            line_items=[
                {
                    "catalog_item_id": reservation_item(term="P1Y"),
                    "quantity": 1,
                    "provisioning_context": {
                        "subscriptionId": str(subscription_a.subscription_id),
                        "duration": "3Years",
                    },
                }
            ],
        )
    assert not ReservationOrder.objects.exists()


def test_a_reservation_order_id_is_used_once(reserve, customer_a, subscription_a):
    first = reserve(customer_a, subscription_a, reservation_order_id="3fa85f64-5717-4562-b3fc-2c963f66afa6")
    assert str(first.order.reservation_order_id) == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    with pytest.raises(ReservationOrderIdExists):
        reserve(customer_a, subscription_a, reservation_order_id="3fa85f64-5717-4562-b3fc-2c963f66afa6")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.ADMIN_AGENT, True), (Role.SALES_AGENT, True), (Role.GLOBAL_ADMIN, True), (Role.HELPDESK_AGENT, False)],
)
def test_who_may_buy(reserve, make_user, customer_a, subscription_a, role, allowed):
    user = make_user(role)
    if allowed:
        assert reserve(customer_a, subscription_a, actor=user).order.created_by == user.username
    else:
        with pytest.raises(Forbidden) as refused:
            reserve(customer_a, subscription_a, actor=user)
        assert refused.value.status == 403


def test_a_reservation_order_cannot_be_cancelled_through_partner_center(reservation_a, customer_a, admin_agent_a):
    with pytest.raises(CancelNotAllowed) as refused:
        order_cancel(customer=customer_a, order_id=reservation_a.order.order_line.order.order_id, actor=admin_agent_a)
    assert (refused.value.code, refused.value.status) == (800019, 403)


def test_quote_prices_the_purchase_without_writing(customer_a, subscription_a):
    quote = services.reservation_quote(
        customer=customer_a, catalog_item_id=reservation_item(), quantity=2, billing_plan="Monthly"
    )

    assert (quote.currency, quote.term_total, quote.first_payment, quote.payments) == (
        "EUR",
        Decimal("1047.38"),
        Decimal("87.28"),
        12,
    )
    assert quote.tax_included is False
    assert (quote.first_payment_tax.tax, quote.first_payment_tax.total) == (Decimal("19.20"), Decimal("106.48"))
    assert quote.term_tax.total == Decimal("1277.80")
    assert not ReservationOrder.objects.exists()

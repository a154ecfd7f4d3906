"""Order, cart and catalog services: validation, pricing per market, fulfilment hand-off, audit."""

from datetime import timedelta
from decimal import Decimal

import pytest

from accounts.models import Role
from commerce import services
from commerce.catalog_seed import availability_id_for, catalog_seed
from commerce.errors import CommerceError
from commerce.models import Availability, Cart, CartStatus, Order, Price, Product, Sku
from partnercenter import clock
from partnercenter.errors import Forbidden, NotFound
from partnercenter.models import AuditRecord
from simulation.services import clock_advance
from tests.factories import CustomerFactory

SQL_ENT_3Y = "DG7GMGF0FKZV:0003:DG7GMGF0DWMS"
WS_STD_PERPETUAL = f"DG7GMGF0D5RK:0001:{availability_id_for('DG7GMGF0D5RK', '0001')}"
SUSE_1Y = f"DZH318Z0BQ5S:0001:{availability_id_for('DZH318Z0BQ5S', '0001')}"


@pytest.fixture
def frozen(partner_a):
    return clock.clock_freeze(partner=partner_a)


def test_catalog_seed_is_idempotent_and_uses_partner_center_ids(catalog):
    assert catalog_seed() == 0
    software = {"product_type": "software"}
    assert Product.objects.filter(**software).count() == 8
    assert Sku.objects.filter(product__product_type="software").count() == 22
    ids = list(
        Availability.objects.filter(sku__product__product_type="software").values_list("availability_id", flat=True)
    )
    assert len(ids) == len(set(ids)) == 22
    assert all(len(i) == 12 for i in ids)
    assert all(len(p) == 12 for p in Product.objects.values_list("product_id", flat=True))
    assert Price.objects.filter(availability__sku__product__product_type="software").count() == 22 * 9
    sku = Sku.objects.get(product__product_id="DG7GMGF0FKZV", sku_id="0003")
    assert (sku.kind, sku.term_duration, sku.billing_cycle) == ("subscription", "P3Y", "one_time")
    assert {"versions", "languages", "bitness"} <= set(sku.attributes)


def test_catalog_seed_keeps_prices_edited_in_the_admin(catalog):
    price = Price.objects.get(availability__availability_id="DG7GMGF0DWMS", market="IT")
    price.unit_price = Decimal("1.00")
    price.save(update_fields=["unit_price"])
    catalog_seed()
    price.refresh_from_db()
    assert price.unit_price == Decimal("1.00")


def test_order_create_prices_in_market_currency_and_hands_lines_to_owner(
    catalog, customer_a, admin_agent_a, software_handler, frozen
):
    order = services.order_create(
        customer=customer_a,
        actor=admin_agent_a,
        line_items=[
            {"offer_id": SQL_ENT_3Y, "quantity": 2, "term_duration": "P3Y"},
            {"catalog_item_id": WS_STD_PERPETUAL, "quantity": 1},
        ],
    )
    assert order.currency == "EUR"
    assert order.created_at == frozen
    assert order.billing_cycle == "one_time"
    assert order.status == "completed"
    assert len(order.order_id) == 33
    assert len(order.alternate_id) == 12
    lines = list(order.lines.order_by("line_number"))
    assert [(line.line_number, line.offer_id, line.quantity) for line in lines] == [
        (0, SQL_ENT_3Y, 2),
        (1, WS_STD_PERPETUAL, 1),
    ]
    assert lines[0].friendly_name == "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year"
    assert lines[0].unit_price == Decimal("12887.94")  # 13858.00 USD × 0.93
    assert lines[0].amount == Decimal("25775.88")
    assert lines[1].unit_price == Decimal("124.28")  # 133.63 × 0.93 = 124.2759, half up
    assert software_handler.fulfilled == [(order.order_id, [0, 1], admin_agent_a)]
    record = AuditRecord.objects.get(operation_type="create_order")
    data = {item["key"]: item["value"] for item in record.customized_data}
    assert data["OrderId"] == order.order_id
    assert data["AlternateId"] == order.alternate_id
    assert data["BillingCycle"] == "one_time"
    assert (data["OfferId-0"], data["Quantity-0"], data["OfferId-1"]) == (SQL_ENT_3Y, "2", WS_STD_PERPETUAL)
    assert record.customer_id == customer_a.tenant_id
    assert record.user_principal_name == admin_agent_a.username
    assert record.operation_date == frozen


def test_yen_prices_have_no_minor_unit(catalog, partner_a, admin_agent_a, software_handler):
    customer = CustomerFactory(partner=partner_a, market="JP", state="")
    order = services.order_create(
        customer=customer, actor=admin_agent_a, line_items=[{"offer_id": WS_STD_PERPETUAL, "quantity": 1}]
    )
    line = order.lines.get()
    assert (order.currency, line.unit_price) == ("JPY", Decimal("20045"))  # 133.63 × 150 = 20044.5


def test_unavailable_market_is_refused_and_nothing_is_written(catalog, partner_a, admin_agent_a, software_handler):
    customer = CustomerFactory(partner=partner_a, market="SM", state="")
    with pytest.raises(CommerceError) as error:
        services.order_create(
            customer=customer, actor=admin_agent_a, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}]
        )
    assert error.value.error_name == "MarketNotAvailable"
    assert "San Marino (SM)" in error.value.description
    assert not Order.objects.exists()
    assert software_handler.fulfilled == []


@pytest.mark.parametrize(
    ("line_items", "error_name"),
    [
        ([], "NoLineItems"),
        ("not a list", "NoLineItems"),
        (["a string"], "InvalidLineItem"),
        ([{"quantity": 1}], "MissingOfferId"),
        ([{"offer_id": "NOPE:0001:NOPE", "quantity": 1}], "CatalogItemNotFound"),
        ([{"offer_id": "garbage", "quantity": 1}], "CatalogItemNotFound"),
        ([{"offer_id": SQL_ENT_3Y, "quantity": 0}], "InvalidQuantity"),
        ([{"offer_id": SQL_ENT_3Y, "quantity": 1001}], "InvalidQuantity"),
        ([{"offer_id": SQL_ENT_3Y, "quantity": "2"}], "InvalidQuantity"),
        ([{"offer_id": SQL_ENT_3Y, "quantity": True}], "InvalidQuantity"),
        ([{"offer_id": SQL_ENT_3Y}], "InvalidQuantity"),
        ([{"offer_id": SQL_ENT_3Y, "quantity": 1, "term_duration": "P1Y"}], "InvalidTermDuration"),
        ([{"offer_id": WS_STD_PERPETUAL, "quantity": 1, "term_duration": "P3Y"}], "InvalidTermDuration"),
        ([{"offer_id": SQL_ENT_3Y, "quantity": 1}, {"offer_id": SQL_ENT_3Y, "quantity": 2}], "DuplicateLineItem"),
        ([{"offer_id": SQL_ENT_3Y, "quantity": 1}] * 51, "TooManyLineItems"),
    ],
)
def test_bad_line_items_are_refused(catalog, customer_a, admin_agent_a, software_handler, line_items, error_name):
    with pytest.raises(CommerceError) as error:
        services.order_create(customer=customer_a, actor=admin_agent_a, line_items=line_items)
    assert error.value.error_name == error_name
    assert error.value.status == 400
    assert not Order.objects.exists()


def test_item_without_price_in_market_is_refused(catalog, customer_a, admin_agent_a, software_handler):
    Price.objects.filter(availability__availability_id="DG7GMGF0DWMS", market="IT").delete()
    with pytest.raises(CommerceError) as error:
        services.order_create(
            customer=customer_a, actor=admin_agent_a, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}]
        )
    assert error.value.error_name == "PriceNotFound"
    assert "market IT" in error.value.description


def test_role_without_buy_capability_is_refused(catalog, customer_a, helpdesk_agent_a, software_handler):
    with pytest.raises(Forbidden) as error:
        services.order_create(
            customer=customer_a, actor=helpdesk_agent_a, line_items=[{"offer_id": SUSE_1Y, "quantity": 1}]
        )
    assert error.value.status == 403
    assert not Order.objects.exists()


def test_global_admin_and_the_system_may_buy(catalog, customer_a, global_admin_a, software_handler):
    services.order_create(customer=customer_a, actor=global_admin_a, line_items=[{"offer_id": SUSE_1Y, "quantity": 1}])
    services.order_create(customer=customer_a, actor=None, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}])
    assert Order.objects.filter(customer=customer_a).count() == 2
    assert Order.objects.filter(created_by="system").count() == 1


def test_fulfilment_refusal_leaves_no_order(catalog, customer_a, admin_agent_a, monkeypatch):
    from commerce import fulfilment

    def refuse(**kwargs):
        raise CommerceError(800089, "Requested 1 asset(s) exceeded remaining limit of 0 assets per customer")

    monkeypatch.setitem(fulfilment._handlers, "software", fulfilment.LineHandler(fulfil=refuse, cancel=refuse))
    with pytest.raises(CommerceError):
        services.order_create(
            customer=customer_a, actor=admin_agent_a, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}]
        )
    assert not Order.objects.exists()
    refused = AuditRecord.objects.get(operation_type="create_order")
    assert refused.operation_status == "failed"
    assert '"code": 800089' in refused.resource_new_value


@pytest.fixture
def two_line_order(catalog, customer_a, admin_agent_a, software_handler):
    return services.order_create(
        customer=customer_a,
        actor=admin_agent_a,
        line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 2}, {"offer_id": WS_STD_PERPETUAL, "quantity": 3}],
    )


def test_order_cancel_hands_all_lines_to_owner(two_line_order, customer_a, admin_agent_a, software_handler):
    order = services.order_cancel(customer=customer_a, order_id=two_line_order.order_id, actor=admin_agent_a)
    assert order.order_id == two_line_order.order_id
    assert software_handler.cancelled == [(order.order_id, [0, 1], admin_agent_a)]


def test_order_cancel_of_some_lines(two_line_order, customer_a, admin_agent_a, software_handler):
    services.order_cancel(
        customer=customer_a, order_id=two_line_order.order_id, line_numbers=[1, 1], actor=admin_agent_a
    )
    assert software_handler.cancelled == [(two_line_order.order_id, [1], admin_agent_a)]


@pytest.mark.parametrize("line_numbers", [[7], [0, 2], [], "0", ["0"], [True]])
def test_order_cancel_refuses_bad_line_numbers(
    two_line_order, customer_a, admin_agent_a, software_handler, line_numbers
):
    with pytest.raises(CommerceError) as error:
        services.order_cancel(
            customer=customer_a, order_id=two_line_order.order_id, line_numbers=line_numbers, actor=admin_agent_a
        )
    assert error.value.error_name == "InvalidLineItemNumber"
    assert software_handler.cancelled == []


def test_order_cancel_passes_on_the_owners_refusal(two_line_order, customer_a, admin_agent_a, software_handler):
    software_handler.refuse_cancel = "You have passed your 30-day cancellation window."
    with pytest.raises(CommerceError) as error:
        services.order_cancel(customer=customer_a, order_id=two_line_order.order_id, actor=admin_agent_a)
    assert error.value.code == 900117


def test_order_cancel_of_another_partners_order_is_404(two_line_order, customer_b, admin_agent_b):
    with pytest.raises(NotFound):
        services.order_cancel(customer=customer_b, order_id=two_line_order.order_id, actor=admin_agent_b)


def test_cart_checkout_creates_the_order_once(catalog, customer_a, admin_agent_a, software_handler, frozen):
    cart = services.cart_create(
        customer=customer_a, actor=admin_agent_a, line_items=[{"catalog_item_id": SQL_ENT_3Y, "quantity": 4}]
    )
    assert (cart.status, cart.created_at, cart.expires_at) == (
        CartStatus.ACTIVE,
        frozen,
        frozen + timedelta(minutes=15),
    )
    assert [(line.line_id, line.catalog_item_id, line.currency) for line in cart.lines.all()] == [
        (0, SQL_ENT_3Y, "EUR")
    ]
    order = services.cart_checkout(customer=customer_a, cart_id=cart.cart_id, actor=admin_agent_a)
    assert order.lines.get().quantity == 4
    cart.refresh_from_db()
    assert (cart.status, cart.order) == (CartStatus.ORDERED, order)
    with pytest.raises(CommerceError) as error:
        services.cart_checkout(customer=customer_a, cart_id=cart.cart_id, actor=admin_agent_a)
    assert error.value.error_name == "CartAlreadyOrdered"
    assert Order.objects.count() == 1


def test_expired_cart_is_refused(catalog, customer_a, partner_a, admin_agent_a, software_handler, frozen):
    cart = services.cart_create(
        customer=customer_a, actor=admin_agent_a, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}]
    )
    clock_advance(partner=partner_a, by=timedelta(minutes=14, seconds=59))
    customer_a.partner.refresh_from_db()
    still_fresh = services.cart_create(
        customer=customer_a, actor=admin_agent_a, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}]
    )
    clock_advance(partner=partner_a, by=timedelta(seconds=1))
    customer_a.partner.refresh_from_db()
    with pytest.raises(CommerceError) as error:
        services.cart_checkout(customer=customer_a, cart_id=cart.cart_id, actor=admin_agent_a)
    assert error.value.error_name == "CartExpired"
    assert Cart.objects.get(pk=cart.pk).status == CartStatus.ACTIVE
    services.cart_checkout(customer=customer_a, cart_id=still_fresh.cart_id, actor=admin_agent_a)


def test_cart_create_validates_like_an_order(catalog, customer_a, make_user, software_handler):
    sales_agent = make_user(Role.SALES_AGENT)
    with pytest.raises(Forbidden) as error:
        services.cart_create(
            customer=customer_a, actor=sales_agent, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}]
        )
    assert error.value.status == 403
    with pytest.raises(CommerceError):
        services.cart_create(customer=customer_a, actor=None, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": -1}])
    assert not Cart.objects.exists()


def test_cart_of_another_partner_is_404(
    catalog, customer_a, customer_b, admin_agent_a, admin_agent_b, software_handler
):
    cart = services.cart_create(
        customer=customer_a, actor=admin_agent_a, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}]
    )
    with pytest.raises(NotFound):
        services.cart_checkout(customer=customer_b, cart_id=cart.cart_id, actor=admin_agent_b)


def test_product_type_without_an_owner_is_refused_and_nothing_is_written(catalog, customer_a):
    product = Product.objects.create(product_id="DZH318Z0BQ36", title="Savings plan", product_type="savings_plan")
    sku = Sku.objects.create(product=product, sku_id="004G", title="Compute savings plan - 1 year", kind="reservation")
    availability = Availability.objects.create(sku=sku, availability_id="DZH318Z08C0S")
    Price.objects.create(availability=availability, market="IT", currency="EUR", unit_price=Decimal("700"))
    with pytest.raises(CommerceError) as error:
        services.order_create(
            customer=customer_a, actor=None, line_items=[{"offer_id": availability.catalog_item_id, "quantity": 1}]
        )
    assert (error.value.code, error.value.status) == (800002, 400)
    assert "savings_plan cannot be ordered here" in error.value.description
    assert not Order.objects.exists()


def test_software_plans_name_their_own_publishers(catalog):
    publishers = dict(Product.objects.values_list("title", "publisher"))

    assert publishers["SUSE Linux Enterprise Server Standard - 1-2 vCPU VM"] == "SUSE"
    assert publishers["Red Hat Enterprise Linux - 1-4 vCPU VM"] == "Red Hat, Inc."
    assert publishers["SQL Server 2022 Enterprise - 2 Core License Pack"] == "Microsoft Corporation"

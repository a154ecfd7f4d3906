"""The back office edits the catalog; orders and carts are read-only there."""

from decimal import Decimal

from django.urls import reverse

from commerce.models import Availability, Order, Price, Product


def test_catalog_is_searchable_and_filterable(catalog, admin_client):
    page = admin_client.get(reverse("admin:commerce_product_changelist"), {"q": "SQL Server"})
    assert page.status_code == 200
    assert "SQL Server 2022 Enterprise - 2 Core License Pack" in page.content.decode()
    assert "Windows Server 2022 Standard" not in page.content.decode()
    page = admin_client.get(reverse("admin:commerce_availability_changelist"), {"prices__market": "JP", "q": "DWMS"})
    assert page.status_code == 200
    assert "DG7GMGF0FKZV:0003:DG7GMGF0DWMS" in page.content.decode()
    page = admin_client.get(reverse("admin:commerce_sku_changelist"), {"kind": "software_plan"})
    assert "Red Hat Enterprise Linux - 1-4 vCPU VM - 1 year" in page.content.decode()


def test_product_page_shows_its_skus(catalog, admin_client):
    product = Product.objects.get(product_id="DG7GMGF0FKZV")
    page = admin_client.get(reverse("admin:commerce_product_change", args=[product.pk]))
    assert page.status_code == 200
    assert "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year" in page.content.decode()


def test_price_is_edited_through_the_availability_page(catalog, admin_client, client_as, admin_agent_a, customer_a):
    availability = Availability.objects.get(availability_id="DG7GMGF0DWMS")
    url = reverse("admin:commerce_availability_change", args=[availability.pk])
    assert admin_client.get(url).status_code == 200
    prices = list(availability.prices.order_by("pk"))
    data = {
        "sku": availability.sku_id,
        "availability_id": availability.availability_id,
        "prices-TOTAL_FORMS": len(prices),
        "prices-INITIAL_FORMS": len(prices),
        "prices-MIN_NUM_FORMS": 0,
        "prices-MAX_NUM_FORMS": 1000,
    }
    for index, price in enumerate(prices):
        amount = "12000.00" if price.market == "IT" else price.unit_price
        data |= {
            f"prices-{index}-id": price.pk,
            f"prices-{index}-availability": availability.pk,
            f"prices-{index}-market": price.market,
            f"prices-{index}-currency": price.currency,
            f"prices-{index}-unit_price": amount,
        }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Price.objects.get(availability=availability, market="IT").unit_price == Decimal("12000.00")
    add_products = client_as(admin_agent_a).get(reverse("commerce:order_add", args=[customer_a.tenant_id]))
    assert "€12,000.00" in add_products.content.decode()  # the catalog is data: the page sells at the new price


def test_orders_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:commerce_order_add")).status_code == 403
    assert admin_client.get(reverse("admin:commerce_order_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:commerce_cart_changelist")).status_code == 200
    assert not Order.objects.exists()

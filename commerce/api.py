"""Catalog (products → SKUs → availabilities by country), carts, checkout and orders under /v1/.

Views parse the body and call commerce.services; the buy capability, the market and every line rule
are checked there (CommerceError → Partner Center error body), the cancellation rules by the owner
of the product type. Every customer-scoped path resolves the customer in the caller's tenant (404).
"""

from django_countries import countries
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from commerce import selectors, services, subscriptions
from commerce.markets import UNAVAILABLE_MARKETS
from commerce.serializers import (
    AnySubscriptionSerializer,
    AvailabilitySerializer,
    CartInSerializer,
    CartSerializer,
    CheckoutResultSerializer,
    OrderInSerializer,
    OrderPatchSerializer,
    OrderSerializer,
    ProductSerializer,
    RenderedSubscriptionsField,
    SkuSerializer,
)
from customers.selectors import customer_get
from partnercenter.api.idempotency import idempotent
from partnercenter.api.pagination import paginate, paginate_sources
from partnercenter.api.schema import (
    COMMON_ERRORS,
    CollectionSerializer,
    collection_of,
    error_responses,
    paging_parameters,
)

COUNTRY = OpenApiParameter(
    "country",
    {"type": "string", "enum": [code for code, _name in countries if code not in UNAVAILABLE_MARKETS]},
    required=True,
    description="ISO 3166-1 alpha-2 market where the catalog is sold, e.g. US or IT.",
)
PRODUCTS = collection_of(ProductSerializer, "ProductCollection")
SKUS = collection_of(SkuSerializer, "SkuCollection")
AVAILABILITIES = collection_of(AvailabilitySerializer, "AvailabilityCollection")
ORDERS = collection_of(OrderSerializer, "OrderCollection")
SUBSCRIPTIONS = type(
    "SubscriptionCollection", (CollectionSerializer,), {"items": RenderedSubscriptionsField(), "__module__": __name__}
)
REQUEST_ID = OpenApiParameter("MS-RequestId", str, OpenApiParameter.HEADER, description="Idempotency key.")


def _country(request) -> str:
    return request.query_params.get("country", "").strip().upper()


class ProductListView(PartnerAPIView):
    @extend_schema(
        operation_id="products_list",
        tags=["catalog"],
        parameters=[
            COUNTRY,
            OpenApiParameter(
                "targetView", str, enum=["Software", "AzureReservations"], description="Default: every type."
            ),
            *paging_parameters(),
        ],
        responses={200: PRODUCTS, **error_responses(400, *COMMON_ERRORS)},
    )
    def get(self, request):
        """Products sold in the country; an invalid country or an unavailable market is 400."""
        country = _country(request)
        products = selectors.product_list(country=country, target_view=request.query_params.get("targetView"))
        return paginate(request, products, PRODUCTS, order=("id",), context={"country": country})


class ProductDetailView(PartnerAPIView):
    @extend_schema(
        operation_id="products_retrieve",
        tags=["catalog"],
        responses={200: ProductSerializer, **error_responses(*COMMON_ERRORS, 404)},
    )
    def get(self, request, product_id):
        product = selectors.product_get(product_id=product_id)
        return Response(ProductSerializer(product, context={"country": _country(request)}).data)


class SkuListView(PartnerAPIView):
    @extend_schema(
        operation_id="products_skus_list",
        tags=["catalog"],
        parameters=[COUNTRY, *paging_parameters()],
        responses={200: SKUS, **error_responses(400, *COMMON_ERRORS, 404)},
    )
    def get(self, request, product_id):
        """The product's SKUs priced in the country (perpetual, 1-year, 3-year, software plans)."""
        country = _country(request)
        skus = selectors.sku_list(product=selectors.product_get(product_id=product_id), country=country)
        return paginate(request, skus, SKUS, order=("id",), context={"country": country})


class AvailabilityListView(PartnerAPIView):
    @extend_schema(
        operation_id="products_skus_availabilities_list",
        tags=["catalog"],
        parameters=[COUNTRY, *paging_parameters()],
        responses={
            200: AVAILABILITIES,
            **error_responses(400, *COMMON_ERRORS, 404),
        },
    )
    def get(self, request, product_id, sku_id):
        """Availabilities with their catalogItemId and price in the market currency."""
        country = _country(request)
        sku = selectors.sku_get(product=selectors.product_get(product_id=product_id), sku_id=sku_id)
        availabilities = selectors.availability_list(sku=sku, country=country)
        return paginate(request, availabilities, AVAILABILITIES, order=("id",), context={"country": country})


class CartCreateView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="carts_create",
        tags=["orders"],
        parameters=[REQUEST_ID],
        request=CartInSerializer,
        responses={201: CartSerializer, **error_responses(400, *COMMON_ERRORS, 404, 409)},
    )
    @idempotent
    def post(self, request, customer_tenant_id):
        """Create a cart (expires after 15 minutes of the partner's clock); needs the buy capability."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        body = CartInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cart = services.cart_create(customer=customer, actor=request.user, line_items=body.service_line_items())
        return Response(CartSerializer(cart).data, status=201)


class CartDetailView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="carts_retrieve",
        tags=["orders"],
        responses={200: CartSerializer, **error_responses(*COMMON_ERRORS, 404)},
    )
    def get(self, request, customer_tenant_id, cart_id):
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        cart = selectors.cart_get(partner=self.partner, customer=customer, cart_id=cart_id)
        return Response(CartSerializer(cart).data)


class CartCheckoutView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="carts_checkout",
        tags=["orders"],
        parameters=[REQUEST_ID],
        request=None,
        responses={201: CheckoutResultSerializer, **error_responses(400, *COMMON_ERRORS, 404, 409)},
    )
    @idempotent
    def post(self, request, customer_tenant_id, cart_id):
        """Place the cart's order; an expired or already checked-out cart is 400."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        order = services.cart_checkout(customer=customer, cart_id=cart_id, actor=request.user)
        return Response(
            CheckoutResultSerializer({"orders": [order]}).data,
            status=201,
        )


class OrderListView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="orders_list",
        tags=["orders"],
        parameters=paging_parameters(),
        responses={200: ORDERS, **error_responses(400, *COMMON_ERRORS, 404)},
    )
    def get(self, request, customer_tenant_id):
        """The customer's orders, newest first."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        orders = selectors.order_list(partner=self.partner, customer=customer)
        return paginate(request, orders, ORDERS, order=("-created_at", "-id"))

    @extend_schema(
        operation_id="orders_create",
        tags=["orders"],
        parameters=[REQUEST_ID],
        request=OrderInSerializer,
        responses={201: OrderSerializer, **error_responses(400, *COMMON_ERRORS, 404, 409)},
    )
    @idempotent
    def post(self, request, customer_tenant_id):
        """Place an order priced in the customer's market; needs the buy capability of its products."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        body = OrderInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_create(customer=customer, actor=request.user, line_items=body.service_line_items())
        return Response(
            OrderSerializer(order).data,
            status=201,
            headers={"Location": f"/v1/customers/{customer.tenant_id}/orders/{order.order_id}"},
        )


class OrderDetailView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="orders_retrieve",
        tags=["orders"],
        responses={200: OrderSerializer, **error_responses(*COMMON_ERRORS, 404)},
    )
    def get(self, request, customer_tenant_id, order_id):
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        order = selectors.order_get(partner=self.partner, customer=customer, order_id=order_id)
        return Response(OrderSerializer(order).data)

    @extend_schema(
        operation_id="orders_cancel",
        tags=["orders"],
        parameters=[REQUEST_ID],
        request=OrderPatchSerializer,
        responses={200: OrderSerializer, **error_responses(400, *COMMON_ERRORS, 404, 409)},
    )
    @idempotent
    def patch(self, request, customer_tenant_id, order_id):
        """Cancel lines (all when lineItems is omitted). Confirmed at once; the order shows the
        cancellation only once it takes effect (after the visibility delay). Admin agents only."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        body = OrderPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_cancel(
            customer=customer, order_id=order_id, line_numbers=body.line_numbers(), actor=request.user
        )
        return Response(OrderSerializer(order).data)


class SubscriptionListView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="subscriptions_list",
        tags=["subscriptions"],
        parameters=paging_parameters(),
        responses={200: SUBSCRIPTIONS, **error_responses(400, *COMMON_ERRORS, 404)},
    )
    def get(self, request, customer_tenant_id):
        """The customer's Partner Center subscriptions: its Azure plan, then its software subscriptions and
        software plans (perpetual licences are not subscriptions)."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        parts = [
            (source.rows(partner=self.partner, customer=customer), source.order, source.render)
            for _kind, source in subscriptions.sources()
        ]
        return paginate_sources(request, parts, SUBSCRIPTIONS)


class SubscriptionDetailView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="subscriptions_retrieve",
        tags=["subscriptions"],
        responses={200: AnySubscriptionSerializer, **error_responses(*COMMON_ERRORS, 404)},
    )
    def get(self, request, customer_tenant_id, subscription_id):
        """One subscription of the customer, of any product type."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        source, row = subscriptions.subscription_get(
            partner=self.partner, customer=customer, subscription_id=subscription_id
        )
        return Response(source.render(row))

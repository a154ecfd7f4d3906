"""Reproducible benchmark data: one large partner and a few small ones, bulk-inserted.

Run through `manage.py generate_load --scale tiny|small|large --seed N`. Everything is derived from
the seed (ids, names, markets, dates, quantities), and every date from ANCHOR, where each bench
partner's clock is frozen, so two runs with the same seed build the same book of business.

What the services would have written is written here in bulk, in the same shape: a commerce order
per purchase with its lines, Azure plans and subscriptions, reservation orders with one reservation
each, their state history, instalments (the upfront payment, or each monthly payment due so far),
software purchases with a key per version, an invoice line per charge on the invoice of its month
and currency (issued through `billing.services.invoice_issue` at each month end, the current month
left open), the audit records of each action, a year of purchases and the last 90 days of
utilization (UtilizationDay has no monthly rows: older days are not stored). Events run month by
month so each line lands on an invoice that is still open, as the database requires.

Refuses a database that already holds bench data: rebuild with a fresh database.
"""

import io
import json
import random
import string
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F

from accounts.models import Partner, Role, User, UserRole
from billing.models import Invoice, InvoiceLine, InvoiceStatus, LineKind
from billing.services import ISSUE_EFFECT, invoice_issue, month_of
from commerce.models import Availability, BillingCycle, Order, OrderLine, Price, ProductType
from commerce.tax import tax_split
from customers.models import Customer
from partnercenter import scheduler
from partnercenter.audit import actor_fields
from partnercenter.models import AuditRecord, ScheduledEffect
from partnercenter.money import round_money
from reservations.models import (
    TERM_MONTHS,
    AppliedScopeType,
    AzurePlan,
    AzureSubscription,
    BillingPlan,
    Instalment,
    Reservation,
    ReservationOrder,
    ReservationStateChange,
    ReservedResourceType,
    add_months,
    day_start,
)
from reservations.services.azure_plans import FIRST_SUBSCRIPTION_NAME
from reservations.services.instalments import unit_instalment
from reservations.services.lifecycle_schedule import daily_effects_ensure
from reservations.utilization import daily_percent
from software import artifacts
from software.crypto import encrypt_key, new_product_key
from software.models import ProductKey, SoftwarePurchase, term_end

# Each bench partner's clock is frozen here; purchases spread over the year before it.
ANCHOR = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HISTORY_DAYS = 363
UTILIZATION_DAYS = 90
MAIN_MPN = "9999999"
BENCH_USER = "bench-admin-agent@bench.example"
BENCH_PASSWORD = "bench-pass-2026"
MARKETS = ["US", "IT", "GB", "DE", "FR", "ES", "AU", "BR", "JP"]
MONTHLY_SHARE = 0.25  # reservations on the monthly billing plan
SHARED_SCOPE_SHARE = 0.4
BATCH = 5000
KEY_POOL = 64  # distinct encrypted keys reused across purchases (encryption is the slow part)
ORDER_ID_ALPHABET = string.ascii_letters + string.digits + "_-"


@dataclass(frozen=True)
class Scale:
    customers: int
    reservations: int
    software_lines: int
    other_partners: int
    other_divisor: int  # each other partner gets this fraction of the main partner's volume


SCALES = {
    "large": Scale(customers=20_000, reservations=200_000, software_lines=300_000, other_partners=3, other_divisor=100),
    "small": Scale(customers=200, reservations=2_000, software_lines=3_000, other_partners=3, other_divisor=100),
    "tiny": Scale(customers=12, reservations=40, software_lines=60, other_partners=2, other_divisor=6),
}


class DataExists(Exception):
    """The database already holds bench data (the generator only fills an empty one)."""


@dataclass
class TableStat:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class Report:
    seed: int
    scale: Scale
    tables: dict[str, TableStat] = field(default_factory=lambda: defaultdict(TableStat))
    seconds: float = 0.0

    def as_text(self) -> str:
        lines = [f"generate_load seed={self.seed} {self.scale} in {self.seconds:.1f} s", ""]
        lines.append(f"{'table':32s} {'rows':>12s} {'seconds':>9s} {'rows/s':>10s}")
        for name, stat in sorted(self.tables.items()):
            rate = stat.rows / stat.seconds if stat.seconds else 0.0
            lines.append(f"{name:32s} {stat.rows:12,d} {stat.seconds:9.1f} {rate:10,.0f}")
        return "\n".join(lines) + "\n"


class Sink:
    """Bulk writes with a progress bar and a timer per table."""

    def __init__(self, report: Report, progress: bool):
        self.report = report
        self.progress = None
        self.tasks: dict[str, int] = {}
        if progress:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("{task.description:32s}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
            )
            self.progress.start()

    def expect(self, name: str, total: int | None) -> None:
        if self.progress is not None and name not in self.tasks:
            self.tasks[name] = self.progress.add_task(name, total=total)

    def count(self, name: str, rows: int, seconds: float) -> None:
        stat = self.report.tables[name]
        stat.rows += rows
        stat.seconds += seconds
        if self.progress is not None:
            self.expect(name, None)
            self.progress.update(self.tasks[name], advance=rows)

    def bulk(self, objects: list) -> list:
        if not objects:
            return objects
        start = time.perf_counter()
        created = type(objects[0]).objects.bulk_create(objects, batch_size=BATCH)
        self.count(type(objects[0])._meta.db_table, len(objects), time.perf_counter() - start)
        return created

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@dataclass(frozen=True)
class Offer:
    availability: Availability
    sku: object
    product: object


@dataclass
class Book:
    """One partner's generated entities that later steps refer to."""

    partner: Partner
    user: User
    customers: list[Customer]
    subscriptions: dict[int, AzureSubscription] = field(default_factory=dict)  # by customer pk


@dataclass
class PendingInstalment:
    """A monthly payment that falls in a later month than the purchase."""

    reservation: Reservation
    order: ReservationOrder
    sequence: int
    commerce_order_id: str
    offer: Offer


class Generator:
    def __init__(self, *, scale: Scale, seed: int, sink: Sink):
        self.scale, self.rng, self.sink = scale, random.Random(seed), sink
        self.prices = {(p.availability_id, p.market): p for p in Price.objects.all()}
        offers = [
            Offer(a, a.sku, a.sku.product)
            for a in Availability.objects.select_related("sku__product").order_by("availability_id")
        ]
        self.reservation_offers = [o for o in offers if o.product.product_type == ProductType.RESERVATION]
        self.software_offers = [o for o in offers if o.product.product_type == ProductType.SOFTWARE]
        self.plan_offer = next(o for o in offers if o.product.product_type == ProductType.AZURE_PLAN)
        self.key_pool = [encrypt_key(new_product_key()) for _ in range(KEY_POOL)]
        self.pending: dict[tuple[int, int], list[PendingInstalment]] = defaultdict(list)  # (year, month)
        self.invoices: dict[tuple[int, str], Invoice] = {}  # (partner pk, currency) -> the open invoice

    # ---------------------------------------------------------------- identities, reproducible from the seed
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def order_id(self) -> str:
        first = self.rng.choice(string.ascii_letters + string.digits)
        return first + "".join(self.rng.choice(ORDER_ID_ALPHABET) for _ in range(32))

    def instant(self) -> datetime:
        return ANCHOR - timedelta(seconds=self.rng.randrange(3600, HISTORY_DAYS * 86400))

    # ---------------------------------------------------------------- partners, users, customers
    def partner(self, index: int, customers: int) -> Book:
        mpn = MAIN_MPN if index == 0 else f"99999{index:02d}"
        name = "Bench Partner" if index == 0 else f"Bench Other Partner {index}"
        partner = Partner.objects.create(
            name=name, mpn_id=mpn, country="US", billing_currency="USD", clock_frozen_at=ANCHOR
        )
        username = BENCH_USER if index == 0 else f"bench-admin-{index}@bench.example"
        user = User(username=username, email=username, partner=partner)
        user.set_password(BENCH_PASSWORD)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in (Role.ADMIN_AGENT, Role.GLOBAL_ADMIN)])
        created_at = ANCHOR - timedelta(days=HISTORY_DAYS + 7)
        rows = []
        for number in range(customers):
            market = self.rng.choice(MARKETS)
            rows.append(
                Customer(
                    partner=partner,
                    tenant_id=self.uuid(),
                    company_name=f"{name} Customer {number:06d}",
                    domain=f"bench{index:02d}c{number:06d}.onmicrosoft.com",
                    market=market,
                    first_name="Bench",
                    last_name=f"Buyer {number}",
                    email=f"billing{number}@bench{index:02d}.example",
                    address_line1=f"{number + 1} Bench Road",
                    city="Bench City",
                    state="WA",
                    postal_code="98052",
                    created_at=created_at,
                )
            )
        return Book(partner=partner, user=user, customers=self.sink.bulk(rows))

    def price(self, offer: Offer, customer: Customer) -> Price:
        return self.prices[(offer.availability.pk, str(customer.market))]

    # ---------------------------------------------------------------- commerce orders and audit
    def order(self, book: Book, customer: Customer, cycle: str, currency: str, at: datetime) -> Order:
        return Order(
            partner=book.partner,
            customer=customer,
            order_id=self.order_id(),
            alternate_id=f"{self.rng.getrandbits(48):012x}",
            billing_cycle=cycle,
            currency=currency,
            created_at=at,
            created_by=book.user.username,
        )

    def line(self, order: Order, number: int, offer: Offer, quantity: int, context: dict) -> OrderLine:
        price = self.prices[(offer.availability.pk, str(order.customer.market))]
        return OrderLine(
            order=order,
            line_number=number,
            availability=offer.availability,
            offer_id=f"{offer.product.product_id}:{offer.sku.sku_id}:{offer.availability.availability_id}",
            friendly_name=offer.sku.title,
            quantity=quantity,
            term_duration=offer.sku.term_duration,
            unit_price=price.unit_price,
            currency=price.currency,
            provisioning_context=context,
        )

    def audit(self, book: Book, customer, operation: str, resource: str, new_value: dict, data: dict, at):
        return AuditRecord(
            record_id=self.uuid(),
            partner=book.partner,
            customer_id=getattr(customer, "tenant_id", None),
            customer_name=getattr(customer, "company_name", ""),
            resource_type=resource,
            operation_type=operation,
            operation_date=at,
            resource_new_value=json.dumps(new_value, default=str, sort_keys=True),
            original_correlation_id=str(self.uuid()),
            customized_data=[{"key": k, "value": str(v)} for k, v in data.items()],
            **actor_fields(book.user),
        )

    def order_audit(self, book: Book, order: Order, lines: list[OrderLine]) -> AuditRecord:
        data: dict = {"OrderId": order.order_id, "AlternateId": order.alternate_id, "BillingCycle": order.billing_cycle}
        for index, line in enumerate(lines):
            data[f"OfferId-{index}"] = line.offer_id
            data[f"SubscriptionName-{index}"] = line.friendly_name
            data[f"Quantity-{index}"] = line.quantity
        new_value = {"id": order.order_id, "status": order.status, "currencyCode": order.currency}
        return self.audit(book, order.customer, "create_order", "order", new_value, data, order.created_at)

    # ---------------------------------------------------------------- Azure plans (one per customer)
    def azure_plans(self, book: Book) -> None:
        at = ANCHOR - timedelta(days=HISTORY_DAYS + 1)
        for start in range(0, len(book.customers), BATCH):
            customers = book.customers[start : start + BATCH]
            orders = []
            for customer in customers:
                currency = self.price(self.plan_offer, customer).currency
                orders.append(self.order(book, customer, BillingCycle.MONTHLY, currency, at))
            orders = self.sink.bulk(orders)
            lines = self.sink.bulk([self.line(order, 0, self.plan_offer, 1, {}) for order in orders])
            plans = self.sink.bulk(
                [
                    AzurePlan(
                        partner=book.partner,
                        customer=order.customer,
                        subscription_id=self.uuid(),
                        order_line=line,
                        created_at=at,
                    )
                    for order, line in zip(orders, lines, strict=True)
                ]
            )
            subscriptions = self.sink.bulk(
                [
                    AzureSubscription(
                        plan=plan,
                        partner=book.partner,
                        customer=plan.customer,
                        subscription_id=self.uuid(),
                        friendly_name=FIRST_SUBSCRIPTION_NAME,
                        created_at=at,
                    )
                    for plan in plans
                ]
            )
            audits = []
            for order, line, plan, subscription in zip(orders, lines, plans, subscriptions, strict=True):
                book.subscriptions[subscription.customer.pk] = subscription
                audits.append(
                    self.audit(
                        book,
                        order.customer,
                        "create_azure_subscription",
                        "subscription",
                        {
                            "id": str(subscription.subscription_id),
                            "friendlyName": FIRST_SUBSCRIPTION_NAME,
                            "status": "active",
                        },
                        {
                            "AzurePlanId": plan.subscription_id,
                            "SubscriptionId": subscription.subscription_id,
                            "SubscriptionName": FIRST_SUBSCRIPTION_NAME,
                        },
                        at,
                    )
                )
                audits.append(self.order_audit(book, order, [line]))
            self.sink.bulk(audits)

    # ---------------------------------------------------------------- invoices and their lines
    def invoice_for(self, partner: Partner, currency: str, at: datetime) -> Invoice:
        invoice = self.invoices.get((partner.pk, currency))
        if invoice is None:
            period = month_of(at)
            invoice = Invoice.objects.create(
                partner=partner, currency=currency, billing_period_start=period.start, billing_period_end=period.end
            )
            scheduler.schedule(partner=partner, kind=ISSUE_EFFECT, target=invoice.pk, due_at=period.end)
            self.invoices[(partner.pk, currency)] = invoice
        assert invoice.billing_period_start <= at < invoice.billing_period_end, (invoice, at)
        return invoice

    def month_end(self, end: datetime) -> None:
        """Issue every open invoice of the month ending at `end`, as the issue effect does."""
        for key, invoice in list(self.invoices.items()):
            if invoice.billing_period_end == end:
                invoice_issue(invoice_id=invoice.pk, issued_at=end)
                self.invoices[key] = Invoice.objects.get(
                    partner_id=invoice.partner_id, currency=invoice.currency, status=InvoiceStatus.OPEN
                )

    def charge(self, *, customer, partner, source, order_id, offer: Offer, sku_name, quantity, unit_price, currency,
               at, charge_type, start, end) -> InvoiceLine:  # fmt: skip
        split = tax_split(amount=unit_price * quantity, market=str(customer.market), currency=currency)
        return InvoiceLine(
            invoice=self.invoice_for(partner, currency, at),
            kind=LineKind.CHARGE,
            source=source,
            customer=customer,
            customer_name=customer.company_name,
            customer_domain=customer.domain,
            customer_country=str(customer.market),
            order_id=order_id,
            product_id=offer.product.product_id,
            sku_id=offer.sku.sku_id,
            availability_id=offer.availability.availability_id,
            product_name=offer.product.title,
            sku_name=sku_name,
            charge_type=charge_type,
            quantity=quantity,
            unit_price=unit_price,
            subtotal=split.subtotal,
            tax=split.tax,
            total=split.total,
            currency=currency,
            charged_at=at,
            charge_start=start,
            charge_end=end,
        )

    def instalment(self, item: PendingInstalment) -> tuple[Instalment, InvoiceLine]:
        reservation, order, sequence = item.reservation, item.order, item.sequence
        due = order.instalment_due(sequence)
        unit = unit_instalment(
            unit_price=reservation.unit_price,
            currency=reservation.currency,
            count=order.instalment_count,
            sequence=sequence,
        )
        source = f"reservations.instalment:{reservation.reservation_id}:{sequence}"
        instalment = Instalment(
            reservation=reservation,
            sequence=sequence,
            due_at=due,
            amount=round_money(unit * reservation.quantity, reservation.currency),
            currency=reservation.currency,
            charge_source=source,
        )
        line = self.charge(
            customer=reservation.customer,
            partner=reservation.partner,
            source=source,
            order_id=item.commerce_order_id,
            offer=item.offer,
            sku_name=reservation.sku_description,
            quantity=reservation.quantity,
            unit_price=unit,
            currency=reservation.currency,
            at=due,
            charge_type="new" if sequence == 0 else "cycleCharge",
            start=order.benefit_start,
            end=order.expires_at,
        )
        return instalment, line

    def queue_later_instalments(self, item: PendingInstalment) -> None:
        order = item.order
        for sequence in range(1, order.instalment_count):
            due = order.instalment_due(sequence)
            if due > ANCHOR or due >= order.expires_at:
                break
            later = PendingInstalment(item.reservation, order, sequence, item.commerce_order_id, item.offer)
            self.pending[(due.year, due.month)].append(later)

    # ---------------------------------------------------------------- reservations
    def reservations(self, book: Book, events: list[tuple[datetime, Customer]]) -> None:
        orders, choices = [], []
        for at, customer in events:
            offer = self.rng.choice(self.reservation_offers)
            monthly = self.rng.random() < MONTHLY_SHARE and "monthly" in offer.sku.supported_billing_cycles
            cycle = BillingCycle.MONTHLY if monthly else BillingCycle.ONE_TIME
            currency = self.price(offer, customer).currency
            orders.append(self.order(book, customer, cycle, currency, at))
            shared = self.rng.random() < SHARED_SCOPE_SHARE
            choices.append((offer, self.rng.randint(1, 5), shared, self.uuid(), self.uuid()))
        orders = self.sink.bulk(orders)
        lines = []
        for order, (offer, quantity, shared, order_uuid, _) in zip(orders, choices, strict=True):
            subscription = book.subscriptions[order.customer.pk]
            context = {
                "subscriptionId": str(subscription.subscription_id),
                "scope": AppliedScopeType.SHARED if shared else AppliedScopeType.SINGLE,
                "reservationOrderId": str(order_uuid),
            }
            lines.append(self.line(order, 0, offer, quantity, context))
        lines = self.sink.bulk(lines)
        reservation_orders = []
        for order, line, (offer, quantity, _shared, order_uuid, _) in zip(orders, lines, choices, strict=True):
            benefit_start = day_start(order.created_at)
            resource_type = offer.sku.attributes.get("reservedResourceType", "Reservation")
            name = f"{resource_type}_{order.created_at:%Y-%m-%d_%H-%M}"
            reservation_orders.append(
                ReservationOrder(
                    partner=book.partner,
                    customer=order.customer,
                    reservation_order_id=order_uuid,
                    display_name=name,
                    term=offer.sku.term_duration,
                    billing_plan=BillingPlan.MONTHLY
                    if order.billing_cycle == BillingCycle.MONTHLY
                    else BillingPlan.UPFRONT,
                    currency=line.currency,
                    original_quantity=quantity,
                    purchased_at=order.created_at,
                    benefit_start=benefit_start,
                    expires_at=add_months(benefit_start, TERM_MONTHS[offer.sku.term_duration]),
                    order_line=line,
                    created_by=book.user.username,
                )
            )
        reservation_orders = self.sink.bulk(reservation_orders)
        reservations = []
        for reservation_order, line, (offer, quantity, shared, _, reservation_uuid) in zip(
            reservation_orders, lines, choices, strict=True
        ):
            subscription = book.subscriptions[reservation_order.customer.pk]
            attributes = offer.sku.attributes
            reservations.append(
                Reservation(
                    order=reservation_order,
                    partner=book.partner,
                    customer=reservation_order.customer,
                    reservation_id=reservation_uuid,
                    availability=offer.availability,
                    reserved_resource_type=attributes.get(
                        "reservedResourceType", ReservedResourceType.VIRTUAL_MACHINES
                    ),
                    sku_name=attributes.get("armSkuName", offer.sku.sku_id),
                    sku_description=offer.sku.title,
                    location=attributes.get("armRegionName", ""),
                    quantity=quantity,
                    display_name=reservation_order.display_name,
                    applied_scope_type=AppliedScopeType.SHARED if shared else AppliedScopeType.SINGLE,
                    applied_subscription=None if shared else subscription,
                    billing_subscription=subscription,
                    unit_price=line.unit_price,
                    currency=line.currency,
                    last_updated_at=reservation_order.purchased_at,
                )
            )
        reservations = self.sink.bulk(reservations)
        self.sink.bulk(
            [
                ReservationStateChange(
                    reservation=reservation,
                    new_state=reservation.provisioning_state,
                    at=reservation.order.purchased_at,
                    actor=book.user.username,
                    reason="purchase",
                )
                for reservation in reservations
            ]
        )
        instalments, charges, audits = [], [], []
        for order, line, reservation, (offer, *_rest) in zip(orders, lines, reservations, choices, strict=True):
            item = PendingInstalment(reservation, reservation.order, 0, order.order_id, offer)
            instalment, charge = self.instalment(item)
            instalments.append(instalment)
            charges.append(charge)
            self.queue_later_instalments(item)
            audits.append(self.order_audit(book, order, [line]))
            audits.append(self.reservation_audit(book, order, reservation))
        self.sink.bulk(instalments)
        self.sink.bulk(charges)
        self.sink.bulk(audits)

    def reservation_audit(self, book: Book, order: Order, reservation: Reservation) -> AuditRecord:
        reservation_order = reservation.order
        new_value = {
            "reservationOrderId": str(reservation_order.reservation_order_id),
            "reservationId": str(reservation.reservation_id),
            "sku": reservation.sku_name,
            "location": reservation.location,
            "quantity": reservation.quantity,
            "term": reservation_order.term,
            "billingPlan": reservation_order.billing_plan,
            "appliedScopeType": reservation.applied_scope_type,
        }
        data = {
            "OrderId": order.order_id,
            "ReservationOrderId": reservation_order.reservation_order_id,
            "ReservationId": reservation.reservation_id,
            "Amount": reservation.term_amount,
            "Currency": reservation.currency,
        }
        at = reservation_order.purchased_at
        return self.audit(book, reservation.customer, "purchase_reservation", "azure_reservation", new_value, data, at)

    def due_instalments(self, year: int, month: int) -> None:
        items = self.pending.pop((year, month), [])
        for start in range(0, len(items), BATCH):
            pairs = [self.instalment(item) for item in items[start : start + BATCH]]
            self.sink.bulk([instalment for instalment, _ in pairs])
            self.sink.bulk([line for _, line in pairs])

    # ---------------------------------------------------------------- software
    def software(self, book: Book, events: list[tuple[datetime, Customer, int]]) -> None:
        orders, picks = [], []
        for at, customer, line_count in events:
            offers = self.rng.sample(self.software_offers, line_count)
            currency = self.price(offers[0], customer).currency
            orders.append(self.order(book, customer, BillingCycle.ONE_TIME, currency, at))
            picks.append([(offer, self.rng.randint(1, 10)) for offer in offers])
        orders = self.sink.bulk(orders)
        lines = [
            self.line(order, number, offer, quantity, {})
            for order, pick in zip(orders, picks, strict=True)
            for number, (offer, quantity) in enumerate(pick)
        ]
        lines = self.sink.bulk(lines)
        offer_of = {id(line): offer for line, offer in zip(lines, (o for p in picks for o, _ in p), strict=True)}
        purchases = []
        for line in lines:
            offer, order = offer_of[id(line)], line.order
            options = artifacts.options_for_sku(offer.sku)
            purchases.append(
                SoftwarePurchase(
                    order_line=line,
                    partner=book.partner,
                    customer=order.customer,
                    product_title=offer.product.title,
                    sku_title=offer.sku.title,
                    sku_kind=offer.sku.kind,
                    term_duration=line.term_duration or offer.sku.term_duration,
                    publisher=offer.product.publisher,
                    purchased_at=order.created_at,
                    **options,
                )
            )
        purchases = self.sink.bulk(purchases)
        keys, charges = [], []
        for line, purchase in zip(lines, purchases, strict=True):
            offer, order = offer_of[id(line)], line.order
            keys.extend(
                ProductKey(purchase=purchase, version=version, key_ciphertext=self.rng.choice(self.key_pool))
                for version in purchase.versions
            )
            charges.append(
                self.charge(
                    customer=order.customer,
                    partner=book.partner,
                    source=f"software.purchase:{line.pk}",
                    order_id=order.order_id,
                    offer=offer,
                    sku_name=purchase.sku_title,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    currency=line.currency,
                    at=order.created_at,
                    charge_type="new",
                    start=order.created_at,
                    end=term_end(order.created_at, purchase.term_duration),
                )
            )
        self.sink.bulk(keys)
        self.sink.bulk(charges)
        lines_of: dict[int, list[OrderLine]] = defaultdict(list)
        for line in lines:
            lines_of[line.order.pk].append(line)
        self.sink.bulk([self.order_audit(book, order, lines_of[order.pk]) for order in orders])

    # ---------------------------------------------------------------- utilization (COPY)
    def utilization(self, partners: list[Partner]) -> None:
        """The last UTILIZATION_DAYS days before ANCHOR's day, for every reservation in its term that day."""
        today = ANCHOR.date()
        rows = list(
            Reservation.objects.filter(partner__in=partners)
            .order_by("pk")
            .values_list("pk", "reservation_id", "quantity", "order__benefit_start", "order__expires_at")
        )
        days = [today - timedelta(days=offset) for offset in range(UTILIZATION_DAYS, 0, -1)]
        expected = sum(1 for *_, start, end in rows for d in days if _in_term(d, start, end))
        self.sink.expect("reservations_utilizationday", expected)
        with connection.cursor() as cursor:
            for day in days:
                start_time = time.perf_counter()
                buffer, count = io.StringIO(), 0
                for pk, reservation_id, quantity, benefit_start, expires_at in rows:
                    if not _in_term(day, benefit_start, expires_at):
                        continue
                    percent = daily_percent(
                        reservation_id=reservation_id, benefit_start=benefit_start.astimezone(UTC).date(), day=day
                    )
                    reserved = Decimal(24 * max(quantity, 1))
                    used = (reserved * percent / 100).quantize(Decimal("0.01"))
                    buffer.write(f"{pk}\t{day.isoformat()}\t{reserved}\t{used}\t{percent}\n")
                    count += 1
                sql = (
                    "COPY reservations_utilizationday (reservation_id, day, reserved_hours, used_hours, "
                    "utilization_percent) FROM STDIN"
                )
                with cursor.connection.cursor().copy(sql) as copy:
                    copy.write(buffer.getvalue())
                self.sink.count("reservations_utilizationday", count, time.perf_counter() - start_time)

    # ---------------------------------------------------------------- the whole run
    def run(self) -> None:
        scale = self.scale
        volumes = [(scale.customers, scale.reservations, scale.software_lines)]
        for _ in range(scale.other_partners):
            volumes.append(tuple(max(1, n // scale.other_divisor) for n in volumes[0]))
        books = [self.partner(index, volume[0]) for index, volume in enumerate(volumes)]
        for book in books:
            self.azure_plans(book)
        # Every purchase of the year, per partner, in time order, grouped by month.
        by_month: dict[tuple[int, int], list] = defaultdict(list)
        for book, (_, reservations, software_lines) in zip(books, volumes, strict=True):
            for _ in range(reservations):
                at = self.instant()
                by_month[(at.year, at.month)].append((at, "reservation", book, self.rng.choice(book.customers), 1))
            remaining = software_lines
            while remaining > 0:
                count = min(remaining, self.rng.choice((1, 1, 2, 3)), len(self.software_offers))
                remaining -= count
                at = self.instant()
                by_month[(at.year, at.month)].append((at, "software", book, self.rng.choice(book.customers), count))
        self.sink.expect("reservations_reservation", sum(v[1] for v in volumes))
        self.sink.expect("software_softwarepurchase", sum(v[2] for v in volumes))
        month = month_of(ANCHOR - timedelta(days=HISTORY_DAYS))
        while month.start <= ANCHOR:
            key = (month.start.year, month.start.month)
            with transaction.atomic():
                self.due_instalments(*key)
                events = sorted(by_month.pop(key, []), key=lambda event: (event[0], event[2].partner.pk))
                for start in range(0, len(events), BATCH):
                    chunk = events[start : start + BATCH]
                    for book in books:
                        mine = [e for e in chunk if e[2] is book]
                        self.reservations(book, [(at, c) for at, kind, _, c, _ in mine if kind == "reservation"])
                        self.software(book, [(at, c, n) for at, kind, _, c, n in mine if kind == "software"])
                if month.end <= ANCHOR:
                    self.month_end(month.end)
            month = month_of(month.end)
        self.utilization([book.partner for book in books])
        with transaction.atomic():
            # The issue effects of the months already issued ran (invoice_issue is what they run).
            ScheduledEffect.objects.filter(kind=ISSUE_EFFECT, done_at__isnull=True, due_at__lte=ANCHOR).update(
                done_at=F("due_at"), attempts=1
            )
            for book in books:
                daily_effects_ensure(partner=book.partner, after=ANCHOR)
        with connection.cursor() as cursor:
            # Fresh statistics: planned on the empty tables' estimates, a join over millions of new rows
            # picks nested loops (a page that needs 5 ms took a second until autovacuum got round to it).
            cursor.execute("ANALYZE")


def _in_term(day: date, benefit_start: datetime, expires_at: datetime) -> bool:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return benefit_start <= start and start + timedelta(days=1) <= expires_at


def generate(*, scale: Scale, seed: int, progress: bool = True) -> Report:
    """Fill an empty database with the bench partners; DataExists when bench data is already there."""
    if Partner.objects.filter(mpn_id=MAIN_MPN).exists():
        raise DataExists(
            "This database already holds bench data (partner MPN 9999999). Rebuild from an empty database: "
            "dropdb, createdb, manage.py migrate, then generate_load again."
        )
    report = Report(seed=seed, scale=scale)
    sink = Sink(report, progress)
    started = time.perf_counter()
    try:
        Generator(scale=scale, seed=seed, sink=sink).run()
    finally:
        sink.close()
    report.seconds = time.perf_counter() - started
    return report

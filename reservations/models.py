"""Azure plans and subscriptions, reservation orders and reservations, access, utilization, instalments.

A customer's Azure plan (a Partner Center subscription bought from the `targetView=Azure` catalog)
holds its Azure subscriptions; a reservation is billed to one of them and applies to one (Single)
or to all of the customer's (Shared). A reservation order comes from one commerce order line (or
from the renewal of an earlier order) and holds its reservations; each reservation keeps its own
price, currency and quantity from the purchase, so a later catalog edit, a partial return or an
exchange (part 2) never rewrites what was bought. Invariants are database constraints.
"""

import uuid
from datetime import UTC, datetime, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.permissions import ReservationRole
from partnercenter.money import round_money

AMOUNT = {"max_digits": 18, "decimal_places": 4}
# A reservation is "Expiring" this long before its term ends (Azure's displayProvisioningState).
EXPIRING_WINDOW = timedelta(days=30)


class AzureStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DELETED = "deleted", _("Deleted")


class AzurePlan(models.Model):
    """The customer's Azure plan: Partner Center's subscription for offer DZH318Z0BPS6 (one per customer)."""

    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="azure_plans")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="azure_plans"
    )
    subscription_id = models.UUIDField(_("subscription id"), default=uuid.uuid4, unique=True, editable=False)
    order_line = models.OneToOneField(
        "commerce.OrderLine", verbose_name=_("order line"), on_delete=models.PROTECT, related_name="azure_plan"
    )
    friendly_name = models.CharField(_("friendly name"), max_length=100, default="Azure plan")
    status = models.CharField(_("status"), max_length=10, choices=AzureStatus.choices, default=AzureStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), help_text=_("In the partner's clock."))

    class Meta:
        ordering = ["customer", "created_at"]
        verbose_name = _("Azure plan")
        verbose_name_plural = _("Azure plans")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=~Q(status="deleted"), name="one_live_azure_plan_per_customer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.friendly_name} ({self.customer})"


class AzureSubscription(models.Model):
    """An Azure subscription under the plan (Partner Center's AzureEntitlement): where reservations apply."""

    plan = models.ForeignKey(
        AzurePlan, verbose_name=_("Azure plan"), on_delete=models.PROTECT, related_name="azure_subscriptions"
    )
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="azure_subscriptions")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="azure_subscriptions"
    )
    subscription_id = models.UUIDField(_("Azure subscription id"), default=uuid.uuid4, unique=True, editable=False)
    friendly_name = models.CharField(_("friendly name"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=AzureStatus.choices, default=AzureStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), help_text=_("In the partner's clock."))

    class Meta:
        ordering = ["customer", "created_at", "id"]
        verbose_name = _("Azure subscription")
        verbose_name_plural = _("Azure subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["customer", "friendly_name"], name="unique_azure_subscription_name"),
            models.CheckConstraint(condition=~Q(friendly_name=""), name="azure_subscription_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.friendly_name} ({self.subscription_id})"

    @property
    def resource_id(self) -> str:
        return f"/subscriptions/{self.subscription_id}"


class ReservedResourceType(models.TextChoices):
    """Azure's ReservedResourceType (2022-11-01); the catalog sells a subset."""

    VIRTUAL_MACHINES = "VirtualMachines", _("Virtual machines")
    SQL_DATABASES = "SqlDatabases", _("SQL Database")
    SUSE_LINUX = "SuseLinux", "SUSE Linux"
    COSMOS_DB = "CosmosDb", _("Azure Cosmos DB")
    RED_HAT = "RedHat", "Red Hat"
    SQL_DATA_WAREHOUSE = "SqlDataWarehouse", _("Azure Synapse Analytics")
    VMWARE_CLOUD_SIMPLE = "VMwareCloudSimple", "VMware CloudSimple"
    RED_HAT_OSA = "RedHatOsa", "Red Hat OpenShift"
    DATABRICKS = "Databricks", "Azure Databricks"
    APP_SERVICE = "AppService", _("App Service")
    MANAGED_DISK = "ManagedDisk", _("Managed disks")
    BLOCK_BLOB = "BlockBlob", _("Blob storage")
    REDIS_CACHE = "RedisCache", _("Azure Cache for Redis")
    AZURE_DATA_EXPLORER = "AzureDataExplorer", _("Azure Data Explorer")
    MYSQL = "MySql", _("Azure Database for MySQL")
    MARIADB = "MariaDb", _("Azure Database for MariaDB")
    POSTGRESQL = "PostgreSql", _("Azure Database for PostgreSQL")
    DEDICATED_HOST = "DedicatedHost", _("Dedicated hosts")
    SAP_HANA = "SapHana", "SAP HANA"
    SQL_AZURE_HYBRID_BENEFIT = "SqlAzureHybridBenefit", _("SQL Azure Hybrid Benefit")
    AVS = "AVS", _("Azure VMware Solution")
    DATA_FACTORY = "DataFactory", _("Data Factory")
    NETAPP_STORAGE = "NetAppStorage", _("Azure NetApp Files")
    AZURE_FILES = "AzureFiles", _("Azure Files")
    SQL_EDGE = "SqlEdge", _("Azure SQL Edge")
    VIRTUAL_MACHINE_SOFTWARE = "VirtualMachineSoftware", _("Virtual machine software")


class Term(models.TextChoices):
    P1Y = "P1Y", _("1 year")
    P3Y = "P3Y", _("3 years")


TERM_MONTHS: dict[str, int] = {Term.P1Y: 12, Term.P3Y: 36}


class BillingPlan(models.TextChoices):
    UPFRONT = "Upfront", _("Upfront")
    MONTHLY = "Monthly", _("Monthly")


class AppliedScopeType(models.TextChoices):
    SINGLE = "Single", _("Single subscription")
    SHARED = "Shared", _("Shared")


class InstanceFlexibility(models.TextChoices):
    ON = "On", _("On")
    OFF = "Off", _("Off")


def add_months(at: datetime, months: int) -> datetime:
    """`at` moved by whole calendar months, the day clamped to the target month's length (Jan 31 + 1 = Feb 28)."""
    month_index = at.month - 1 + months
    year, month = at.year + month_index // 12, month_index % 12 + 1
    next_month = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=at.tzinfo)
    last_day = (next_month - timedelta(days=1)).day
    return at.replace(year=year, month=month, day=min(at.day, last_day))


def day_start(at: datetime) -> datetime:
    """Midnight UTC starting the day of `at`."""
    at = at.astimezone(UTC)
    return datetime(at.year, at.month, at.day, tzinfo=UTC)


class ReservationOrder(models.Model):
    """Azure's reservation order: one purchase (or renewal) with its term, billing plan and dates.

    The term runs from midnight UTC of the purchase day (`benefit_start`) to midnight UTC of the same
    day `term` later (`expires_at`, Azure's expiryDate): day boundaries are where the daily effects
    accrue utilization, charge instalments, expire and renew, so each happens on its exact day.
    """

    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="reservation_orders")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="reservation_orders"
    )
    reservation_order_id = models.UUIDField(_("reservation order id"), default=uuid.uuid4, unique=True)
    display_name = models.CharField(_("name"), max_length=64)
    term = models.CharField(_("term"), max_length=3, choices=Term.choices)
    billing_plan = models.CharField(_("billing plan"), max_length=10, choices=BillingPlan.choices)
    currency = models.CharField(_("currency"), max_length=3)
    original_quantity = models.PositiveIntegerField(_("original quantity"))
    purchased_at = models.DateTimeField(_("purchase date"), help_text=_("In the partner's clock."))
    benefit_start = models.DateTimeField(_("benefit start"))
    expires_at = models.DateTimeField(_("expiry date"))
    order_line = models.ForeignKey(
        "commerce.OrderLine",
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reservation_orders",
        help_text=_("The Partner Center order line it was bought with; empty for an automatic renewal."),
    )
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_to",
    )
    created_by = models.CharField(_("created by"), max_length=254, blank=True)

    class Meta:
        ordering = ["-purchased_at", "-id"]
        verbose_name = _("reservation order")
        verbose_name_plural = _("reservation orders")
        indexes = [models.Index(fields=["partner", "customer", "purchased_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("benefit_start")), name="order_term_not_empty"),
            models.CheckConstraint(condition=Q(original_quantity__gt=0), name="order_quantity_positive"),
            models.CheckConstraint(
                condition=Q(order_line__isnull=False) | Q(renewed_from__isnull=False),
                name="order_bought_or_renewed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.reservation_order_id})"

    @property
    def resource_id(self) -> str:
        return f"/providers/Microsoft.Capacity/reservationOrders/{self.reservation_order_id}"

    @property
    def term_months(self) -> int:
        return TERM_MONTHS[self.term]

    @property
    def instalment_count(self) -> int:
        """Payments over the term: one upfront, or one a month."""
        return self.term_months if self.billing_plan == BillingPlan.MONTHLY else 1

    def instalment_due(self, sequence: int) -> datetime:
        """When payment `sequence` (0-based) is due: the purchase, then the purchase day of each month."""
        return self.purchased_at if sequence == 0 else add_months(self.benefit_start, sequence)


class ProvisioningState(models.TextChoices):
    """The states this simulator moves a reservation through (a subset of Azure's ProvisioningState)."""

    SUCCEEDED = "Succeeded", _("Succeeded")
    EXPIRED = "Expired", _("Expired")
    CANCELLED = "Cancelled", _("Cancelled")


# The only moves a reservation's state may make; reservations.services.lifecycle applies them.
# Cancelled is reached by returning everything (part 2: refunds and exchanges).
TRANSITIONS: dict[str, frozenset[str]] = {
    ProvisioningState.SUCCEEDED: frozenset({ProvisioningState.EXPIRED, ProvisioningState.CANCELLED}),
    ProvisioningState.EXPIRED: frozenset(),
    ProvisioningState.CANCELLED: frozenset(),
}


class Reservation(models.Model):
    """One reservation: what is reserved (type, SKU, region, quantity), where it applies, and its price."""

    order = models.ForeignKey(
        ReservationOrder, verbose_name=_("reservation order"), on_delete=models.PROTECT, related_name="reservations"
    )
    partner = models.ForeignKey("accounts.Partner", on_delete=models.PROTECT, related_name="reservations")
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="reservations"
    )
    reservation_id = models.UUIDField(_("reservation id"), default=uuid.uuid4, unique=True, editable=False)
    availability = models.ForeignKey(
        "commerce.Availability",
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        related_name="reservations",
        help_text=_("What was bought; renewals buy it again at the day's price."),
    )
    reserved_resource_type = models.CharField(_("type"), max_length=30, choices=ReservedResourceType.choices)
    sku_name = models.CharField(_("SKU"), max_length=80, help_text=_("Azure's SKU name, e.g. Standard_D2s_v5."))
    sku_description = models.CharField(_("SKU description"), max_length=200)
    location = models.CharField(_("region"), max_length=40, help_text=_("Azure region name, e.g. westeurope."))
    quantity = models.PositiveIntegerField(_("quantity"))
    display_name = models.CharField(_("name"), max_length=64)
    applied_scope_type = models.CharField(_("scope"), max_length=10, choices=AppliedScopeType.choices)
    applied_subscription = models.ForeignKey(
        AzureSubscription,
        verbose_name=_("applied to subscription"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applied_reservations",
        help_text=_("Set for Single scope only."),
    )
    billing_subscription = models.ForeignKey(
        AzureSubscription,
        verbose_name=_("billing subscription"),
        on_delete=models.PROTECT,
        related_name="billed_reservations",
        help_text=_("The subscription named at purchase (Azure's billingScopeId); it cannot change."),
    )
    instance_flexibility = models.CharField(
        _("instance size flexibility"),
        max_length=3,
        choices=InstanceFlexibility.choices,
        default=InstanceFlexibility.ON,
    )
    renew = models.BooleanField(_("auto-renew"), default=False)
    hybrid_benefit = models.BooleanField(
        _("Azure Hybrid Benefit"),
        default=False,
        help_text=_("Windows Server licences with Software Assurance applied."),
    )
    provisioning_state = models.CharField(
        _("status"), max_length=12, choices=ProvisioningState.choices, default=ProvisioningState.SUCCEEDED
    )
    unit_price = models.DecimalField(
        _("unit price"), **AMOUNT, help_text=_("Per unit for the whole term, at purchase.")
    )
    currency = models.CharField(_("currency"), max_length=3)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, help_text=_("Expiry or cancellation."))
    etag = models.PositiveIntegerField(_("etag"), default=1, help_text=_("Bumped by every change (Azure's etag)."))
    last_updated_at = models.DateTimeField(_("last updated"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [
            models.Index(fields=["partner", "customer", "provisioning_state"]),
            models.Index(fields=["partner", "provisioning_state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applied_scope_type="Single", applied_subscription__isnull=False)
                | Q(applied_scope_type="Shared", applied_subscription__isnull=True),
                name="single_scope_names_one_subscription",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0) | Q(provisioning_state="Cancelled"),
                name="reservation_quantity_positive_unless_cancelled",
            ),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="reservation_price_not_negative"),
            models.CheckConstraint(
                condition=Q(provisioning_state="Succeeded", ended_at__isnull=True)
                | Q(provisioning_state__in=["Expired", "Cancelled"], ended_at__isnull=False),
                name="ended_reservation_has_end",
            ),
            models.CheckConstraint(condition=~Q(display_name=""), name="reservation_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.reservation_id})"

    @property
    def resource_id(self) -> str:
        return f"{self.order.resource_id}/reservations/{self.reservation_id}"

    @property
    def is_active(self) -> bool:
        return self.provisioning_state == ProvisioningState.SUCCEEDED

    def display_state(self, now: datetime) -> str:
        """Azure's displayProvisioningState: Succeeded, Expiring (30 days before the end), Expired, Cancelled."""
        if self.provisioning_state == ProvisioningState.SUCCEEDED and self.order.expires_at - now <= EXPIRING_WINDOW:
            return "Expiring"
        return self.provisioning_state

    @property
    def term_amount(self):
        """The commitment for the whole term at the purchase price: unit price × quantity."""
        return round_money(self.unit_price * self.quantity, self.currency)


class ReservationStateChange(models.Model):
    """History of a reservation's state: one row per transition (and one for its creation)."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="state_changes")
    old_state = models.CharField(_("from"), max_length=12, blank=True)
    new_state = models.CharField(_("to"), max_length=12, choices=ProvisioningState.choices)
    at = models.DateTimeField(_("when"), help_text=_("In the partner's clock."))
    actor = models.CharField(_("by"), max_length=254)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["reservation", "at", "id"]
        verbose_name = _("reservation state change")
        verbose_name_plural = _("reservation state changes")
        constraints = [
            models.UniqueConstraint(fields=["reservation", "new_state"], name="each_state_entered_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reservation_id}: {self.old_state or '∅'} → {self.new_state}"


class ReservationRoleAssignment(models.Model):
    """A role on a reservation held by a partner user of its partner or a user of its customer."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="role_assignments")
    assignment_id = models.UUIDField(_("assignment id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="reservation_roles"
    )
    role = models.CharField(
        _("role"),
        max_length=30,
        choices=[
            (ReservationRole.OWNER.value, _("Owner")),
            (ReservationRole.ADMINISTRATOR.value, _("Reservations Administrator")),
            (ReservationRole.READER.value, _("Reservations Reader")),
        ],
    )
    created_at = models.DateTimeField(_("created at"), help_text=_("In the partner's clock."))
    created_by = models.CharField(_("created by"), max_length=254)

    class Meta:
        ordering = ["reservation", "role", "id"]
        verbose_name = _("reservation role assignment")
        verbose_name_plural = _("reservation role assignments")
        constraints = [
            models.UniqueConstraint(fields=["reservation", "user", "role"], name="one_assignment_per_user_and_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class UtilizationDay(models.Model):
    """How much of a reservation one UTC day used: inserted in bulk by the partner's daily effect."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="utilization_days")
    day = models.DateField(_("day"))
    reserved_hours = models.DecimalField(_("reserved hours"), max_digits=12, decimal_places=2)
    used_hours = models.DecimalField(_("used hours"), max_digits=12, decimal_places=2)
    utilization_percent = models.DecimalField(_("utilization %"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["reservation", "day"]
        verbose_name = _("utilization day")
        verbose_name_plural = _("utilization days")
        constraints = [
            models.UniqueConstraint(fields=["reservation", "day"], name="one_utilization_row_per_day"),
            models.CheckConstraint(
                condition=Q(utilization_percent__gte=0, utilization_percent__lte=100), name="utilization_is_percent"
            ),
            models.CheckConstraint(
                condition=Q(used_hours__gte=0, used_hours__lte=F("reserved_hours")), name="used_within_reserved"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reservation_id} {self.day}: {self.utilization_percent}%"


class Instalment(models.Model):
    """One payment of a reservation (the upfront one, or one of a monthly plan), charged through billing."""

    reservation = models.ForeignKey(Reservation, on_delete=models.PROTECT, related_name="instalments")
    sequence = models.PositiveIntegerField(_("payment number"), help_text=_("0 for the payment at purchase."))
    due_at = models.DateTimeField(_("due"))
    amount = models.DecimalField(_("amount"), **AMOUNT, help_text=_("Before the market's tax rule."))
    currency = models.CharField(_("currency"), max_length=3)
    charge_source = models.CharField(_("invoice line source"), max_length=200, unique=True)

    class Meta:
        ordering = ["reservation", "sequence"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(fields=["reservation", "sequence"], name="one_instalment_per_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="instalment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.reservation_id} #{self.sequence} {self.amount} {self.currency}"


# Refunds and exchanges (part 2) keep their models in their own module; Django finds them through here.
from reservations.refund_models import (  # noqa: E402, F401
    Exchange,
    ExchangeRate,
    QuoteKind,
    Refund,
    RefundPolicyProfile,
    RefundQuote,
    RefundScope,
    RefundSettings,
)

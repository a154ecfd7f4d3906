"""Azure Hybrid Benefit: the customer's Windows Server licences with Software Assurance, and what applying them
would save on its Windows virtual-machine reservations (seed: "save up to 40 % on virtual machines").

Licences come from the customer's software purchases as commerce records them (order lines), so this module
never imports the software app. Windows Server Datacenter and Standard bought as 1- or 3-year subscriptions
carry Software Assurance; perpetual licences bought without it do not count. Licensing follows Azure's rule
for Windows Server: every virtual machine needs at least 8 core licences, and one per vCPU above that.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from commerce.models import LineStatus, OrderLine, SkuKind
from partnercenter.money import round_money
from reservations.models import TERM_MONTHS, ReservedResourceType, add_months

# The catalog's Windows Server 2-core packs (commerce.catalog_seed) and their edition.
WINDOWS_SERVER_EDITIONS = {"DG7GMGF0D65N": "Datacenter", "DG7GMGF0D5RK": "Standard"}
CORES_PER_PACK = 2
MIN_CORES_PER_VM = 8
SAVING_RATE = Decimal("0.40")


@dataclass(frozen=True)
class Licence:
    """A Windows Server subscription the customer holds: edition, packs and cores, until when."""

    edition: str
    title: str
    packs: int
    cores: int
    order_id: str
    expires_at: datetime


@dataclass(frozen=True)
class BenefitEstimate:
    """One Windows VM reservation: the core licences it needs, whether the licences cover it, and the saving."""

    reservation: object
    vcpus: int
    cores_needed: int
    monthly_price: Decimal
    monthly_saving: Decimal
    covered: bool

    @property
    def applied(self) -> bool:
        return bool(self.reservation.hybrid_benefit)


@dataclass(frozen=True)
class HybridBenefitSummary:
    licences: list[Licence]
    licensed_cores: int
    estimates: list[BenefitEstimate]
    currency: str
    saving_applied: Decimal  # reservations marked for the benefit and covered by the licences
    saving_possible: Decimal  # every covered reservation, marked or not
    rate: Decimal = SAVING_RATE


def licences_with_software_assurance(*, partner, customer, as_of: datetime) -> list[Licence]:
    """The customer's active Windows Server Datacenter/Standard subscriptions whose term runs at `as_of`."""
    lines = (
        OrderLine.objects.filter(
            order__partner=partner,
            order__customer=customer,
            availability__sku__product__product_id__in=list(WINDOWS_SERVER_EDITIONS),
            availability__sku__kind=SkuKind.SUBSCRIPTION,
            status=LineStatus.ACTIVE,
        )
        .order_by("order__created_at", "line_number")
        # The columns a licence shows, not the four whole rows joined to find them.
        .values_list(
            "order__created_at",
            "term_duration",
            "availability__sku__product__product_id",
            "friendly_name",
            "quantity",
            "order__order_id",
        )
    )
    licences = []
    for ordered_at, term_duration, product_id, title, packs, order_id in lines:
        expires_at = add_months(ordered_at, TERM_MONTHS.get(term_duration, 0))
        if expires_at <= as_of:
            continue
        licences.append(
            Licence(
                edition=WINDOWS_SERVER_EDITIONS[product_id],
                title=title,
                packs=packs,
                cores=packs * CORES_PER_PACK,
                order_id=order_id,
                expires_at=expires_at,
            )
        )
    return licences


def _cores_needed(reservation) -> tuple[int, int]:
    vcpus = int(reservation.availability.sku.attributes.get("cores") or 0)
    return vcpus, max(MIN_CORES_PER_VM, vcpus) * reservation.quantity


def hybrid_benefit_summary(*, partner, customer, reservations, as_of: datetime) -> HybridBenefitSummary:
    """Licences and per-reservation estimates for the customer's active virtual-machine `reservations`.

    `reservations` are those the page already read (with `availability__sku` and `order`); the licences'
    cores go first to the reservations marked for the benefit, then to the others, oldest first. Estimates
    come back in the order of `reservations`.
    Estimated monthly saving = reservation price for the term ÷ months in the term × 40 %.
    """
    licences = licences_with_software_assurance(partner=partner, customer=customer, as_of=as_of)
    licensed = sum(licence.cores for licence in licences)
    machines = [
        r for r in reservations if r.is_active and r.reserved_resource_type == ReservedResourceType.VIRTUAL_MACHINES
    ]
    remaining = licensed
    estimates = []
    for reservation in sorted(machines, key=lambda r: (not r.hybrid_benefit, r.order.purchased_at, r.pk)):
        vcpus, needed = _cores_needed(reservation)
        covered = needed <= remaining
        if covered:
            remaining -= needed
        monthly = round_money(reservation.term_amount / reservation.order.term_months, reservation.currency)
        estimates.append(
            BenefitEstimate(
                reservation=reservation,
                vcpus=vcpus,
                cores_needed=needed,
                monthly_price=monthly,
                monthly_saving=round_money(monthly * SAVING_RATE, reservation.currency),
                covered=covered,
            )
        )
    order = {r.pk: index for index, r in enumerate(machines)}
    estimates.sort(key=lambda e: order[e.reservation.pk])
    currency = machines[0].currency if machines else ""
    zero = Decimal(0)
    return HybridBenefitSummary(
        licences=licences,
        licensed_cores=licensed,
        estimates=estimates,
        currency=currency,
        saving_applied=sum((e.monthly_saving for e in estimates if e.covered and e.applied), zero),
        saving_possible=sum((e.monthly_saving for e in estimates if e.covered), zero),
    )

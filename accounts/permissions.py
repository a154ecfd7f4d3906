"""Named capabilities mapped to Partner Center roles: the only place that decides who may do what.

Pages, the API and the admin all ask `has_capability`. The table starts from the permissions
overview (reference §1.12) and the seeds: only admin agents get keys and cancel purchases; the
software activity log is for global, account, referral and marketing content admins. Customer-side
users hold Microsoft 365 roles instead: only a customer's global admin sees its keys and downloads.

API applications (app-only tokens) act with the roles granted to their credential (see
`credential_roles_for`), never more, and never reach the capabilities Partner Center keeps for a
signed-in person (`APP_USER_ONLY`): product keys and download links, and managing credentials.
"""

from collections.abc import Iterable
from enum import IntEnum, StrEnum

from accounts.models import CustomerRole, Role


class Capability(StrEnum):
    VIEW_CUSTOMERS = "view_customers"
    ADD_CUSTOMER = "add_customer"
    BUY_SOFTWARE = "buy_software"
    VIEW_PRODUCT_KEYS = "view_product_keys"
    CANCEL_PURCHASE = "cancel_purchase"
    VIEW_ACTIVITY_LOG = "view_activity_log"
    VIEW_BILLING = "view_billing"
    MANAGE_API_CREDENTIALS = "manage_api_credentials"
    USE_SIMULATION_CLOCK = "use_simulation_clock"
    BUY_AZURE_PLAN = "buy_azure_plan"
    BUY_RESERVATIONS = "buy_reservations"
    VIEW_RESERVATIONS = "view_reservations"
    MANAGE_RESERVATIONS = "manage_reservations"
    VIEW_OWN_SOFTWARE = "view_own_software"
    FILE_SUPPORT_REQUEST = "file_support_request"
    VIEW_SUPPORT_REQUESTS = "view_support_requests"


def _roles(*roles: Role) -> frozenset[str]:
    # Plain strings: enum members hash by name, role rows hold values.
    return frozenset(role.value for role in roles)


R = Role
CAPABILITY_ROLES: dict[Capability, frozenset[str]] = {
    Capability.VIEW_CUSTOMERS: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT, R.SALES_AGENT, R.HELPDESK_AGENT, R.BILLING_ADMIN),
    Capability.ADD_CUSTOMER: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT, R.SALES_AGENT),
    Capability.BUY_SOFTWARE: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT),
    Capability.VIEW_PRODUCT_KEYS: _roles(R.ADMIN_AGENT),
    Capability.CANCEL_PURCHASE: _roles(R.ADMIN_AGENT),
    Capability.VIEW_ACTIVITY_LOG: _roles(R.GLOBAL_ADMIN, R.ACCOUNT_ADMIN, R.REFERRAL_ADMIN, R.MARKETING_CONTENT_ADMIN),
    Capability.VIEW_BILLING: _roles(R.GLOBAL_ADMIN, R.BILLING_ADMIN, R.ADMIN_AGENT),
    # Partner Center's app management: only a global admin registers applications.
    Capability.MANAGE_API_CREDENTIALS: _roles(R.GLOBAL_ADMIN),
    Capability.USE_SIMULATION_CLOCK: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT),
    # Azure plan and reservations (reference §1.5): admin and sales agents buy; global admin can do anything.
    Capability.BUY_AZURE_PLAN: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT, R.SALES_AGENT),
    Capability.BUY_RESERVATIONS: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT, R.SALES_AGENT),
    # Seeing every reservation of the partner's customers; managing them without an assignment (AOBO).
    Capability.VIEW_RESERVATIONS: _roles(
        R.GLOBAL_ADMIN, R.ADMIN_AGENT, R.SALES_AGENT, R.HELPDESK_AGENT, R.BILLING_ADMIN
    ),
    Capability.MANAGE_RESERVATIONS: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT),
    Capability.VIEW_OWN_SOFTWARE: _roles(),  # a customer-side capability (below)
    # Service requests (reference §1.12): admin agents and helpdesk agents request support on behalf of
    # customers; global admins can do anything. Deciding them is Microsoft's (the operator's staff).
    Capability.FILE_SUPPORT_REQUEST: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT, R.HELPDESK_AGENT),
    Capability.VIEW_SUPPORT_REQUESTS: _roles(R.GLOBAL_ADMIN, R.ADMIN_AGENT, R.HELPDESK_AGENT),
}
# Microsoft 365 admin center: Billing > Your products > Software needs the customer's global admin role.
CUSTOMER_CAPABILITY_ROLES: dict[Capability, frozenset[str]] = {
    Capability.VIEW_OWN_SOFTWARE: frozenset({CustomerRole.GLOBAL_ADMIN.value}),
}


# Capabilities an application alone (app-only token) never has, whatever its roles: Partner Center
# documents entitlements, keys and downloads as App+User only, and apps do not manage apps.
APP_USER_ONLY: frozenset[Capability] = frozenset({Capability.VIEW_PRODUCT_KEYS, Capability.MANAGE_API_CREDENTIALS})


def roles_allow(roles, capability: Capability) -> bool:
    """True when any of the roles grants the capability."""
    return bool(CAPABILITY_ROLES[Capability(capability)] & set(roles))


def has_capability(user, capability: Capability) -> bool:
    """True when a signed-in partner user, or customer-side user, holds a role granting the capability."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_customer_user", False):
        return user.customer_role in CUSTOMER_CAPABILITY_ROLES.get(Capability(capability), frozenset())
    if not getattr(user, "is_partner_user", False):
        return False
    if getattr(user, "is_application", False) and Capability(capability) in APP_USER_ONLY:
        return False
    return roles_allow(user.role_set, capability)


def credential_roles_for(creator, requested=None) -> frozenset[str]:
    """The roles an API credential created by `creator` acts with: never more than the creator holds.

    A partner user (a global admin: creating credentials needs MANAGE_API_CREDENTIALS) grants their
    own roles, or the subset of them they ask for. Operator staff and the system (create_partner,
    the back office) grant the roles they ask for; by default admin agent, Partner Center's app-only rights.
    """
    valid = {role.value for role in Role}
    wanted = frozenset(str(role) for role in requested) if requested is not None else None
    if wanted is not None and not wanted <= valid:
        raise ValueError(f"Unknown roles: {', '.join(sorted(wanted - valid))}")
    if getattr(creator, "is_partner_user", False):
        held = frozenset(creator.role_set)
        return held if wanted is None else wanted & held
    return wanted if wanted is not None else frozenset({Role.ADMIN_AGENT.value})


def capabilities_of(user) -> frozenset[str]:
    """Every capability the user has, for templates that show or hide navigation."""
    return frozenset(c.value for c in Capability if has_capability(user, c))


# What buying each product type needs (commerce's product types, by value: accounts sits below commerce).
BUY_CAPABILITY: dict[str, Capability] = {
    "software": Capability.BUY_SOFTWARE,
    "reservation": Capability.BUY_RESERVATIONS,
    "azure_plan": Capability.BUY_AZURE_PLAN,
}


def can_buy(actor, product_type: str) -> bool:
    """A user or application may order products of this type (None acts as the system and may).

    The operator's staff, as Microsoft support, order reservations only: the new ones of an exchange
    they approve on a support request."""
    if actor is None:
        return True
    if is_operator(actor):
        return str(product_type) == "reservation"
    capability = BUY_CAPABILITY.get(str(product_type))
    return capability is not None and has_capability(actor, capability)


def is_operator(actor) -> bool:
    """The operator's back office: staff belonging to no partner and no customer (acts as Microsoft support)."""
    return bool(
        getattr(actor, "is_staff", False)
        and not getattr(actor, "is_partner_user", False)
        and not getattr(actor, "is_customer_user", False)
    )


def can_cancel_purchase(actor) -> bool:
    """Admin agents cancel purchases; so does the operator's back office, as Microsoft support."""
    return has_capability(actor, Capability.CANCEL_PURCHASE) or is_operator(actor)


def can_file_support_request(actor) -> bool:
    """Global admins, admin agents and helpdesk agents file support requests for their partner."""
    return has_capability(actor, Capability.FILE_SUPPORT_REQUEST)


def can_view_support_requests(actor) -> bool:
    """Those who file them read their partner's requests; the operator's staff read every request."""
    return has_capability(actor, Capability.VIEW_SUPPORT_REQUESTS) or is_operator(actor)


def can_decide_support_requests(actor) -> bool:
    """Only the operator's staff (Microsoft support) approve, reject or ask for information; a partner
    user is never staff here, whatever its is_staff flag says."""
    return is_operator(actor)


class ReservationRole(StrEnum):
    """Azure's built-in roles on a reservation (reference §1.12, Azure-side)."""

    OWNER = "owner"
    ADMINISTRATOR = "reservations_administrator"
    READER = "reservations_reader"


class ReservationAccess(IntEnum):
    """What a user may do with one reservation; each level includes the ones below it."""

    NONE = 0
    READ = 1  # see it, its utilization, properties and access control
    MANAGE = 2  # change scope, name, renewal, Azure Hybrid Benefit (and, in part 2, refund or exchange)
    OWNER = 3  # also add and remove role assignments


_ASSIGNMENT_ACCESS = {
    ReservationRole.OWNER.value: ReservationAccess.OWNER,
    ReservationRole.ADMINISTRATOR.value: ReservationAccess.MANAGE,
    ReservationRole.READER.value: ReservationAccess.READ,
}


def reservation_access(user, *, assigned_roles: Iterable[str] = ()) -> ReservationAccess:
    """The user's access to a reservation of its own tenant: the partner's roles and the assignments together.

    Global admins and admin agents act on behalf of the customer with full rights (Owner). Other roles
    that see reservations (sales, helpdesk, billing) read them and need an Owner or Reservations
    Administrator assignment to change them (Partner Center: sales and helpdesk agents need explicit
    Azure access). A customer's user has only what is assigned. A Reservations Reader reads, nothing more.
    The operator's staff act as Microsoft support (Owner).
    `assigned_roles` are the user's assignments on that reservation; the caller has already scoped
    the reservation to the user's partner (or customer).
    """
    if not getattr(user, "is_authenticated", False):
        return ReservationAccess.NONE
    if is_operator(user):
        return ReservationAccess.OWNER
    level = max((_ASSIGNMENT_ACCESS.get(str(role), ReservationAccess.NONE) for role in assigned_roles), default=0)
    if getattr(user, "is_partner_user", False):
        if has_capability(user, Capability.MANAGE_RESERVATIONS):
            return ReservationAccess.OWNER
        if has_capability(user, Capability.VIEW_RESERVATIONS):
            level = max(level, ReservationAccess.READ)
    return ReservationAccess(level)

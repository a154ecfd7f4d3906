"""Refusals of the reservation services, each a DomainError with Partner Center's code and Azure's code.

`code`/`error_name` are what the Partner Center (/v1) envelope shows; `azure_code` is the
ErrorResponseCode Azure's envelope (/azure) shows for the same refusal (reference §2.4).
"""

from partnercenter.errors import DomainError, NotFound


class ReservationError(DomainError):
    """Bad input for a reservation or Azure plan operation (400, 800002)."""

    code = 800002
    status = 400
    error_name = "InvalidRequestInput"
    azure_code = "BadRequest"

    def __init__(self, description: str, *, error_name: str = "", azure_code: str = ""):
        super().__init__(description=description, error_name=error_name)
        if azure_code:
            self.azure_code = azure_code


class AzurePlanRequired(ReservationError):
    error_name = "AzurePlanRequired"
    azure_code = "BillingScopeIdNotFound"


class AzurePlanAlreadyExists(ReservationError):
    status = 409
    error_name = "AzurePlanAlreadyExists"
    azure_code = "Conflict"


class SubscriptionNotOwned(ReservationError):
    """The Azure subscription named is not one of the customer's active subscriptions."""

    error_name = "InvalidAzureSubscription"
    azure_code = "AppliedScopesNotAssociatedWithCommerceAccount"


class InvalidScope(ReservationError):
    error_name = "InvalidScope"
    azure_code = "InvalidSingleAppliedScopesCount"


class MissingSingleScopeSubscription(ReservationError):
    error_name = "MissingAppliedScopesForSingle"
    azure_code = "MissingAppliedScopesForSingle"


class UnsupportedTerm(ReservationError):
    error_name = "UnsupportedReservationTerm"
    azure_code = "UnsupportedReservationTerm"


class InvalidBillingPlan(ReservationError):
    error_name = "InvalidBillingPlan"
    azure_code = "BadRequest"


class InvalidDisplayName(ReservationError):
    error_name = "InvalidDisplayName"
    azure_code = "BadRequest"


class ReservationOrderIdExists(ReservationError):
    status = 409
    error_name = "ReservationOrderIdAlreadyExists"
    azure_code = "ReservationOrderIdAlreadyExists"


class InvalidStateTransition(ReservationError):
    status = 409
    error_name = "OperationCannotBePerformedInCurrentState"
    azure_code = "OperationCannotBePerformedInCurrentState"


class PreconditionFailed(ReservationError):
    """The If-Match ETag is not the reservation's current one: it changed since the client read it."""

    code = 412
    status = 412
    error_name = "PreconditionFailed"
    azure_code = "PreconditionFailed"


class ReservationForbidden(ReservationError):
    """The actor may see the reservation but its access (e.g. Reservations Reader) does not allow the change."""

    code = 403
    status = 403
    error_name = "Forbidden"
    azure_code = "AuthorizationFailed"


class PrincipalNotFound(ReservationError):
    error_name = "PrincipalNotFound"
    azure_code = "PrincipalNotFound"


class RoleAssignmentExists(ReservationError):
    status = 409
    error_name = "RoleAssignmentExists"
    azure_code = "RoleAssignmentExists"


class RoleAssignmentNotFound(ReservationError):
    code = 1000
    status = 404
    error_name = "RoleAssignmentNotFound"
    azure_code = "RoleAssignmentNotFound"


class CancelNotAllowed(ReservationError):
    """Partner Center refuses PATCH-cancelling reservations and Azure plans outside its sandbox (800019)."""

    code = 800019
    status = 403
    error_name = "CancelNotAllowed"
    azure_code = "OperationNotAllowed"


class ReservationOrderNotFound(NotFound):
    """No such reservation order for the caller (another tenant's, one the user may not read, or none)."""

    azure_code = "ReservationOrderNotFound"


class ReservationNotInOrder(NotFound):
    """The reservation named is not one the caller may read in the reservation order named."""

    azure_code = "ReservationIdNotInReservationOrder"

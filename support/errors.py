"""Support's refusals, in Partner Center's error style (code, description, errorName, HTTP status)."""

from partnercenter.errors import FixedCodeError, Forbidden, NotFound


class SupportError(FixedCodeError):
    """A support request that cannot be filed or changed as asked (400, Partner Center's 800002)."""

    status = 400
    code = 800002
    error_name = "InvalidRequestInput"


class AttachmentRefused(FixedCodeError):
    """A file that is too large, of a type not allowed, with a refused name, or one too many."""

    status = 400
    code = 800002
    error_name = "AttachmentRefused"


class ServiceRequestClosed(FixedCodeError):
    """The request is closed: no more notes, decisions or changes."""

    status = 409
    code = 800061
    error_name = "ServiceRequestClosed"


class SupportForbidden(Forbidden):
    """The caller's role does not allow this support action."""

    error_name = "AccessDenied"


class ServiceRequestNotFound(NotFound):
    """No such request for this caller (another partner's request answers the same)."""

    error_name = "ServiceRequestNotFound"

"""Commerce's domain error: a refusal with Partner Center's numeric code, e.g. 900117 (window passed)."""

from partnercenter.errors import DomainError


class CommerceError(DomainError):
    """A business refusal of the catalog, carts, orders or an owning app's cancellation rules."""

    def __init__(self, code: int, description: str, *, status: int = 400, error_name: str = ""):
        super().__init__(code, description, status=status, error_name=error_name)

"""ARM lists: `{"value": [...], "nextLink": url | null}` with keyset paging behind a signed `$skiptoken`.

The token holds the last row's sort key, signed and bound to the list's path, so rows inserted meanwhile
never shift a page and a client cannot forge a position. `nextLink` is absolute and carries api-version,
as ARM's do: Azure's SDKs request it as is.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

from partnercenter.api.arm_errors import ArmError
from partnercenter.api.pagination import _after, _key_of

TOKEN_SALT = "arm.skiptoken"


def _position(request, order: tuple[str, ...]) -> list | None:
    token = request.query_params.get("$skiptoken")
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise ArmError(400, "BadRequest", "The $skiptoken is invalid.") from exc
    if payload.get("p") != request.path or payload.get("o") != list(order):
        raise ArmError(400, "BadRequest", "The $skiptoken belongs to another list.")
    return payload["k"]


def arm_page(request, queryset, *, order: tuple[str, ...], api_version: str) -> tuple[list, str | None]:
    """One page of `queryset` in `order` (made unique by id) and the nextLink of the next page, if any."""
    if not any(name.lstrip("-") in ("id", "pk") for name in order):
        order = (*order, "id")
    size = settings.AZURE_API_PAGE_SIZE
    rows = queryset.order_by(*order)
    position = _position(request, order)
    if position is not None:
        rows = rows.filter(_after(order, position))
    page = list(rows[: size + 1])
    if len(page) <= size:
        return page, None
    page = page[:size]
    token = signing.dumps({"p": request.path, "o": list(order), "k": _key_of(page[-1], order)}, salt=TOKEN_SALT)
    query = {"api-version": api_version, "$skiptoken": token}
    return page, request.build_absolute_uri(request.path) + "?" + urlencode(query)

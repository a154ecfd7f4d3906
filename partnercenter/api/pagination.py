"""Partner Center collections with keyset paging: stable while rows are inserted concurrently.

A page is `{"totalCount", "items", "links": {"self", "next"}, "attributes": {"objectType": "Collection"}}`;
`totalCount` is the number of items in this page (as in Partner Center's seek-paged lists). The next
page is asked for with the opaque token of `links.next`, sent as the `MS-ContinuationToken` header or
the `continuationToken` query parameter. The token holds the last row's sort key, signed so a client
cannot forge a position, and bound to the path it was issued for.
"""

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode

from django.core import signing
from django.db.models import Q
from rest_framework.response import Response

from partnercenter.api.errors import ApiError
from partnercenter.api.schema import link

DEFAULT_SIZE = 100
MAX_SIZE = 1000
TOKEN_SALT = "partnercenter.api.continuation"
CONTROL_PARAMS = ("continuationToken", "seekOperation")


def page_size(request) -> int:
    raw = request.query_params.get("size")
    if raw in (None, ""):
        return DEFAULT_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_SIZE:
        raise ApiError(400, 800002, f"size must be an integer from 1 to {MAX_SIZE}.", "InvalidPageSize")
    return size


def _key_of(row, order: tuple[str, ...]) -> list:
    values = []
    for name in order:
        value = getattr(row, name.lstrip("-"))
        values.append(value.isoformat() if isinstance(value, datetime) else str(value))
    return values


def _after(order: tuple[str, ...], values: list) -> Q:
    """Rows strictly after `values` in `order`: (a > x) or (a = x and b > y) or ..."""
    condition = Q()
    for index, name in enumerate(order):
        field = name.lstrip("-")
        step = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": values[index]})
        for previous, value in zip(order[:index], values[:index], strict=False):
            step &= Q(**{previous.lstrip("-"): value})
        condition |= step
    return condition


def _token_position(request, shape: list, key_length: Callable[[list], int]) -> list | None:
    """The position a continuation token holds, if it was issued for this path and query shape."""
    token = request.headers.get("MS-ContinuationToken") or request.query_params.get("continuationToken")
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise ApiError(400, 800002, "The continuation token is not valid.", "InvalidContinuationToken") from exc
    key = payload.get("k")
    if payload.get("p") != request.path or payload.get("o") != shape or not isinstance(key, list):
        key = None
    if key is None or len(key) != key_length(key):
        raise ApiError(400, 800002, "The continuation token belongs to another query.", "InvalidContinuationToken")
    return key


def _unique(order) -> tuple[str, ...]:
    order = tuple(order)
    if not any(name.lstrip("-") in ("id", "pk") for name in order):
        order = (*order, "id")
    return order


def _link(path: str, params: dict, token: str | None = None) -> dict:
    query = urlencode(params)
    headers = [{"key": "MS-ContinuationToken", "value": token}] if token else []
    return link(f"{path}?{query}" if query else path, headers=headers)


def paginate(request, queryset, collection, *, order=("id",), context: dict | None = None) -> Response:
    """One page of `queryset` in `order` (field names, '-' for descending; made unique by adding id).

    `collection` is the view's `collection_of(...)` serializer: it renders the page and documents it.
    Bad `size` or token → 400 with the error body.
    """
    order = _unique(order)
    size = page_size(request)
    position = _token_position(request, list(order), lambda _key: len(order))
    rows = queryset.order_by(*order)
    if position is not None:
        rows = rows.filter(_after(order, position))
    page = list(rows[: size + 1])
    has_next, page = len(page) > size, page[:size]
    last = _key_of(page[-1], order) if has_next else None
    return _page_response(request, collection, page, shape=list(order), last=last, context=context)


def paginate_sources(request, parts, collection, *, context: dict | None = None) -> Response:
    """One page over several querysets read one after the other (a collection several apps contribute to).

    `parts` is a list of `(queryset, order, render)`: each part is paged by keyset in its own `order`,
    and its rows are rendered by `render(row)` before `collection` renders the page. The token holds the
    part's index and the last row's key in it, so a page may end in one part and the next begin there.
    """
    parts = [(queryset, _unique(order), render) for queryset, order, render in parts]
    shape = [list(order) for _queryset, order, _render in parts]
    size = page_size(request)

    def key_length(key: list) -> int:
        index = key[0] if key and isinstance(key[0], int) and 0 <= key[0] < len(parts) else None
        return -1 if index is None else 1 + len(parts[index][1])

    position = _token_position(request, shape, key_length)
    start = position[0] if position else 0
    page: list[tuple[int, object]] = []
    for index in range(start, len(parts)):
        queryset, order, _render = parts[index]
        rows = queryset.order_by(*order)
        if position is not None and index == start:
            rows = rows.filter(_after(order, position[1:]))
        page += [(index, row) for row in rows[: size + 1 - len(page)]]
        if len(page) > size:
            break
    has_next, page = len(page) > size, page[:size]
    last = None
    if has_next:
        index, row = page[-1]
        last = [index, *_key_of(row, parts[index][1])]
    items = [parts[index][2](row) for index, row in page]
    return _page_response(request, collection, items, shape=shape, last=last, context=context)


def _page_response(request, collection, items: list, *, shape: list, last: list | None, context) -> Response:
    params = {k: v for k, v in request.query_params.items() if k not in CONTROL_PARAMS}
    links = {"self": _link(request.path, dict(request.query_params.items()))}
    if last is not None:
        token = signing.dumps({"p": request.path, "o": shape, "k": last}, salt=TOKEN_SALT)
        links["next"] = _link(request.path, {**params, "seekOperation": "Next", "continuationToken": token}, token)
    body = collection({"totalCount": len(items), "items": items, "links": links}, context=context or {})
    return Response(body.data)

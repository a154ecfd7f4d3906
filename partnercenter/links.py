"""Links for list pages: one reverse() per route, however many rows link to it."""

import uuid
from collections.abc import Callable

from django.urls import reverse

# A UUID no row has: reverse() takes it where a <uuid:...> argument goes, and it marks where each row's goes.
_ROW_ID = uuid.UUID(int=0)


def row_urls(viewname: str, *args) -> Callable[[uuid.UUID], str]:
    """`reverse(viewname, args=[*args, row_id])` for many rows' UUIDs at the cost of one reverse().

    A list linking every row to the same route reverses it once with a placeholder and splices each row's
    id in: a UUID's URL form is its str(), so each URL is the one reverse() would build.
    """
    head, marker, tail = reverse(viewname, args=[*args, _ROW_ID]).rpartition(str(_ROW_ID))
    if not marker:
        raise ValueError(f"{viewname!r} does not take a UUID as its last argument")
    return lambda row_id: f"{head}{row_id}{tail}"

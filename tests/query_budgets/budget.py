"""Query budgets: a list costs the same number of queries at 10 rows and at 500.

`assert_budget` runs the request once to warm per-process caches, counts its queries at the small size,
grows the data, and counts again; both counts must equal the stated budget, so an N+1 (or a query per page
row) fails at once, and a new query is a visible change to the budget.
"""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 10, 500


def _count(fetch: Callable, check: Callable | None, size: int) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200, response.content[:500]
    if check is not None:
        check(response, size)
    return len(captured), [query["sql"] for query in captured.captured_queries]


def assert_budget(fetch: Callable, *, grow: Callable[[], None], queries: int, check: Callable | None = None) -> None:
    """`fetch()` costs exactly `queries` queries with SMALL rows and, after `grow()` adds LARGE - SMALL, again.

    `check(response, rows)` asserts what the user sees at each size.
    """
    fetch()
    small, small_sql = _count(fetch, check, SMALL)
    assert small == queries, f"{small} queries at {SMALL} rows, budget {queries}:\n" + "\n".join(small_sql)
    grow()
    large, large_sql = _count(fetch, check, LARGE)
    assert large == small, f"{large} queries at {LARGE} rows, {small} at {SMALL}:\n" + "\n".join(large_sql)

"""The framework floor: the SQL one of our endpoints runs, replayed bare, its rows sent with json.dumps.

For each benchmarked endpoint, bench/load.py captures every statement the endpoint executes for one
request (CaptureQueriesContext: authentication, tenant checks, the page, its count) and writes them
to the file named by settings.BENCH_FLOOR_SQL. The floor view replays those statements through the
same middleware, with no DRF, no serializers and no Python between the rows and json.dumps: the
limit our endpoint could reach on this stack. Django sends SQL with client-side binding, so the
captured text is exactly what PostgreSQL received.
"""

import functools
import json

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse

# Transaction control belongs to the endpoint's atomic blocks; outside them it would be an error.
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")


@functools.cache
def captured() -> dict[str, list[str]]:
    if not settings.BENCH_FLOOR_SQL:
        return {}
    with open(settings.BENCH_FLOOR_SQL, encoding="utf-8") as handle:
        return json.load(handle)


def replayable(statements: list[str]) -> list[str]:
    return [sql for sql in statements if not sql.lstrip().upper().startswith(TRANSACTION_CONTROL)]


def floor_view(request, name: str) -> HttpResponse:
    statements = captured().get(name)
    if statements is None:
        raise Http404(name)
    results = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                results.append(cursor.fetchall())
    return HttpResponse(json.dumps(results, default=str), content_type="application/json")

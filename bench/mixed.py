"""Write traffic for bench/load.py: orders, software cancellations and reservation refunds, with reads between.

A small HTTP driver (threads, one keep-alive connection each) rather than wrk, because each step needs
the answer of the one before: a cancellation names the order just created, a return names the
session calculateRefund opened. Every request's latency and status are kept per kind.
"""

import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from arm.versioning import API_VERSION

CAPACITY = "providers/Microsoft.Capacity/reservationOrders"


@dataclass
class Kind:
    """What one kind of request did: latencies (ms), how many answered as expected, and the rest."""

    expected: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


@dataclass(frozen=True)
class Refundable:
    tenant_id: str
    reservation_order_id: str
    resource_id: str


class Driver:
    def __init__(self, *, port: int, token: str, customers: list[str], offer_id: str, refundables: list[Refundable]):
        self.port, self.token, self.customers, self.offer_id = port, token, customers, offer_id
        self.refundables = list(refundables)
        self.lock = threading.Lock()
        self.kinds: dict[str, Kind] = {}
        self.created: list[tuple[str, str]] = []  # (tenant id, order id) of orders to cancel later

    def kind(self, name: str, expected: int) -> Kind:
        with self.lock:
            return self.kinds.setdefault(name, Kind(expected))

    def call(self, connection, name: str, method: str, path: str, body=None, expected: int = 200):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
            headers["MS-RequestId"] = str(uuid.uuid4())
        stat = self.kind(name, expected)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            with self.lock:
                stat.errors += 1
                stat.first_error = stat.first_error or repr(exc)
            return None
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            stat.latencies.append(elapsed)
            if response.status != expected:
                stat.errors += 1
                stat.first_error = stat.first_error or f"{response.status} {data[:300]!r}"
                return None
        return json.loads(data) if data else {}

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    # ---------------------------------------------------------------- steps
    def order(self, connection, tenant_id: str):
        body = {"lineItems": [{"offerId": self.offer_id, "quantity": 1}]}
        answer = self.call(connection, "order (POST)", "POST", f"/v1/customers/{tenant_id}/orders", body, 201)
        return answer and answer["id"]

    def cancel(self, connection, tenant_id: str, order_id: str) -> None:
        path = f"/v1/customers/{tenant_id}/orders/{order_id}"
        self.call(connection, "software cancel (PATCH)", "PATCH", path, {"status": "cancelled"}, 200)

    def refund(self, connection) -> None:
        with self.lock:
            if not self.refundables:
                return
            item = self.refundables.pop()
        base = f"/azure/{item.tenant_id}/{CAPACITY}/{item.reservation_order_id}"
        returned = {"reservationId": item.resource_id, "quantity": 1}
        body = {"properties": {"scope": "Reservation", "reservationToReturn": returned}}
        quote_url = f"{base}/calculateRefund?api-version={API_VERSION}"
        quote = self.call(connection, "refund quote (POST)", "POST", quote_url, body)
        if quote:
            body["properties"].update(sessionId=quote["properties"]["sessionId"], returnReason="NoLongerNeeded")
            self.call(connection, "refund return (POST)", "POST", f"{base}/return?api-version={API_VERSION}", body, 202)

    # ---------------------------------------------------------------- scenarios
    def _run(self, workers: int, seconds: float, loop) -> float:
        deadline = time.perf_counter() + seconds

        def worker(number: int) -> None:
            connection, turn = self.connection(), number
            while time.perf_counter() < deadline:
                loop(connection, turn)
                turn += workers

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start

    def orders_only(self, workers: int, seconds: float) -> float:
        def loop(connection, turn):
            tenant_id = self.customers[turn % len(self.customers)]
            order_id = self.order(connection, tenant_id)
            if order_id:
                with self.lock:
                    self.created.append((tenant_id, order_id))

        return self._run(workers, seconds, loop)

    def cancels_only(self, workers: int, seconds: float) -> float:
        def loop(connection, turn):
            with self.lock:
                if not self.created:
                    time.sleep(0.01)
                    return
                tenant_id, order_id = self.created.pop()
            self.cancel(connection, tenant_id, order_id)

        return self._run(workers, seconds, loop)

    def mixed(self, workers: int, seconds: float, reads: list[str]) -> float:
        """Per turn: an order, a read, its cancellation, a read; every fourth turn a refund (quote + return)."""

        def loop(connection, turn):
            tenant_id = self.customers[turn % len(self.customers)]
            order_id = self.order(connection, tenant_id)
            self.call(connection, "read (GET)", "GET", reads[turn % len(reads)])
            if order_id:
                self.cancel(connection, tenant_id, order_id)
            self.call(connection, "read (GET)", "GET", reads[(turn + 1) % len(reads)])
            if turn % 4 == 0:
                self.refund(connection)

        return self._run(workers, seconds, loop)

    def take(self) -> dict[str, Kind]:
        with self.lock:
            kinds, self.kinds = self.kinds, {}
        return kinds

"""Run one callable from many threads at once, each on its own database connection."""

import threading

from django.db import connection


def run_concurrently(action, times: int) -> list:
    """Start `times` threads released together by a barrier; returns each call's result or raised exception."""
    barrier = threading.Barrier(times)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            outcomes.append(action())
        except Exception as error:  # collected for the test to assert on
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes

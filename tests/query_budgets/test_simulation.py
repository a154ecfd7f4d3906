"""Simulation: the clock page lists the first 50 pending effects, at the same cost for 10 or 500 of them."""

from datetime import timedelta

from django.urls import reverse

from accounts.models import Role
from partnercenter import clock
from partnercenter.models import ScheduledEffect
from tests.query_budgets.budget import LARGE, SMALL, assert_budget


def _pending(partner, count: int) -> None:
    due, first = clock.now(partner) + timedelta(days=1), ScheduledEffect.objects.count()
    ScheduledEffect.objects.bulk_create(
        ScheduledEffect(partner=partner, kind="budget.effect", target=f"row-{first + i}", due_at=due)
        for i in range(count)
    )


def test_clock_page(client_as, make_user, partner_a, partner_b, frozen):
    _pending(partner_a, SMALL - ScheduledEffect.objects.filter(partner=partner_a, done_at__isnull=True).count())
    _pending(partner_b, 3)
    client = client_as(make_user(Role.GLOBAL_ADMIN))

    def lists_the_first_fifty(response, rows):
        assert response.content.decode().count("budget.effect") == min(rows, 50)

    assert_budget(
        lambda: client.get(reverse("simulation:clock")),
        grow=lambda: _pending(partner_a, LARGE - SMALL),
        queries=5,
        check=lists_the_first_fifty,
    )

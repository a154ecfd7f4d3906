"""Finding 3: a failure budget on /login/ and /admin/login/ (django-axes).

Before, 100 wrong passwords then the right one signed in. Now, after LOGIN_FAILURE_LIMIT failures for
a username or from an address, sign-in is refused for the cool-off even with the right password;
the operator unlocks in the admin; failures are kept there.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from accounts.models import Role
from tests.factories import PASSWORD, UserFactory

LIMIT = 5


@pytest.fixture(autouse=True)
def budget(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(client, username, password, *, url="/login/", address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_the_limit_the_right_password_is_refused_with_a_lockout_message(client, make_user):
    user = make_user(Role.ADMIN_AGENT)
    for _ in range(LIMIT - 1):
        assert sign_in(client, user.username, "wrong").status_code == 200  # the form, with its error
    assert sign_in(client, user.username, "wrong").status_code == 429  # the failure that reaches the limit

    locked = sign_in(client, user.username, PASSWORD)

    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode() and "15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_from_another_address_and_another_username_from_the_same_address(client, make_user):
    user, other = make_user(Role.ADMIN_AGENT), make_user(Role.ADMIN_AGENT)
    for _ in range(LIMIT):
        sign_in(client, user.username, "wrong")

    assert sign_in(Client(), user.username, PASSWORD, address="198.51.100.9").status_code == 429  # per username
    assert sign_in(Client(), other.username, PASSWORD).status_code == 429  # per address
    assert sign_in(Client(), other.username, PASSWORD, address="198.51.100.9").status_code == 302


def test_admin_login_has_the_same_budget(client, db):
    operator = UserFactory(partner=None, username="ops@simulator.example", is_staff=True, is_superuser=True)
    for _ in range(LIMIT):
        sign_in(client, operator.username, "wrong", url="/admin/login/")

    assert sign_in(client, operator.username, PASSWORD, url="/admin/login/").status_code == 429


def test_the_operator_unlocks_in_the_admin_and_failures_are_kept(client, make_user):
    user = make_user(Role.ADMIN_AGENT)
    for _ in range(LIMIT):
        sign_in(client, user.username, "wrong")
    operator = UserFactory(partner=None, username="ops@simulator.example", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(operator)
    attempt = AccessAttempt.objects.get(username=user.username)

    listing = admin.get("/admin/axes/accessfailurelog/")
    admin.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk]})
    admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert listing.status_code == 200 and user.username in listing.content.decode()
    assert AccessFailureLog.objects.filter(username=user.username).count() == LIMIT
    assert not AccessAttempt.objects.exists()
    assert sign_in(Client(), user.username, PASSWORD).status_code == 302


def test_a_success_under_the_limit_resets_the_count(client, make_user):
    user = make_user(Role.ADMIN_AGENT)
    for _ in range(LIMIT - 1):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(LIMIT - 1):
        sign_in(client, user.username, "wrong")

    assert sign_in(client, user.username, PASSWORD).status_code == 302

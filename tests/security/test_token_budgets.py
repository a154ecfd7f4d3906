"""Finding 4: the token endpoint's failure budgets cannot be dodged or turned against a user."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.models import AccessToken
from partnercenter.security_checks import shared_cache_check
from tests.api_personas import assert_error
from tests.factories import PASSWORD


@pytest.fixture
def three_failures(settings):
    settings.API_TOKEN_FAILURE_RATE = "3/min"
    cache.clear()
    yield
    cache.clear()


def password_grant(client_id, username, password):
    return {"grant_type": "password", "client_id": client_id, "username": username, "password": password}


def test_unknown_client_ids_cannot_lock_a_user_out_of_the_password_grant(
    client, credential_a, admin_agent_a, three_failures
):
    for n in range(10):
        made_up = f"00000000-0000-0000-0000-{n:012d}"
        assert_error(client.post("/oauth2/token", password_grant(made_up, admin_agent_a.username, "x")), 401)

    signed_in = client.post(
        "/oauth2/token", password_grant(str(credential_a.client_id), admin_agent_a.username, PASSWORD)
    )

    assert signed_in.status_code == 200 and AccessToken.objects.filter(user=admin_agent_a).exists()


@pytest.mark.parametrize(
    "spell",
    [str.upper, lambda text: "{" + text + "}", lambda text: "urn:uuid:" + text, lambda text: text.replace("-", "")],
    ids=["upper", "braces", "urn", "hex"],
)
def test_respelling_the_client_id_shares_one_budget(client, credential_a, three_failures, spell):
    client_id = str(credential_a.client_id)
    for spelling in (client_id, spell(client_id), client_id):
        grant = {"grant_type": "client_credentials", "client_id": spelling, "client_secret": "wrong"}
        assert_error(client.post("/oauth2/token", grant), 401)

    over = {"grant_type": "client_credentials", "client_id": spell(client_id), "client_secret": credential_a.secret}
    assert_error(client.post("/oauth2/token", over), 429, 429)


def test_a_wrong_password_with_a_valid_client_still_uses_the_users_budget(
    client, credential_a, admin_agent_a, three_failures
):
    client_id = str(credential_a.client_id)
    for _ in range(3):
        assert_error(client.post("/oauth2/token", password_grant(client_id, admin_agent_a.username, "guess")), 400)

    assert_error(client.post("/oauth2/token", password_grant(client_id, admin_agent_a.username, PASSWORD)), 429)


def test_deploy_check_warns_about_a_per_process_cache_in_production(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    warnings = shared_cache_check(None)

    assert [warning.id for warning in warnings] == ["partnercenter.W001"]
    with pytest.raises(SystemCheckError, match=r"partnercenter\.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "caches")


def test_deploy_check_is_quiet_on_redis_and_in_debug(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert shared_cache_check(None) == []
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert shared_cache_check(None) == []


def test_the_default_cache_follows_a_redis_broker_when_cache_url_is_unset(monkeypatch):
    """Settings evaluated afresh: no CACHE_URL and a Redis broker give a shared Redis cache."""
    import importlib

    import partnercenter.settings as portal_settings

    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2")
    try:
        fresh = importlib.reload(portal_settings)
        assert fresh.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert fresh.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/2"
        monkeypatch.setenv("CELERY_BROKER_URL", "filesystem://")
        assert importlib.reload(portal_settings).CACHES["default"]["BACKEND"].endswith("LocMemCache")
    finally:
        monkeypatch.undo()
        importlib.reload(portal_settings)

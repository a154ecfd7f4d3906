"""The framework floor: routed only by the benchmark settings, where it replays captured SQL as JSON."""

import json

import pytest
from django.test import override_settings

from bench import floor


@pytest.fixture
def captured_sql(tmp_path, customer_a):
    """A floor file as bench/load.py writes it: the statements of one endpoint, transaction control included."""
    path = tmp_path / "floor-sql.json"
    statements = [
        'SAVEPOINT "s1"',
        f"SELECT company_name, domain FROM customers_customer WHERE partner_id = {customer_a.partner_id}",
        'RELEASE SAVEPOINT "s1"',
    ]
    path.write_text(json.dumps({"customers": statements}))
    floor.captured.cache_clear()
    yield path
    floor.captured.cache_clear()


def test_the_floor_is_not_routed_in_normal_settings(client, captured_sql):
    with override_settings(BENCH_FLOOR_SQL=str(captured_sql)):
        assert client.get("/bench/floor/customers").status_code == 404


@pytest.mark.django_db
def test_in_bench_settings_the_floor_answers_the_rows_of_the_captured_sql(client, captured_sql, customer_a):
    with override_settings(ROOT_URLCONF="bench.urls", BENCH_FLOOR_SQL=str(captured_sql)):
        response = client.get("/bench/floor/customers")
        unknown = client.get("/bench/floor/nothing")
    assert response.status_code == 200
    assert response.json() == [[[customer_a.company_name, customer_a.domain]]]
    assert unknown.status_code == 404


def test_transaction_control_is_not_replayed():
    statements = ['SAVEPOINT "s1"', "SELECT 1", 'RELEASE SAVEPOINT "s1"', 'ROLLBACK TO SAVEPOINT "s1"']
    assert floor.replayable(statements) == ["SELECT 1"]


def test_the_bench_settings_are_the_projects_with_the_floor_routes():
    import bench.settings as bench_settings
    import partnercenter.settings as project_settings

    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert bench_settings.INSTALLED_APPS == project_settings.INSTALLED_APPS
    assert bench_settings.MIDDLEWARE == project_settings.MIDDLEWARE

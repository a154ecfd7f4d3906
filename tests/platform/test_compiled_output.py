"""The compiled walk (partnercenter/api/compiled_output.py) renders what DRF's walk renders, edge cases included."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from rest_framework import serializers

from partnercenter.api.compiled_output import CompiledOutput
from partnercenter.api.schema import LinksField, link


class Amount(serializers.Serializer):
    value = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    currency = serializers.CharField(source="money.currency")


class Row(CompiledOutput, serializers.Serializer):
    id = serializers.UUIDField(source="key")
    name = serializers.CharField()
    owner = serializers.CharField(source="owner.name", allow_null=True)
    nickname = serializers.CharField(source="missing", required=False)
    fallback = serializers.CharField(source="absent", default="none")
    when = serializers.DateTimeField()
    shout = serializers.CharField(source="loud")  # a method: called, as DRF does
    amount = Amount(source="*")
    parts = Amount(many=True)
    total = serializers.SerializerMethodField()
    links = LinksField(self=lambda row, context: link(f"/rows/{row.name}?as={context['who']}"))
    secret = serializers.CharField(write_only=True)

    def get_total(self, row) -> str:
        return f"{self.context['who']}:{row.value}"


def row(**overrides):
    from datetime import UTC, datetime
    from uuid import UUID

    values = {
        "key": UUID("12345678-1234-5678-1234-567812345678"),
        "name": "web",
        "owner": None,  # a dotted source through None: null (allow_null)
        "when": datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        "value": Decimal("12.50"),
        "money": SimpleNamespace(currency="EUR"),
        "parts": [SimpleNamespace(value=Decimal("1.25"), money=SimpleNamespace(currency="USD"))],
        "secret": "never shown",
        "loud": lambda: "WEB",
    }
    return SimpleNamespace(**{**values, **overrides})


@pytest.mark.parametrize("instance", [row(), row(owner=SimpleNamespace(name="ana"), nickname="w", absent="x")])
def test_the_compiled_walk_renders_what_drfs_walk_renders(settings, instance):
    compiled = Row(instance, context={"who": "partner"}).data
    settings.API_COMPILED_OUTPUT = False
    generic = Row(instance, context={"who": "partner"}).data
    assert compiled == generic
    assert list(compiled) == list(generic)  # same keys, same order
    assert "secret" not in compiled
    assert compiled["when"] == "2030-01-02T03:04:05.678901Z"
    assert compiled["total"] == "partner:12.50" and compiled["links"]["self"]["uri"] == "/rows/web?as=partner"


@pytest.mark.parametrize("zone", ["UTC", "Europe/Rome", "America/Los_Angeles"])
@pytest.mark.parametrize("naive", [False, True])
def test_datetimes_in_the_current_timezone_as_drf_writes_them(settings, zone, naive):
    from datetime import UTC, datetime

    from django.utils import timezone

    when = datetime(2030, 7, 1, 12, 0, 0) if naive else datetime(2030, 7, 1, 12, 0, 0, tzinfo=UTC)
    with timezone.override(zone):
        compiled = Row(row(when=when), context={"who": "p"}).data
        settings.API_COMPILED_OUTPUT = False
        generic = Row(row(when=when), context={"who": "p"}).data
    assert compiled["when"] == generic["when"]
    assert compiled["shout"] == "WEB"
    if zone == "Europe/Rome" and not naive:
        assert compiled["when"] == "2030-07-01T14:00:00+02:00"


def test_a_missing_optional_source_is_left_out_and_a_default_used(settings):
    body = Row(row(), context={"who": "p"}).data
    assert "nickname" not in body and body["fallback"] == "none" and body["owner"] is None


def test_each_render_reads_its_own_context():
    first = Row([row(), row(name="db")], many=True, context={"who": "one"}).data
    second = Row(row(), context={"who": "two"}).data
    assert [item["total"] for item in first] == ["one:12.50", "one:12.50"]
    assert second["total"] == "two:12.50"


def test_a_required_source_that_is_missing_fails_as_in_drf(settings):
    broken = row()
    del broken.name
    with pytest.raises(AttributeError):
        Row(broken, context={"who": "p"}).data  # noqa: B018
    settings.API_COMPILED_OUTPUT = False
    with pytest.raises(AttributeError):
        Row(broken, context={"who": "p"}).data  # noqa: B018

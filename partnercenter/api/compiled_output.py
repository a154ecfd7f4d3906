"""Output serializers rendered by a walk planned once per class, not by DRF's generic walk on every request.

DRF binds (deep-copies) every declared field of every nested serializer each time a serializer is made,
then, for every row, looks each field up through `_readable_fields`, `Field.get_attribute` and the
SkipField checks. On the list endpoints that was most of the time between the rows and the JSON
(bench/profile_api.py). `CompiledOutput` keeps one bound copy of the fields per class and thread and a
plan of (name, field, source attributes, render) for each serializer in it, and walks the plan.

Each value is still made by its own field's `to_representation` (dates, decimals, choices, method fields
and custom fields render exactly as in DRF), and a source that is missing falls back to the field's own
`get_attribute` (its default, null or skip). The bound copy reads the rendering serializer's context:
it is set on the copy's root before each walk. `settings.API_COMPILED_OUTPUT = False` renders with DRF's
walk: tests/platform/test_compiled_output.py compares both on edge cases, and the Azure reads, the invoice
reads and the order answers are compared endpoint by endpoint in their apps' tests.
"""

import threading
from collections.abc import Callable, Mapping
from datetime import datetime

from django.conf import settings
from django.db.models import Model
from django.db.models.manager import BaseManager
from django.utils import timezone
from rest_framework import serializers
from rest_framework.fields import ISO_8601, SkipField, get_attribute, is_simple_callable
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

Render = Callable[[object], object]
_bound = threading.local()  # {serializer class: (bound copy, render)} per thread: the copy holds a context


class CompiledOutput:
    """Mixin for an output serializer: its `to_representation` walks the compiled plan (see the module)."""

    def to_representation(self, instance):
        if not settings.API_COMPILED_OUTPUT:
            return super().to_representation(instance)
        template, render = _compiled(type(self))
        template._context = self.context
        _bound.timezone = timezone.get_current_timezone()  # what DRF's DateTimeField reads for each value
        return render(instance)


def _compiled(serializer_class) -> tuple[serializers.Serializer, Render]:
    cache = _bound.__dict__.setdefault("by_class", {})
    if serializer_class not in cache:
        template = serializer_class(context={})
        cache[serializer_class] = (template, _serializer_render(template))
    return cache[serializer_class]


def _walks_generically(serializer) -> bool:
    """True when the serializer renders with DRF's walk (or ours), so its plan can replace it."""
    method = type(serializer).to_representation
    if isinstance(serializer, serializers.ListSerializer):
        return method is serializers.ListSerializer.to_representation
    return method in (serializers.Serializer.to_representation, CompiledOutput.to_representation)


def _render_of(field) -> Render:
    if isinstance(field, serializers.ListSerializer) and _walks_generically(field):
        return _list_render(field)
    if isinstance(field, serializers.Serializer) and _walks_generically(field):
        return _serializer_render(field)
    if type(field) is serializers.DateTimeField and _iso_8601(field):
        return _datetime_render(field)
    return field.to_representation


def _iso_8601(field: serializers.DateTimeField) -> bool:
    output = getattr(field, "format", api_settings.DATETIME_FORMAT)
    return isinstance(output, str) and output.lower() == ISO_8601 and not hasattr(field, "timezone")


def _datetime_render(field: serializers.DateTimeField) -> Render:
    """DRF's ISO 8601 output of an aware datetime, in the render's current timezone read once, not per value."""

    def render(value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            try:
                text = value.astimezone(_bound.timezone).isoformat()
            except OverflowError:
                return field.to_representation(value)  # DRF's own error
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return field.to_representation(value)

    return render


_SIMPLE_METHODS: dict = {}  # function → whether its bound method takes no argument (inspect.signature is slow)


def _simple_callable(value) -> bool:
    function = getattr(value, "__func__", None)
    if function is None:
        return is_simple_callable(value)
    if function not in _SIMPLE_METHODS:
        _SIMPLE_METHODS[function] = is_simple_callable(value)
    return _SIMPLE_METHODS[function]


def _attribute(instance, attrs):
    """DRF's `get_attribute`, with a short way through model instances and plain values."""
    value = instance
    try:
        for attr in attrs:
            mapping = not isinstance(value, Model) and isinstance(value, Mapping)
            value = value[attr] if mapping else getattr(value, attr)
            if callable(value) and _simple_callable(value):
                value = value()
    except Exception:  # a missing attribute, a related row that does not exist...: DRF's walk answers as DRF does
        return get_attribute(instance, attrs)
    return value


def _list_render(field: serializers.ListSerializer) -> Render:
    child = _render_of(field.child)

    def render(data):
        items = data.all() if isinstance(data, BaseManager) else data
        return [child(item) for item in items]

    return render


def _serializer_render(serializer: serializers.Serializer) -> Render:
    plan = [
        (field.field_name, field, tuple(field.source_attrs), _render_of(field))
        for field in serializer.fields.values()
        if not field.write_only
    ]

    def render(instance):
        body = {}
        for name, field, attrs, render_value in plan:
            try:
                value = _attribute(instance, attrs) if attrs else instance
            except (KeyError, AttributeError):
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
            if value is None or (isinstance(value, PKOnlyObject) and value.pk is None):
                body[name] = None
            else:
                body[name] = render_value(value)
        return body

    return render

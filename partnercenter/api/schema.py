"""Output pieces shared by every API view, each rendering a body and documenting it in one definition.

The error body, the collection envelope, Partner Center's links and resource attributes, constant
fields and the paging parameters. drf-spectacular reads the same serializers the
views render with, so the published schema cannot drift from the responses.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from partnercenter.api.compiled_output import CompiledOutput

# Every string the server stores or compares: PostgreSQL refuses NUL, so the schema excludes it too.
NO_NUL = r"^[^\u0000]*$"

ErrorSerializer = inline_serializer(
    "Error",
    {
        "code": serializers.IntegerField(help_text="Partner Center error code, e.g. 1000 (not found)."),
        "description": serializers.CharField(),
        "errorName": serializers.CharField(),
        "data": serializers.ListField(child=serializers.DictField(), help_text="Field errors: {field, message}."),
        "source": serializers.CharField(),
    },
)

ERROR_DESCRIPTIONS = {
    400: "Invalid input (bad JSON, missing or invalid fields, bad paging or filter, a hostile path segment).",
    401: "Missing, wrong, expired or revoked access token.",
    403: "The caller's roles do not allow this operation.",
    404: "Not found (or outside the caller's tenant).",
    409: "MS-RequestId reused with a different request, or the first request is still running.",
    412: "Precondition failed.",
    415: "The body is not in a supported media type (JSON).",
    429: "Rate limit exceeded; see Retry-After.",
}


def error_responses(*statuses: int) -> dict:
    """`{status: response}` for the given error statuses, to spread into `responses=`."""
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]) for status in statuses}


def query_text(name: str, description: str, **schema) -> OpenApiParameter:
    """A string query parameter whose schema states the server's limits (no NUL, `schema` extras)."""
    return OpenApiParameter(
        name, {"type": "string", "pattern": NO_NUL, **schema}, OpenApiParameter.QUERY, description=description
    )


def paging_parameters() -> list[OpenApiParameter]:
    from partnercenter.api.pagination import MAX_SIZE

    return [
        OpenApiParameter(
            "size",
            {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
            description=f"Items per page, 1 to {MAX_SIZE} (default 100).",
        ),
        query_text("continuationToken", "From links.next of the previous page."),
        OpenApiParameter(
            "MS-ContinuationToken", str, OpenApiParameter.HEADER, description="Same as continuationToken."
        ),
    ]


class HeaderSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    """Partner Center's Link: a URI relative to the API root, its method and headers to send."""

    uri = serializers.CharField()
    method = serializers.ChoiceField(choices=["GET", "POST", "PATCH"])
    headers = HeaderSerializer(many=True)


def link(uri: str, method: str = "GET", headers: list | None = None) -> dict:
    return {"uri": uri, "method": method, "headers": headers or []}


class LinksField(serializers.Field):
    """`{rel: Link}` built from the row: `LinksField(self=lambda row, ctx: link(...), ...)`; every rel present."""

    def __init__(self, /, **builders):
        self.builders = builders
        super().__init__(source="*", read_only=True)

    def to_representation(self, row):
        return {rel: build(row, self.context) for rel, build in self.builders.items()}


class ConstantField(serializers.Field):
    """A value every resource of a type carries (an objectType, an empty list): documented as an enum."""

    def __init__(self, value, **kwargs):
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row):
        return self.value


class AttributesField(ConstantField):
    """Partner Center's ResourceAttributes: `{"objectType": ...}`."""

    def __init__(self, object_type: str, **kwargs):
        super().__init__({"objectType": object_type}, **kwargs)


class LinksFieldSchema(OpenApiSerializerFieldExtension):
    target_class = LinksField

    def map_serializer_field(self, auto_schema, direction):
        ref = auto_schema.resolve_serializer(LinkSerializer, direction).ref
        rels = list(self.target.builders)
        return {"type": "object", "properties": dict.fromkeys(rels, ref), "required": rels}


class ConstantFieldSchema(OpenApiSerializerFieldExtension):
    target_class = ConstantField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return _constant_schema(self.target.value)


def _constant_schema(value) -> dict:
    if isinstance(value, dict):
        schema = {"type": "object", "properties": {key: _constant_schema(item) for key, item in value.items()}}
        return {**schema, "required": list(value)} if value else schema
    if isinstance(value, list):
        return {"type": "array", "maxItems": 0, "items": {}}
    if isinstance(value, bool):
        return build_basic_type(OpenApiTypes.BOOL)
    return {**build_basic_type(type(value)), "enum": [value]}


class CollectionSerializer(CompiledOutput, serializers.Serializer):
    """Partner Center's collection page; `links.next` only when another page exists."""

    totalCount = serializers.IntegerField(help_text="Items in this page.")
    links = inline_serializer("CollectionLinks", {"self": LinkSerializer(), "next": LinkSerializer(required=False)})
    attributes = AttributesField("Collection")


_COLLECTIONS: dict[str, type] = {}


def collection_of(item_serializer, name: str) -> type:
    """The collection serializer of `item_serializer` items (one class per name: it renders and documents)."""
    if name not in _COLLECTIONS:
        _COLLECTIONS[name] = type(
            name, (CollectionSerializer,), {"items": item_serializer(many=True), "__module__": __name__}
        )
    return _COLLECTIONS[name]


def every_operation_errors(result, generator, request, public):
    """POSTPROCESSING_HOOKS: what any operation may answer, whatever its view says.

    400 (before any view runs, the API middleware refuses request ids with control characters and NUL
    in the query, and partnercenter.hostile_paths refuses path segments holding NUL, control
    characters or bad UTF-8, or over-long) and, on operations with a body, 415 (a body that is not
    JSON or form data).
    """
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            responses.setdefault("400", {"description": ERROR_DESCRIPTIONS[400], "content": error})
            if "requestBody" in operation:
                responses.setdefault("415", {"description": ERROR_DESCRIPTIONS[415], "content": error})
    return result


def path_parameter_limits(result, generator, request, public):
    """POSTPROCESSING_HOOKS: every string path parameter states what partnercenter.hostile_paths refuses,
    and the id headers what the API middleware accepts."""
    from partnercenter.api.middleware import ID_PATTERN
    from partnercenter.hostile_paths import SEGMENT_SCHEMA

    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "header" and parameter.get("name") in ("MS-RequestId", "MS-CorrelationId"):
                    schema.setdefault("pattern", ID_PATTERN)
                if parameter.get("in") == "path" and schema.get("type") == "string" and "format" not in schema:
                    schema.update({key: value for key, value in SEGMENT_SCHEMA.items() if key not in schema})
    return result


# Every authenticated operation answers these.
COMMON_ERRORS = (401, 403, 429)

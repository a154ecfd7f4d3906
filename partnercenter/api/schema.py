"""OpenAPI pieces shared by every API view: the error body, its responses, the collection envelope."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

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
    400: "Invalid input (bad JSON, missing or invalid fields, bad paging or filter).",
    401: "Missing, wrong, expired or revoked access token.",
    403: "The caller's roles do not allow this operation.",
    404: "Not found (or outside the caller's tenant).",
    409: "MS-RequestId reused with a different request, or the first request is still running.",
    412: "Precondition failed.",
    429: "Rate limit exceeded; see Retry-After.",
}


def error_responses(*statuses: int) -> dict:
    """`{status: response}` for the given error statuses, to spread into `responses=`."""
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]) for status in statuses}


def paging_parameters() -> list[OpenApiParameter]:
    return [
        OpenApiParameter("size", int, description="Items per page, 1 to 1000 (default 100)."),
        OpenApiParameter("continuationToken", str, description="From links.next of the previous page."),
        OpenApiParameter(
            "MS-ContinuationToken", str, OpenApiParameter.HEADER, description="Same as continuationToken."
        ),
    ]


LinkSerializer = inline_serializer(
    "Link",
    {
        "uri": serializers.CharField(),
        "method": serializers.CharField(),
        "headers": serializers.ListField(child=serializers.DictField()),
    },
)
# The same component for every field that takes a Link (one class, so the schema names "Link" once).
LinkField = type(LinkSerializer)


def collection_of(item_serializer, name: str):
    """A Partner Center collection envelope of `item_serializer` items."""
    return inline_serializer(
        name,
        {
            "totalCount": serializers.IntegerField(help_text="Items in this page."),
            "items": item_serializer(many=True),
            "links": inline_serializer(
                f"{name}Links",
                {
                    "self": LinkField(),
                    "next": LinkField(required=False, help_text="Absent on the last page."),
                },
            ),
            "attributes": serializers.DictField(),
        },
    )


# Every authenticated operation answers these.
COMMON_ERRORS = (401, 403, 429)

"""ARM's `api-version` query parameter: required on every request, one supported version."""

from partnercenter.api.arm_errors import ArmError

API_VERSION = "2022-11-01"
API_VERSIONS = (API_VERSION,)


def api_version_of(request) -> str:
    """The request's api-version; missing or unsupported answers 400 with ARM's codes and messages."""
    value = request.query_params.get("api-version", "")
    if not value:
        raise ArmError(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )
    if value not in API_VERSIONS:
        raise ArmError(
            400,
            "InvalidApiVersionParameter",
            f"The api-version '{value[:40]}' is invalid. The supported versions are '{','.join(API_VERSIONS)}'.",
        )
    return value

"""Refuse request paths no route can use, before any view or database sees them.

A path segment holding a NUL (PostgreSQL refuses to compare text containing one), another control
character, a lone surrogate (or bytes that are not UTF-8), or more than MAX_SEGMENT characters is
answered 400: Partner Center's JSON error under the API, a plain page elsewhere. A NUL in a page's
query string is refused the same way (the API middleware already refuses it under /v1/).
"""

import unicodedata
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from partnercenter.api.errors import json_error
from partnercenter.api.middleware import API_PREFIXES

# The longest legitimate segment is well under this (ids, tokens, file names, admin lookups).
MAX_SEGMENT = 255
REFUSED_CATEGORIES = {"Cc", "Cs"}  # control characters, surrogates
# The same limits as the schema states them for every path parameter (Cc is exactly these ranges;
# a surrogate cannot be sent in UTF-8 at all).
SEGMENT_SCHEMA = {"maxLength": MAX_SEGMENT, "pattern": r"^[^\u0000-\u001f\u007f-\u009f]*$"}


def _path_is_utf8(path_info: str) -> bool:
    """False when the path's bytes were not UTF-8 (a lone surrogate, say).

    Django keeps such bytes percent-encoded in `path_info` (and the raw environ is overwritten), so
    decoding the percent-escapes again tells: text a client really meant never fails here.
    """
    try:
        unquote_to_bytes(path_info).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def path_problem(request) -> str | None:
    """Why the path (or a page's query string) is refused, or None when it is acceptable."""
    if not _path_is_utf8(request.path_info):
        return _("The address is not valid UTF-8.")
    for segment in request.path_info.split("/"):
        if len(segment) > MAX_SEGMENT:
            return _("A part of the address is longer than %(limit)d characters.") % {"limit": MAX_SEGMENT}
        if any(unicodedata.category(char) in REFUSED_CATEGORIES for char in segment):
            return _("The address contains control characters or invalid characters.")
    if not request.path.startswith(API_PREFIXES) and any(
        "\x00" in text for key, values in request.GET.lists() for text in (key, *values)
    ):
        return _("The query string contains a NUL character.")
    return None


class HostilePathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = path_problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith(API_PREFIXES):
            return json_error(400, description=problem, error_name="InvalidPath")
        return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")

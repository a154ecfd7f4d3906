"""JSON out through orjson, and the common Accept headers answered without parsing them.

The bodies are the same bytes DRF's JSONRenderer makes: compact, UTF-8, U+2028/U+2029 escaped, and
whatever orjson does not write itself (datetimes, decimals, lazy strings, querysets) goes through DRF's
own encoder, so a datetime still reads `...T12:00:00Z` and a Decimal a number. orjson writes a 100-item
page in a fraction of the time of `json.dumps` (bench/profile_api.py).
"""

import orjson
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_drf_default = JSONEncoder().default
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class OrjsonRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)  # `Accept: ...; indent=2`
        body = orjson.dumps(data, default=_drf_default, option=_OPTIONS)
        for raw, escaped in _LINE_SEPARATORS:  # as DRF: valid JSON, but not valid inside a <script>
            if raw in body:
                body = body.replace(raw, escaped)
        return body


class JSONFirstNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that no Accept, `*/*` or the first renderer's own type picks it at once."""

    def select_renderer(self, request, renderers, format_suffix=None):
        first = renderers[0]
        accept = request.META.get("HTTP_ACCEPT", "*/*")
        plain = format_suffix is None and not request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if plain and accept in ("*/*", first.media_type):
            return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)

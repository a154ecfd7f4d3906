"""The API's JSON parser: DRF's, refusing with a 400 (never a 500) what decodes but cannot be used.

Python's decoder accepts text PostgreSQL cannot store or compare (a NUL, a lone UTF-16 surrogate
such as "\\ud800") and raises RecursionError on arrays nested thousands deep; each would otherwise
surface as a server error far from the input that caused it.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


def is_storable(data) -> bool:
    """True when every string in the decoded JSON can be written to and compared in PostgreSQL."""
    if isinstance(data, str):
        return "\x00" not in data and not any("\ud800" <= char <= "\udfff" for char in data)
    if isinstance(data, dict):
        return all(is_storable(key) and is_storable(value) for key, value in data.items())
    if isinstance(data, list):
        return all(is_storable(item) for item in data)
    return True


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - the body is nested too deeply.") from exc
        if not is_storable(data):
            raise ParseError("JSON parse error - strings must not contain NUL or unpaired surrogate characters.")
        return data

"""Headers every response carries: a Content-Security-Policy, a Permissions-Policy, and no caching
of what a signed-in principal sees.

The policy allows only the portal's own scripts and styles: no inline script, no inline style
attribute, no other origin (templates load behaviour from static files, e.g. static/js/portal.js).
Pages and JSON shown to a signed-in user or an API token (client secrets, product keys, download
links, CSV exports, customer data) are sent with `Cache-Control: no-store`, so neither a shared proxy
nor the browser's back button keeps them.
"""

from django.utils.cache import add_never_cache_headers

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Nothing in the portal uses these browser features; the Copy buttons use the clipboard (allowed).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def _signed_in(request) -> bool:
    # DRF puts the token's principal on the Django request too, so API calls count as signed in.
    return bool(getattr(getattr(request, "user", None), "is_authenticated", False))


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _signed_in(request):
            add_never_cache_headers(response)
        return response

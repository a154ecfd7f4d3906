from accounts import navigation
from accounts.permissions import capabilities_of


def capabilities(request):
    """Expose `caps` (the user's capability names) and the entries of the top bar and the gear menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"caps": frozenset(), "nav_entries": [], "settings_entries": []}
    return {
        "caps": capabilities_of(user),
        "nav_entries": navigation.entries_for(user, menu="main"),
        "settings_entries": navigation.entries_for(user, menu="settings"),
    }

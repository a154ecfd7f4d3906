"""Field rules shared by purchase and update: one definition of a valid reservation name."""

import re

from django.utils.translation import gettext as _

from reservations.errors import InvalidDisplayName

# Azure accepts letters, digits, spaces, hyphens, underscores and dots, up to 64 characters.
DISPLAY_NAME = re.compile(r"^[\w][\w .\-]{0,63}$")


def display_name_clean(value) -> str:
    """The name trimmed; InvalidDisplayName when empty, longer than 64 or with other characters."""
    name = " ".join(str(value or "").split())
    if not DISPLAY_NAME.fullmatch(name):
        raise InvalidDisplayName(
            _("A reservation name is 1 to 64 letters, digits, spaces, hyphens, underscores or dots.")
        )
    return name

"""Attachments: what a file may be, decided by the server, and how it is kept (privately, under a uuid).

Allowed: PDF, PNG, JPEG and plain text (.txt, .log, .csv). No archives, office documents, HTML or
SVG: they can carry active content or hide other files, and support needs none of them. The type
is decided from the extension AND the first bytes (magic numbers; text must be UTF-8 without NUL
bytes); the client's Content-Type header is ignored. The display name is sanitized: path parts,
control characters and a NUL are refused, other unusual characters become "_", long names are
shortened keeping the extension. On disk the file is a random uuid in SUPPORT_ATTACHMENT_ROOT.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from partnercenter import clock
from support.errors import AttachmentRefused
from support.models import SupportAttachment

NAME_LIMIT = 100
TEXT_TYPES = {".txt": "text/plain", ".log": "text/plain", ".csv": "text/csv"}
BINARY_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ALLOWED_EXTENSIONS = tuple(sorted({*TEXT_TYPES, *BINARY_TYPES}))
_UNSAFE = re.compile(r"[^\w .()\-]", re.UNICODE)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    content: bytes
    sha256: str


def _refuse(message: str) -> AttachmentRefused:
    return AttachmentRefused(message)


def name_sanitize(raw: str) -> str:
    """The name to show for an uploaded file; AttachmentRefused when the name itself is hostile."""
    name = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not name:
        raise _refuse(_("The file has no name."))
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise _refuse(_("The file name contains control characters."))
    if "/" in name or "\\" in name or ".." in name:
        raise _refuse(_("The file name must not contain a path."))
    name = _UNSAFE.sub("_", name).lstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip("_ "):
        raise _refuse(_("The file name needs a name and an extension."))
    extension = f".{extension.lower()}"
    return f"{stem[: NAME_LIMIT - len(extension)]}{extension}"


def _content_type(name: str, content: bytes) -> str:
    extension = name[name.rfind(".") :].lower()
    allowed = ", ".join(ALLOWED_EXTENSIONS)
    if extension in BINARY_TYPES:
        content_type, magics = BINARY_TYPES[extension]
        if not content.startswith(magics):
            raise _refuse(
                _("The file %(name)s is not the %(type)s its name says.") % {"name": name, "type": content_type}
            )
        return content_type
    if extension in TEXT_TYPES:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _refuse(_("The text file %(name)s is not UTF-8 text.") % {"name": name}) from exc
        if b"\x00" in content:
            raise _refuse(_("The text file %(name)s is not UTF-8 text.") % {"name": name})
        return TEXT_TYPES[extension]
    raise _refuse(_("Files of this type are not allowed: attach one of %(allowed)s.") % {"allowed": allowed})


def attachment_validate(file) -> CheckedFile:
    """Check one uploaded file (a Django UploadedFile): size, name, type by content. AttachmentRefused otherwise."""
    limit = settings.SUPPORT_ATTACHMENT_MAX_BYTES
    name = name_sanitize(getattr(file, "name", ""))
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _refuse(_("The file %(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)})
    file.seek(0)
    content = file.read(limit + 1)
    if len(content) > limit:
        raise _refuse(_("The file %(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)})
    if not content:
        raise _refuse(_("The file %(name)s is empty.") % {"name": name})
    return CheckedFile(name, _content_type(name, content), content, hashlib.sha256(content).hexdigest())


def attachments_check(*, request, files) -> list[CheckedFile]:
    """Validate every file and the count the request may hold (existing ones included), before any write."""
    files = list(files)
    held = request.attachments.count() if request is not None and request.pk else 0
    limit = settings.SUPPORT_ATTACHMENT_MAX_FILES
    if held + len(files) > limit:
        raise _refuse(_("A request holds at most %(limit)s files.") % {"limit": limit})
    return [attachment_validate(file) for file in files]


def attachments_store(*, request, checked: list[CheckedFile], actor, note=None) -> list[SupportAttachment]:
    """Keep checked files on the private storage, under random names (inside the caller's transaction).

    A transaction that rolls back afterwards leaves the file on disk with no row: unreachable (no URL,
    random name) and harmless.
    """
    now = clock.now(request.partner)
    stored = []
    for item in checked:
        attachment = SupportAttachment(
            request=request,
            note=note,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.content),
            sha256=item.sha256,
            uploaded_by=actor if getattr(actor, "pk", None) and not getattr(actor, "is_application", False) else None,
            created_at=now,
        )
        attachment.file.save("upload", ContentFile(item.content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored

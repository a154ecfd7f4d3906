"""Bearer tokens from /oauth2/token: who is acting on an API request.

An app+user token acts as the user (their roles decide); an app-only token acts as the partner's
application with the roles granted to its credential, never more, and without the capabilities
Partner Center keeps for App+User calls (accounts.permissions.APP_USER_ONLY).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.services import access_token_for


@dataclass
class ApplicationPrincipal:
    """The acting principal of an app-only token: looks enough like a partner user for capabilities and audit."""

    credential: object
    partner: object
    is_application: bool = True
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True
    is_staff: bool = False
    is_superuser: bool = False
    is_partner_user: bool = True
    is_customer_user: bool = False
    pk: None = None
    id: None = None

    @property
    def role_set(self) -> frozenset[str]:
        """The roles granted to the credential at its creation: the application's ceiling."""
        return frozenset(self.credential.roles)

    @property
    def audit_application_id(self) -> str:
        return str(self.credential.client_id)

    @property
    def username(self) -> str:
        return f"app:{self.credential.client_id}"

    @property
    def partner_id(self) -> int:
        return self.partner.pk

    def get_username(self) -> str:
        return self.username

    def __str__(self) -> str:
        return self.credential.name


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`; a missing header leaves the request anonymous (401 later)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        token = access_token_for(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("The access token is invalid, expired or revoked."))
        if token.user is None:
            return ApplicationPrincipal(credential=token.credential, partner=token.credential.partner), token
        user = token.user
        user.partner = token.credential.partner  # already loaded: saves a query on self.partner
        # App+user: the audit trail names both the user and the application, as Partner Center does.
        user.audit_application_id = str(token.credential.client_id)
        user.audit_upn = user.username
        return user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="PartnerCenterSimulator"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from POST /oauth2/token (client_credentials or password grant).",
        }

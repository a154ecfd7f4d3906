"""POST /oauth2/token: the OAuth 2.0 token endpoint (client credentials and password grants)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.services import access_token_issue
from partnercenter.api.parsers import JSONParser
from partnercenter.api.schema import error_responses


class TokenRequestSerializer(serializers.Serializer):
    grant_type = serializers.ChoiceField(choices=["client_credentials", "password"])
    client_id = serializers.CharField()
    client_secret = serializers.CharField(required=False, help_text="Required for client_credentials.")
    username = serializers.CharField(required=False, help_text="Required for password.")
    password = serializers.CharField(required=False, help_text="Required for password.")


TokenResponse = inline_serializer(
    "TokenResponse",
    {
        "access_token": serializers.CharField(),
        "token_type": serializers.CharField(),
        "expires_in": serializers.IntegerField(),
    },
)


class TokenView(APIView):
    """Exchange an API credential (app-only) or a partner user's password (app+user) for a bearer token.

    Not throttled per request like /v1; failed attempts have their own budget (429 with Retry-After).
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="oauth2_token",
        tags=["auth"],
        auth=[],
        request={"application/x-www-form-urlencoded": TokenRequestSerializer},
        responses={200: TokenResponse, **error_responses(400, 401, 429)},
    )
    def post(self, request):
        data = request.data
        raw, _token = access_token_issue(
            grant_type=str(data.get("grant_type", "")),
            client_id=str(data.get("client_id", "")),
            client_secret=str(data.get("client_secret", "")),
            username=str(data.get("username", "")),
            password=str(data.get("password", "")),
        )
        return Response(
            {"access_token": raw, "token_type": "Bearer", "expires_in": settings.API_TOKEN_LIFETIME},
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )

from tests.api.conftest import api_as, app_api, credential_a, credential_b  # noqa: F401 - shared API personas

"""Authentication backends: django-axes' lockout in front of the model backend for sign-in forms."""

from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username or address on /login/ and /admin/login/ (django-axes).

    Only requests are counted: an authentication without one (the test client's `login`, a shell)
    is left to the next backend, and the token endpoint keeps its own failure budget.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

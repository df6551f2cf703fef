"""How a signed-in user is loaded on each request.

Every page asks for the user's role (accounts.roles), which reads the adviser profile; loading it with the
user saves a query on every page. Django's backend (the admin's username and password) and allauth's (email
login) both load users this way.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class UserWithProfileMixin:
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("adviser_profile").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(UserWithProfileMixin, DjangoModelBackend):
    """Django's username and password backend."""


class AuthenticationBackend(UserWithProfileMixin, AllauthBackend):
    """allauth's email login."""

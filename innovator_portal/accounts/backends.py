"""How a signed-in user is loaded on each request.

Every page asks for the user's role (accounts.roles), which reads the adviser profile; loading it with the
user saves a query on every page. Django's backend (the admin's username and password) and allauth's (email
login) both load users this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connections, router

from innovator_portal.hins.models import AdviserProfile
from innovator_portal.rows import ModelColumns


@dataclass(frozen=True)
class _UserQuery:
    sql: str
    user: ModelColumns
    profile: ModelColumns[AdviserProfile]
    profile_id: int  # where the profile's id is in a row: NULL when the user has no profile


_USER_QUERIES: dict[str, _UserQuery] = {}


def _user_query(connection) -> _UserQuery:
    """The user with their adviser profile (if any), written once per process and database vendor: the ORM
    compiling `select_related("adviser_profile").get(pk=...)` for every page cost more than running it. The
    one parameter is the user's id."""
    query = _USER_QUERIES.get(connection.vendor)
    if query is not None:
        return query
    user_model = get_user_model()
    quote = connection.ops.quote_name
    user = ModelColumns(user_model, connection, alias="u")
    profile = ModelColumns(AdviserProfile, connection, alias="p")
    user_id = quote(user_model._meta.pk.column)
    # Only names from the models are formatted in; the id is a parameter.
    sql = (
        f"SELECT {user.sql}, {profile.sql} "  # noqa: S608
        f"FROM {quote(user_model._meta.db_table)} u "
        f"LEFT JOIN {quote(AdviserProfile._meta.db_table)} p ON p.{quote('user_id')} = u.{user_id} "
        f"WHERE u.{user_id} = %s"
    )
    query = _USER_QUERIES[connection.vendor] = _UserQuery(
        sql=sql, user=user, profile=profile, profile_id=len(user) + profile.attnames.index("id")
    )
    return query


def user_with_profile(user_id):
    """The user with this id, their adviser profile loaded with them (None for a founder or an admin), or None
    if there is no such user."""
    user_model = get_user_model()
    connection = connections[router.db_for_read(user_model)]
    query = _user_query(connection)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [user_model._meta.pk.get_db_prep_value(user_id, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(query.user)
    user = query.user.instance(row[:split], connection)
    profile = None
    if row[query.profile_id] is not None:
        profile = query.profile.instance(row[split:], connection)
        AdviserProfile.user.field.set_cached_value(profile, user)
    # As select_related() leaves it: `user.adviser_profile` is the profile, or raises DoesNotExist, unqueried.
    user_model.adviser_profile.related.set_cached_value(user, profile)
    return user


class UserWithProfileMixin:
    def get_user(self, user_id):
        user = user_with_profile(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(UserWithProfileMixin, DjangoModelBackend):
    """Django's username and password backend."""


class AuthenticationBackend(UserWithProfileMixin, AllauthBackend):
    """allauth's email login."""

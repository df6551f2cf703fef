"""Sessions are kept in the database and read through the shared cache (`cached_db`).

The database row is what counts: a session deleted from the database (logging out, the Django shell, the
admin, `clearsessions`) is also dropped from the cache, so it cannot carry on from there.
"""

from importlib import import_module

from django.conf import settings
from django.core.cache import caches


def cached_session_forget(sender, instance, **kwargs):
    """`post_delete` receiver for Session rows: drop the cached copy of a deleted session."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    prefix = getattr(store, "cache_key_prefix", None)
    if prefix is not None:
        caches[settings.SESSION_CACHE_ALIAS].delete(prefix + instance.session_key)

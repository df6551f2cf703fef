from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovator_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.contrib.sessions.models import Session
        from django.db.models.signals import post_delete

        from innovator_portal.middleware import session_started
        from innovator_portal.sessions import cached_session_forget

        user_logged_in.connect(session_started, dispatch_uid="innovator_portal.session_started")
        post_delete.connect(cached_session_forget, sender=Session, dispatch_uid="innovator_portal.session_forget")

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovator_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from innovator_portal.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="innovator_portal.session_started")

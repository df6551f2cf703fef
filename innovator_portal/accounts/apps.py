from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovator_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

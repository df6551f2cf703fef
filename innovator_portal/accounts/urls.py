from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("founder/", views.founder_home, name="founder_home"),
    path("adviser/", views.adviser_home, name="adviser_home"),
    path("account/", views.account_overview, name="account_overview"),
]

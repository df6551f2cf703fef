from django.urls import path

from . import views, views_data

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("founder/", views.founder_home, name="founder_home"),
    path("adviser/network/", views.adviser_home, name="adviser_home"),
    path("account/", views.account_overview, name="account_overview"),
    path("account/name/", views.account_name, name="account_name"),
    path("account/your-data/download/", views_data.data_download, name="account_data_download"),
    path("account/your-data/documents/", views_data.documents_download, name="account_documents_download"),
    path("account/delete/", views_data.account_delete, name="account_delete"),
    path("account/deleted/", views_data.account_deleted, name="account_deleted"),
]

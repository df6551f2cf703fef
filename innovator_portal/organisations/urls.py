from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/invitations/new/", views.invitation_create, name="invitation_create"),
    path("<int:pk>/invitations/<int:invitation_pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.membership_remove, name="membership_remove"),
    path("invitations/<slug:token>/", views.invitation_accept, name="invitation_accept"),
]

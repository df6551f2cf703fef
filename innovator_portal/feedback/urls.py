from django.urls import path

from . import views

urlpatterns = [
    path("", views.feedback, name="feedback"),
    path("sent/", views.feedback_sent, name="feedback_sent"),
]

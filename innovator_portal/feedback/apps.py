from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "innovator_portal.feedback"
    label = "feedback"
    verbose_name = "Feedback about the service"

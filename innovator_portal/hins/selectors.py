from .models import AdviserProfile


def adviser_colleagues(*, user):
    """The other advisers of the user's Health Innovation Network."""
    profile = user.adviser_profile
    return (
        AdviserProfile.objects.filter(hin_id=profile.hin_id)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )

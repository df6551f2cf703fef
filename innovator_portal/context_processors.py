from django.conf import settings

from innovator_portal.accounts.roles import role_of


def site(request):
    """The service name, its contact address and the signed-in user's role, for the layout's header, footer and
    navigation."""
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "user_role": role_of(user) if user is not None else None,
    }

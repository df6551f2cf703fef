"""What must happen whenever a share or an account is deleted, by whichever path: the deletion of an account,
an organisation or an assessment reaches shares and audit entries only by cascade (from the admin too), so
the one place every path goes through is Django's deletion of the row. Each receiver calls a service and
runs in the deletion's transaction, before any row is removed."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .models import Share
from .rollup import counted, rollup_apply
from .services import account_records_pseudonymise


@receiver(pre_delete, sender=Share, dispatch_uid="rollup_share_deleted")
def share_deleted(sender, instance: Share, **kwargs) -> None:
    """Take the share out of its network's totals (the assessment's results are still there to subtract)."""
    if counted(instance):
        rollup_apply(share=instance, sign=-1)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_account_deleted")
def account_deleted(sender, instance, **kwargs) -> None:
    """Keep the account's audit entries and review events, without who it was."""
    account_records_pseudonymise(user=instance)

"""Whichever way an evidence row goes (removed by the founder, or with its assessment, organisation or account,
from the admin too), its file goes from storage once the deletion is committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Evidence


@receiver(post_delete, sender=Evidence, dispatch_uid="evidence_file_deleted")
def evidence_deleted(sender, instance: Evidence, **kwargs) -> None:
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))

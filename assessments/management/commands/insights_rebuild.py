"""Recompute the cohort totals behind advisers' insights from the shares themselves."""

from django.core.management.base import BaseCommand

from assessments.review.rollup import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute cohort insight totals from the active shares (after a restore, for example)."

    def handle(self, *args, **options):
        self.stdout.write(f"{rollups_rebuild()} shared assessments counted")

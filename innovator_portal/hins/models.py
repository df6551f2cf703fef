from django.conf import settings
from django.db import models


class HealthInnovationNetwork(models.Model):
    """One of England's 15 Health Innovation Networks (reference data, loaded by a migration)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    area = models.CharField(max_length=300, help_text="The part of England the network serves.")
    website = models.URLField(blank=True)
    contact_email = models.EmailField(
        blank=True,
        help_text="Where companies' replies to review emails go (the emails come from a no-reply address).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "Health Innovation Network"

    def __str__(self):
        return self.name

    @property
    def area_in_sentence(self) -> str:
        """The area as it reads after a word, "serves the North East", where on its own it reads "The North East"."""
        first, _, rest = self.area.partition(" ")
        return f"the {rest}" if first == "The" and rest else self.area


class AdviserProfile(models.Model):
    """Makes a user an adviser of exactly one Health Innovation Network."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser_profile")
    hin = models.ForeignKey(HealthInnovationNetwork, on_delete=models.PROTECT, related_name="advisers")
    job_title = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hin__name", "user__email"]

    def __str__(self):
        return f"{self.user} ({self.hin})"

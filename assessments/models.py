from django.db import models


class FrameworkVersion(models.Model):
    """One published version of the assessment framework, synced from its YAML file; never changed.

    The validated definition is kept whole as JSON so that any assessment pinned to this version can be
    re-scored and reported exactly, even after the file has gone from the repository.
    """

    version = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    published = models.DateField()
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the definition: a changed file under the same version is refused."
    )
    definition = models.JSONField(help_text="The validated framework file content (ADR 0002).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-created_at"]
        verbose_name = "framework version"

    def __str__(self):
        return f"{self.version}: {self.title}"

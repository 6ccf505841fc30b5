from django.conf import settings
from django.db import models
from django.urls import reverse

from statements.models.statement import Statement


def version_pdf_path(instance, filename):
    return f"statements/{instance.statement_id}/v{instance.number}-{instance.sha256[:12]}.pdf"


class PublishedVersion(models.Model):
    """A frozen, published state of a statement: its content and the PDF rendered once from it.

    Rows are never edited: a correction or a late signature adds a new version.
    """

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(help_text="The interchange JSON of the statement as published in this version.")
    change_note = models.TextField(blank=True)
    pdf = models.FileField(upload_to=version_pdf_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["statement", "-number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["statement", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.statement} v{self.number}"

    def get_absolute_url(self):
        return reverse("statement_version_pdf", args=[self.statement.slug, self.number])

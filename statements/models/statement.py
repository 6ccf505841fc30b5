import contextvars
import hashlib
import json
from contextlib import contextmanager

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.models import Network
from organisations.slugs import unique_slug
from statements import limits


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signatures")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATUSES = (StatementStatus.PUBLISHED, StatementStatus.WITHDRAWN)
# What a public statement says; it changes only inside text_correction() (statements.workflow.correct).
FROZEN_FIELDS = ("title", "body", "date", "language")
# Statement pks whose text the running correction may change (a context variable, so threads don't share it).
_correcting = contextvars.ContextVar("statements_correcting", default=frozenset())


class FrozenTextError(ValueError):
    """A published or withdrawn statement's text was about to change outside a correction."""


@contextmanager
def text_correction(statement):
    """Allow the text and notes of this one public statement to change: only the workflow's correction uses it."""
    token = _correcting.set(_correcting.get() | {statement.pk})
    try:
        yield
    finally:
        _correcting.reset(token)


def _refuse_frozen(statement_ids):
    """Raise unless none of these statements is public or all are being corrected."""
    ids = set(statement_ids) - _correcting.get()
    if ids and Statement.objects.filter(pk__in=ids, status__in=PUBLIC_STATUSES).exists():
        raise FrozenTextError(
            "The text of a published statement changes only through a correction (statements.workflow.correct)."
        )


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=StatementStatus.PUBLISHED)

    def public(self):
        """What the public may see: published statements, and withdrawn ones (shown as withdrawn)."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def drafts(self):
        return self.filter(status=StatementStatus.DRAFT)

    def update(self, **kwargs):
        if any(name in kwargs for name in FROZEN_FIELDS):
            _refuse_frozen(self.values_list("pk", flat=True))
        return super().update(**kwargs)

    def coordinated_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(network__coordinators=user)


class Statement(models.Model):
    Status = StatementStatus

    class SignatoryOrder(models.TextChoices):
        MANUAL = "manual", _("In the order the coordinators set")
        INITIATORS_THEN_NAME = "initiators_then_name", _("Initiators first, then by name")
        SIGNING = "signing", _("In the order they signed")

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="statements")
    title = models.CharField(_("title"), max_length=limits.MAX_TITLE_CHARS)
    slug = models.SlugField(unique=True, max_length=100)
    date = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(max_length=12, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    body = models.TextField(
        _("body"),
        max_length=limits.MAX_BODY_CHARS,
        help_text=_(
            "Paragraphs separated by a blank line. Write [^key] where a note belongs; "
            "*emphasis* and [links](https://…) are allowed, HTML is not."
        ),
    )
    signing_deadline = models.DateTimeField(_("signing deadline"), null=True, blank=True)
    close_at_deadline = models.BooleanField(_("close automatically at the deadline"), default=False)
    signatory_order = models.CharField(max_length=24, choices=SignatoryOrder.choices, default=SignatoryOrder.MANUAL)
    cases = models.ManyToManyField("statements.Case", blank=True, related_name="statements")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_note = models.TextField(blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Statement, self.title, max_length=100)
        update_fields = kwargs.get("update_fields")
        touches_text = update_fields is None or any(name in FROZEN_FIELDS for name in update_fields)
        if self.pk is not None and touches_text and self.pk not in _correcting.get():
            self._refuse_changed_public_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("statement_detail", args=[self.slug])

    def _refuse_changed_public_text(self):
        stored = Statement.objects.filter(pk=self.pk, status__in=PUBLIC_STATUSES).values(*FROZEN_FIELDS).first()
        if stored is not None and any(stored[name] != getattr(self, name) for name in FROZEN_FIELDS):
            raise FrozenTextError(
                "The text of a published statement changes only through a correction (statements.workflow.correct)."
            )

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES

    def ordered_notes(self):
        return list(self.notes.all())

    def text_snapshot(self):
        """What a signer agrees to: title, body and notes, nothing else. Kept with a signature to show a diff."""
        return {
            "title": self.title,
            "body": self.body,
            "notes": [[n.key, n.text, list(n.urls)] for n in self.notes.order_by("position", "id")],
        }

    def revision_hash(self, snapshot=None):
        """Identifies the text a signer agreed to: the hash of text_snapshot()."""
        encoded = json.dumps(snapshot or self.text_snapshot(), ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()


class NoteQuerySet(models.QuerySet):
    """Bulk changes refuse the notes of a public statement too, outside a correction."""

    def update(self, **kwargs):
        _refuse_frozen(self.values_list("statement_id", flat=True).distinct())
        return super().update(**kwargs)

    def delete(self):
        _refuse_frozen(self.values_list("statement_id", flat=True).distinct())
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_frozen({note.statement_id for note in objs})
        return super().bulk_create(objs, *args, **kwargs)


class Note(models.Model):
    """A footnote citation. Its printed number comes from the order of first calls in the body."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="notes")
    key = models.CharField(
        _("key"), max_length=40, help_text=_("Called in the body as [^key]. Letters, digits, - and _.")
    )
    text = models.TextField(_("text"), max_length=limits.MAX_NOTE_CHARS, help_text=_("The note as printed."))
    urls = models.JSONField(_("URLs"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["statement", "key"], name="unique_note_key")]

    def __str__(self):
        return f"[^{self.key}] {self.text[:60]}"

    def save(self, *args, **kwargs):
        _refuse_frozen([self.statement_id])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_frozen([self.statement_id])
        return super().delete(*args, **kwargs)

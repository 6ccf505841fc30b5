from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "Audit entries are append-only."


class AuditEntryQuerySet(models.QuerySet):
    """Bulk changes are refused like instance ones. On PostgreSQL a trigger (migration 0004) refuses them too."""

    def update(self, **kwargs):
        raise ValueError(APPEND_ONLY)

    def delete(self):
        raise ValueError(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise ValueError(APPEND_ONLY)

    def update_or_create(self, *args, **kwargs):
        raise ValueError(APPEND_ONLY)


class AuditEntry(models.Model):
    """Append-only record of who did what. Never holds tokens or passwords.

    The statement and network links PROTECT: a statement or network with history cannot be deleted, so its
    history survives (SET_NULL would need an UPDATE, which the log refuses). Public statements are withdrawn,
    never deleted; only a draft nobody ever acted on can go.

    People, though, may leave and have their account deleted: the actor link is cleared (the one UPDATE the
    PostgreSQL trigger lets through, migration 0008) and actor_label, filled with the username on creation,
    keeps who it was.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        EDIT = "edit", _("Edited")
        TRANSITION = "transition", _("Changed state")
        INVITE = "invite", _("Invited")
        OPEN_LINK = "open_link", _("Opened the invitation link")
        REMIND = "remind", _("Reminded")
        SIGN = "sign", _("Signed")
        CONFIRM = "confirm", _("Confirmed a new revision")
        DECLINE = "decline", _("Declined")
        WITHDRAW_SIGNATURE = "withdraw_signature", _("Withdrew a signature")
        ADD_SIGNATURE = "add_signature", _("Added a signature by hand")
        REORDER = "reorder", _("Reordered signatories")
        CORRECT = "correct", _("Published a correction")
        RATE_LIMITED = "rate_limited", _("Was rate-limited")
        EMAIL_FAILED = "email_failed", _("Email could not be sent")
        LOGIN_FAILED = "login_failed", _("Failed to log in")
        PURGE = "purge", _("Purged private data")

    network = models.ForeignKey(
        "organisations.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    statement = models.ForeignKey(
        "statements.Statement", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text=_("Who, when not a user (a token signer)."))
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(APPEND_ONLY)
        if self.actor is not None and not self.actor_label:
            self.actor_label = self.actor.get_username()[:200]
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(APPEND_ONLY)

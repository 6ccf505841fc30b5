from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from statements import limits
from statements.models.statement import Statement


class SignatureQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Signature.Status.CONFIRMED)

    def printed_order(self):
        return self.order_by("is_additional", "position", "id")


class Signature(models.Model):
    """One line of the signatory list, printed as "Name (Country)"."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        INVITATION = "invitation", _("Invitation link")
        DASHBOARD = "dashboard", _("Representative's dashboard")
        COORDINATOR = "coordinator", _("Added by a coordinator")
        IMPORT = "import", _("Import")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
        help_text=_("Empty for individuals."),
    )
    name = models.CharField(_("name as printed"), max_length=limits.MAX_SIGNATORY_NAME_CHARS)
    country = models.CharField(_("country as printed"), max_length=limits.MAX_COUNTRY_CHARS, blank=True)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.COORDINATOR)
    is_initiator = models.BooleanField(default=False)
    is_additional = models.BooleanField(
        default=False, help_text=_("Signed after publication; printed after the list with its date.")
    )
    additional_date = models.DateField(null=True, blank=True)
    signed_revision = models.CharField(max_length=64, blank=True)
    # The title, body and notes as signed, so a signer can be shown what changed since (revision_hash() is one-way).
    signed_text = models.JSONField(default=dict, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    # When the signer (or a coordinator, for an answer by phone or mail) last agreed to a changed text;
    # signed_at stays the original signing time.
    reconfirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Private: never on a public page, in a PDF, the JSON or a feed; purged after publication.
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    contact_purged_at = models.DateTimeField(null=True, blank=True)
    # Confirmation emails sent for this signature; capped so signing, withdrawing and re-signing cannot mail-bomb.
    emails_sent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["is_additional", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_signature_per_organisation",
            ),
        ]

    def __str__(self):
        return self.printed()

    def signed_an_older_text(self, current_revision, statement_status):
        """True when the signer agreed to a text that has changed since, while they can still react to it.

        Imported signatures have no recorded revision, and after publication only corrections change the text.
        """
        from statements.models.statement import StatementStatus

        return (
            self.status == self.Status.CONFIRMED
            and bool(self.signed_revision)
            and self.signed_revision != current_revision
            and statement_status in (StatementStatus.OPEN, StatementStatus.CLOSED)
        )

    def printed(self):
        return f"{self.name} ({self.country})" if self.country else self.name


class Invitation(models.Model):
    """A personal link for one organisation to sign one statement. Only the token's hash is stored."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        OPENED = "opened", _("Opened")
        SIGNED = "signed", _("Signed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    # When the invitation itself was first sent; reminders are counted in last_reminder_at / reminder_count.
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    decline_reason = models.TextField(blank=True, max_length=2000)
    # Delivery: emails delivered (capped), and the last failure while retries are running or used up.
    emails_sent = models.PositiveSmallIntegerField(default=0)
    email_failures = models.PositiveSmallIntegerField(default=0)
    email_failed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "organisation"], name="one_invitation_per_organisation"),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.statement}"

    @property
    def is_unanswered(self):
        return self.status in UNANSWERED


# Invited or opened: no answer yet (signed, declined and withdrawn are answers).
UNANSWERED = (Invitation.Status.INVITED, Invitation.Status.OPENED)


class InvitationLink(models.Model):
    """A further link of an invitation, sent in a reminder or a "text changed" notice. Only its hash is stored.

    Every link of an invitation (Invitation.token_hash and these) works until the deadline, so the one already
    in someone's mailbox, or forwarded to a colleague, keeps working when a reminder is sent.
    """

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invitation", "id"]

    def __str__(self):
        return f"link {self.pk} of {self.invitation}"

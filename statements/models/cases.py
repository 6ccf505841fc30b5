from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from organisations.slugs import unique_slug


class CaseQuerySet(models.QuerySet):
    def public(self):
        """Cases with at least one public statement."""
        from statements.models.statement import PUBLIC_STATUSES

        return self.filter(statements__status__in=PUBLIC_STATUSES).distinct()

    def maintained_by(self, user):
        """Cases the user may edit: those of the networks they coordinate (staff: all, including unassigned)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(network__coordinators=user)


class Case(models.Model):
    class Status(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        IMPRISONED = "imprisoned", _("Imprisoned")
        RELEASED = "released", _("Released")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(unique=True, max_length=100)
    country = CountryField(_("country"))
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ONGOING)
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Hide the people and events from the public until a coordinator opts in."),
    )
    details_public = models.BooleanField(
        _("show details of a sensitive case"),
        default=False,
    )
    network = models.ForeignKey(
        "organisations.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("The network whose coordinators maintain this case."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Case, self.title, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.slug])

    @property
    def details_visible(self):
        return not self.is_sensitive or self.details_public


class Person(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    other_spellings = models.CharField(
        _("other spellings"), max_length=500, blank=True, help_text=_("Comma-separated, e.g. Bokaev.")
    )
    description = models.TextField(_("short description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def spellings(self):
        return [s.strip() for s in self.other_spellings.split(",") if s.strip()]


class CaseEvent(models.Model):
    class Kind(models.TextChoices):
        DETENTION = "detention", _("Detention")
        CHARGE = "charge", _("Charge")
        TRIAL_START = "trial_start", _("Trial start")
        HEARING = "hearing", _("Hearing")
        VERDICT = "verdict", _("Verdict")
        SENTENCE = "sentence", _("Sentence")
        APPEAL = "appeal", _("Appeal")
        RELEASE = "release", _("Release")
        OTHER = "other", _("Other")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField()
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    date_label = models.CharField(
        max_length=60, blank=True, help_text=_('How the date is written when it is vague, e.g. "mid-May 2016".')
    )
    description = models.TextField(blank=True)
    court = models.CharField(max_length=200, blank=True)
    judge = models.CharField(max_length=200, blank=True)
    legal_provisions = models.CharField(
        max_length=300, blank=True, help_text=_("E.g. Criminal Code articles 174, 274, 400.")
    )
    sentence = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.display_date()}: {self.get_kind_display()}"

    def display_date(self):
        if self.date_label:
            return self.date_label
        if self.date_precision == self.Precision.YEAR:
            return str(self.date.year)
        # Month names and word order come from the interface language's formats (config/formats for English).
        if self.date_precision == self.Precision.MONTH:
            return date_format(self.date, "YEAR_MONTH_FORMAT")
        return date_format(self.date, "DATE_FORMAT")

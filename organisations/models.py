"""Who: networks (with their house style), member organisations, and people's roles."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from organisations.slugs import unique_slug

MEMBER_COUNT_PLACEHOLDER = "{member_count}"


class HouseStyle(models.Model):
    """How a network's PDFs look. The defaults reproduce the CSP's Word documents."""

    class PageSize(models.TextChoices):
        LETTER = "letter", _("US Letter")
        A4 = "A4", _("A4")

    class NotesPlacement(models.TextChoices):
        ENDNOTES = "endnotes", _("Endnotes after a rule at the end of the document")
        FOOTNOTES = "footnotes", _("Footnotes at the bottom of each page")

    name = models.CharField(_("name"), max_length=100, unique=True)
    page_size = models.CharField(max_length=10, choices=PageSize.choices, default=PageSize.LETTER)
    margin_top = models.DecimalField(_("top margin (pt)"), max_digits=6, decimal_places=2, default=Decimal("72"))
    margin_right = models.DecimalField(_("right margin (pt)"), max_digits=6, decimal_places=2, default=Decimal("73"))
    margin_bottom = models.DecimalField(_("bottom margin (pt)"), max_digits=6, decimal_places=2, default=Decimal("72"))
    margin_left = models.DecimalField(_("left margin (pt)"), max_digits=6, decimal_places=2, default=Decimal("72"))
    font_family = models.CharField(
        _("font family"),
        max_length=100,
        default="Carlito",
        help_text=_("A family whose files are found in the PDF font folders (see the system check)."),
    )
    kerning = models.BooleanField(default=False, help_text=_("Word does not kern; keep off to match Word's breaks."))
    body_size = models.DecimalField(_("body size (pt)"), max_digits=5, decimal_places=2, default=Decimal("10.5"))
    notes_size = models.DecimalField(_("notes size (pt)"), max_digits=5, decimal_places=2, default=Decimal("8.5"))
    title_size = models.DecimalField(_("title size (pt)"), max_digits=5, decimal_places=2, default=Decimal("14"))
    line_height = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal("1.2207"))
    paragraph_spacing = models.DecimalField(
        _("lines between paragraphs"), max_digits=4, decimal_places=2, default=Decimal("1")
    )
    logo_height = models.DecimalField(_("logo height (pt)"), max_digits=6, decimal_places=2, default=Decimal("40"))
    notes_placement = models.CharField(max_length=10, choices=NotesPlacement.choices, default=NotesPlacement.ENDNOTES)
    rule_width = models.DecimalField(_("notes rule width (pt)"), max_digits=6, decimal_places=2, default=Decimal("144"))
    widows = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1), MaxValueValidator(5)])
    orphans = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1), MaxValueValidator(5)])

    def __str__(self):
        return self.name


class NetworkQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        """The networks user may act for: all for staff, their own for coordinators, none for anyone else."""
        if not user.is_authenticated:
            return self.none()
        return self if user.is_staff else self.filter(coordinators=user)


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=30)
    slug = models.SlugField(unique=True, max_length=80)
    website = models.URLField(blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    signatory_intro = models.TextField(
        _("signatory list introduction"),
        help_text=_(
            "Printed in bold before the list of signatories. {member_count} is replaced by the number of "
            "active members."
        ),
    )
    house_style = models.ForeignKey(HouseStyle, on_delete=models.PROTECT, related_name="networks")
    coordinators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_networks")

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Network, self.short_name or self.name)
        super().save(*args, **kwargs)

    def active_member_count(self):
        return self.memberships.filter(active=True).count()

    def render_signatory_intro(self):
        text = self.signatory_intro
        if MEMBER_COUNT_PLACEHOLDER in text:
            text = text.replace(MEMBER_COUNT_PLACEHOLDER, str(self.active_member_count()))
        return text

    def is_coordinator(self, user):
        return user.is_authenticated and self.coordinators.filter(pk=user.pk).exists()

    def may_coordinate(self, user):
        """The one rule for acting for this network (views and services ask it): its coordinators and staff."""
        return user.is_authenticated and (user.is_staff or self.is_coordinator(user))


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=300, help_text=_("The name as it is usually printed."))
    slug = models.SlugField(unique=True, max_length=120)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(_("public description"), blank=True)
    contact_emails = models.TextField(
        _("contact emails (private)"), blank=True, help_text=_("One per line. Never shown publicly.")
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="represented_organisations"
    )
    networks = models.ManyToManyField(Network, through="Membership", related_name="organisations")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisation_detail", args=[self.slug])

    def contact_email_list(self):
        return [line.strip() for line in self.contact_emails.splitlines() if line.strip()]

    def is_representative(self, user):
        return user.is_authenticated and self.representatives.filter(pk=user.pk).exists()


class Membership(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        ASSOCIATE = "associate", _("Associate")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    since = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="one_membership_per_network"),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.network}"

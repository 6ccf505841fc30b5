"""Forms of the workflow screens. Forms check input; statements.workflow decides what may happen.

The statement editor (text, notes) is in statements/text_forms.py.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from organisations.models import Membership, Organisation
from statements import limits
from statements.models import Signature, Statement
from statements.publicity import public_organisations
from statements.text_forms import validate_note_urls  # noqa: F401  (the admin checks note rows with it)

# Cells starting like this are formulas in spreadsheets, where signatory lists end up.
FORMULA_START = ("=", "+", "-", "@")
# Refuse links, not dots: "Humanrights.ch" is a real signatory's name.
LINKISH = re.compile(r"(?i)([a-z][a-z0-9+.-]{1,15}://|\bwww\.|\bjavascript:|\bdata:)")
MAX_PRINTED_NAME_CHARS = 200
# A tag or comment opener. Names are printed as text anyway; refusing says so instead of printing "<b>".
MARKUP = re.compile(r"<\s*[A-Za-z/!?]")


def validate_no_markup(value):
    if MARKUP.search(value):
        raise ValidationError(_("HTML tags are not allowed here; write plain text."), code="markup")


def validate_printed_text(value):
    """For anything printed in the list: no formulas, no links, no control characters."""
    if value.startswith(FORMULA_START):
        raise ValidationError(
            _("This may not start with =, +, - or @ (spreadsheets would read it as a formula)."), code="formula"
        )
    validate_no_markup(value)
    if LINKISH.search(value):
        raise ValidationError(_("Web addresses are not allowed here; write the name only."), code="link")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in value):
        raise ValidationError(_("This contains invisible or control characters."), code="control")


class PrintedField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_printed_text])
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        # Folded whitespace, so "  Name\n" and "Name" print the same.
        return " ".join(super().to_python(value).split())


class InviteForm(forms.Form):
    """Whom to invite. "All members" is an explicit choice, so nobody has to untick 28 boxes to invite three."""

    ALL, CHOSEN, NONE = "all", "chosen", "none"
    which_members = forms.ChoiceField(
        label=gettext_lazy("Members of the network"),
        choices=[
            (ALL, gettext_lazy("All members not yet invited")),
            (CHOSEN, gettext_lazy("Only the members I tick below")),
            (NONE, gettext_lazy("No members, only the other organisations chosen below")),
        ],
        # Absent (an older page, a script): invite exactly what is ticked, never more.
        required=False,
        widget=forms.RadioSelect,
    )
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members to invite"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Used with “Only the members I tick below”."),
    )
    extra = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Other organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        invited = statement.invitations.values("organisation_id")
        members = Organisation.objects.filter(memberships__network=statement.network, memberships__active=True).exclude(
            pk__in=invited
        )
        self.fields["members"].queryset = members
        count = members.count()
        self.fields["which_members"].choices = [
            (
                self.ALL,
                ngettext("All %(n)d member not yet invited", "All %(n)d members not yet invited", count) % {"n": count},
            ),
            *self.fields["which_members"].choices[1:],
        ]
        self.fields["which_members"].initial = self.ALL if count else self.NONE
        self.fields["extra"].queryset = Organisation.objects.exclude(pk__in=invited).exclude(
            memberships__network=statement.network
        )

    def organisations(self):
        return list(self.cleaned_data["members"]) + list(self.cleaned_data["extra"])

    def clean(self):
        data = super().clean()
        which = data.get("which_members") or self.CHOSEN
        ticked = data.get("members")
        if which != self.CHOSEN and ticked:
            # Ticks under "all" or "none" mean the coordinator wanted something else: ask rather than guess.
            raise ValidationError(
                _(
                    "You ticked some members but chose “%(choice)s”. "
                    "Choose “Only the members I tick below” to invite just those."
                )
                % {"choice": dict(self.fields["which_members"].choices)[which]}
            )
        if which == self.ALL:
            data["members"] = list(self.fields["members"].queryset)
        if not data.get("members") and not data.get("extra"):
            raise ValidationError(_("Choose at least one organisation."))
        return data


class SignForm(forms.Form):
    name = PrintedField(
        label=gettext_lazy("Name of the organisation as it will be printed"),
        min_length=2,
        max_length=MAX_PRINTED_NAME_CHARS,
    )
    country = PrintedField(
        label=gettext_lazy("Country as printed"), required=False, max_length=limits.MAX_COUNTRY_CHARS
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Contact person"),
        max_length=200,
        validators=[validate_no_markup],
        help_text=gettext_lazy("Private: never shown publicly or in the PDF."),
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("Contact email"),
        max_length=254,
        help_text=gettext_lazy("Private. We send the confirmation here."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment to the coordinators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_for(cls, organisation, user=None):
        initial = {"name": organisation.name, "country": organisation.country.name if organisation.country else ""}
        if user is not None and user.is_authenticated:
            initial["contact_name"] = user.get_full_name() or user.get_username()
            initial["contact_email"] = user.email
        return initial


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional, for the coordinators)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if getattr(obj, "is_member", False):
            return _("%(name)s (member)") % {"name": obj.name}
        return obj.name


class AddSignatureForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none: a person signs —"),
        help_text=gettext_lazy("Members of the network are listed first. Leave empty when a person signs."),
    )
    name = PrintedField(
        label=gettext_lazy("Name as printed"),
        required=False,
        max_length=MAX_PRINTED_NAME_CHARS,
        help_text=gettext_lazy("Leave empty to print the organisation's name; required for a person."),
    )
    country = PrintedField(
        label=gettext_lazy("Country as printed"), required=False, max_length=limits.MAX_COUNTRY_CHARS
    )
    is_initiator = forms.BooleanField(label=gettext_lazy("Initiator"), required=False)
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional, for the coordinators)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Contact person (optional)"),
        required=False,
        max_length=200,
        validators=[validate_no_markup],
        help_text=gettext_lazy("Private: shown only to the coordinators, never publicly or in the PDF."),
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("Contact email (optional)"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Private. A confirmation is sent here."),
    )

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        signed = statement.signatures.filter(status=Signature.Status.CONFIRMED, organisation__isnull=False)
        member = Membership.objects.filter(network=statement.network, active=True, organisation=OuterRef("pk"))
        # Only names this coordinator may know: the network's members, the organisations invited to this
        # statement, and those with public signatures. Another network's invitees stay unseen.
        known = (
            Q(memberships__network=statement.network)
            | Q(invitations__statement=statement)
            | Q(pk__in=public_organisations().values("pk"))
        )
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(known)
            .exclude(pk__in=signed.values("organisation_id"))
            .distinct()
            .annotate(is_member=Exists(member))
            .order_by("-is_member", "name")
        )

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        if organisation is not None:
            data["name"] = data.get("name") or organisation.name
            if not data.get("country") and organisation.country:
                data["country"] = organisation.country.name
        elif not self.has_error("name") and not data.get("name"):
            self.add_error("name", _("Choose an organisation, or write the name of the person who signs."))
        return data


class OrderForm(forms.Form):
    order = forms.ChoiceField(label=gettext_lazy("Order of the list"), choices=Statement.SignatoryOrder.choices)
    initiators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Initiators (printed first)"),
        queryset=Signature.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.signatures = list(statement.signatures.filter(status=Signature.Status.CONFIRMED, is_additional=False))
        self.fields["initiators"].queryset = statement.signatures.filter(status=Signature.Status.CONFIRMED)
        self.fields["order"].initial = statement.signatory_order
        self.fields["initiators"].initial = [s.pk for s in self.signatures if s.is_initiator]
        for signature in self.signatures:
            self.fields[f"pos_{signature.pk}"] = forms.IntegerField(
                label=signature.printed(),
                min_value=1,
                max_value=limits.MAX_SIGNATORIES,
                initial=signature.position,
                required=False,
            )

    def sequence(self):
        """Signature ids in the order of the numbers typed (used when the order is manual)."""
        numbered = [(self.cleaned_data.get(f"pos_{s.pk}") or 10**6, s.position, s.pk) for s in self.signatures]
        return [pk for _n, _p, pk in sorted(numbered)]


class WithdrawStatementForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why it is withdrawn (shown on the public page)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of the workflow screens. Forms check input; statements.workflow decides what may happen."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Membership, Organisation
from statements import body as body_module
from statements import limits
from statements.models import Case, Signature, Statement
from statements.models.statement import PUBLIC_STATUSES
from statements.publicity import public_organisations

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


class StatementForm(forms.ModelForm):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = Statement
        fields = [
            "title",
            "date",
            "language",
            "body",
            "cases",
            "signing_deadline",
            "close_at_deadline",
            "signatory_order",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "signing_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "body": forms.Textarea(attrs={"rows": 18}),
            "cases": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        network = network or (self.instance.network if self.instance.network_id else None)
        # Public cases and this network's own: another network's drafts may be about cases not yet public.
        visible = Q(statements__status__in=PUBLIC_STATUSES)
        if network is not None:
            visible |= Q(statements__network=network) | Q(network=network)
        self.fields["cases"].queryset = Case.objects.filter(visible).distinct().order_by("title")
        self.fields["cases"].required = False


class CorrectionForm(forms.ModelForm):
    change_note = forms.CharField(
        label=gettext_lazy("What changed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Shown with the new version, e.g. “Corrected the date of the verdict in note 3.”"),
    )

    class Meta:
        model = Statement
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}


class NoteForm(forms.Form):
    key = forms.RegexField(
        label=gettext_lazy("Key"),
        regex=body_module.VALID_KEY,
        max_length=40,
        error_messages={"invalid": gettext_lazy("Use letters, digits, - and _ only.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Text"), max_length=limits.MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    urls = forms.CharField(
        label=gettext_lazy("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text=gettext_lazy("One per line; those not in the text are printed after it."),
    )

    def clean_urls(self):
        urls = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        validate_note_urls(urls)
        return urls


def validate_note_urls(urls):
    """A note's links: few, not too long, http(s) only. Shared with the admin (statements/admin.py)."""
    if len(urls) > limits.MAX_URLS_PER_NOTE:
        raise ValidationError(_("At most %(n)d links per note.") % {"n": limits.MAX_URLS_PER_NOTE})
    check = URLValidator(schemes=["http", "https"])
    for url in urls:
        if len(url) > limits.MAX_URL_CHARS:
            raise ValidationError(_("A link is longer than %(n)d characters.") % {"n": limits.MAX_URL_CHARS})
        check(url)


class BaseNoteFormSet(forms.BaseFormSet):
    def clean(self):
        keys = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = form.cleaned_data.get("key")
            if key in keys:
                raise ValidationError(_("Two notes have the key “%(key)s”.") % {"key": key})
            keys.add(key)

    def notes(self):
        """Kept notes as dicts, in the order the coordinator numbered them (unnumbered ones last)."""
        kept = [
            (form.cleaned_data.get("ORDER") or 10**6, index, form.cleaned_data)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda item: (item[0], item[1]))
        return [{"key": d["key"], "text": d["text"], "urls": d["urls"]} for _order, _index, d in kept]


NoteFormSet = forms.formset_factory(
    NoteForm,
    formset=BaseNoteFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
    max_num=limits.MAX_NOTES,
    validate_max=True,
    absolute_max=limits.MAX_NOTES + 10,
)


def note_initial(statement):
    return [
        {"key": n.key, "text": n.text, "urls": "\n".join(n.urls), "ORDER": i}
        for i, n in enumerate(statement.notes.order_by("position", "id"), 1)
    ]


class TextEditor:
    """A statement form and its notes, valid only when the body's note calls and the notes fit together."""

    def __init__(self, form_class, data=None, *, instance=None, initial_notes=(), **form_kwargs):
        self.form = form_class(data, instance=instance, **form_kwargs)
        self.notes = NoteFormSet(data, prefix="notes", initial=list(initial_notes))

    def is_valid(self):
        valid = self.form.is_valid() & self.notes.is_valid()
        if valid:
            body = self.form.cleaned_data["body"]
            notes = self.notes.notes()
            for message in body_module.validate(body, [n["key"] for n in notes]):
                self.form.add_error("body", message)
            valid = not self.form.errors
            if not valid:
                self._offer_rows_for_missing_notes(body, notes)
        return valid

    def _offer_rows_for_missing_notes(self, body, notes):
        """Give every call without a note a row with its key filled in, so the fix is one step, not a re-save."""
        known = {n["key"] for n in notes}
        called = body_module.note_numbers(body_module.split_paragraphs(body))
        missing = [key for key in called if key not in known and body_module.VALID_KEY.match(key)]
        if missing:
            rows = [{"key": n["key"], "text": n["text"], "urls": "\n".join(n["urls"])} for n in notes]
            rows += [{"key": key} for key in missing]
            self.notes = NoteFormSet(prefix="notes", initial=[{**row, "ORDER": i} for i, row in enumerate(rows, 1)])

    def fields(self):
        data = dict(self.form.cleaned_data)
        data.pop("cases", None)
        data.pop("change_note", None)
        return data


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members of the network"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
        self.fields["members"].initial = list(members.values_list("pk", flat=True))
        self.fields["extra"].queryset = Organisation.objects.exclude(pk__in=invited).exclude(
            memberships__network=statement.network
        )

    def organisations(self):
        return list(self.cleaned_data["members"]) + list(self.cleaned_data["extra"])

    def clean(self):
        data = super().clean()
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

"""The statement editor: the statement (or correction) form and its note rows, valid only when they fit together."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from statements import body as body_module
from statements import limits
from statements.models import Case, Statement
from statements.models.statement import PUBLIC_STATUSES


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
    # Required only for a key the body calls (see clean): a row left empty for a call since removed is dropped.
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        max_length=limits.MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    urls = forms.CharField(
        label=gettext_lazy("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text=gettext_lazy("One per line; those not in the text are printed after it."),
    )

    def __init__(self, *args, called_keys=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The keys the submitted body calls; None when unknown, and then every row needs its text.
        self.called_keys = called_keys

    def clean_urls(self):
        urls = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        validate_note_urls(urls)
        return urls

    def clean(self):
        data = super().clean()
        if not data.get("text") and not self.has_error("text"):
            if self.called_keys is not None and data.get("key") not in self.called_keys:
                # Never written and no longer called (typically the row offered for a call the coordinator then
                # removed instead): nothing to keep, nothing to complain about.
                data["DROPPED"] = True
            else:
                self.add_error("text", forms.Field.default_error_messages["required"])
        return data


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
            if not form.cleaned_data or form.cleaned_data.get("DELETE") or form.cleaned_data.get("DROPPED"):
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
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.cleaned_data.get("DROPPED")
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


def called_keys(data):
    """The note keys the submitted body calls, or None before anything is submitted."""
    if data is None:
        return None
    return set(body_module.note_numbers(body_module.split_paragraphs(data.get("body", ""))))


class TextEditor:
    """A statement form and its notes, valid only when the body's note calls and the notes fit together."""

    def __init__(self, form_class, data=None, *, instance=None, initial_notes=(), **form_kwargs):
        self.form = form_class(data, instance=instance, **form_kwargs)
        self.notes = NoteFormSet(
            data, prefix="notes", initial=list(initial_notes), form_kwargs={"called_keys": called_keys(data)}
        )

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

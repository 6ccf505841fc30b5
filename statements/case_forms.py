"""Forms of the coordinators' case screens: the case, its people and its dated events on one page.

Text is bounded but markup is not refused: names of courts or people are plain text, stored as typed and
escaped wherever they are shown (templates autoescape).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from statements.models import Case, CaseEvent, Person

# The service applies exactly the fields the forms edit (and the audit names them): one list for both.
from statements.workflow.cases import CASE_FIELDS, EVENT_FIELDS, PERSON_FIELDS

MAX_SUMMARY_CHARS = 5_000
MAX_DESCRIPTION_CHARS = 2_000
MAX_PEOPLE = 50
MAX_EVENTS = 100


class CaseForm(forms.ModelForm):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=MAX_SUMMARY_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Always public, even for a sensitive case."),
    )

    class Meta:
        model = Case
        fields = list(CASE_FIELDS)
        labels = {"status": _("Status"), "details_public": _("Show details publicly")}
        help_texts = {
            "is_sensitive": _("Hide the people and the timeline from the public."),
            "details_public": _(
                "Only for a sensitive case: show its people and timeline publicly after all. Tick this only once "
                "the people concerned (or their lawyers) agree."
            ),
        }


class PersonForm(forms.ModelForm):
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=MAX_DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)


class EventForm(forms.ModelForm):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sentence = forms.CharField(
        label=_("Sentence"), required=False, max_length=MAX_DESCRIPTION_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = CaseEvent
        fields = list(EVENT_FIELDS)
        labels = {
            "kind": _("Kind"),
            "date": _("Date"),
            "date_precision": _("Precision of the date"),
            "date_label": _("Date as written"),
            "court": _("Court"),
            "judge": _("Judge"),
            "legal_provisions": _("Legal provisions"),
        }
        help_texts = {"date": _("For a vague date, give any day in it and choose the precision.")}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class RowsFormSet(forms.BaseInlineFormSet):
    def rows(self):
        """The kept rows as dicts with their "id" (None for new ones), in the order the coordinator chose."""
        kept = [
            (form.cleaned_data.get("ORDER") or 10**6, index, form)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda item: (item[0], item[1]))
        rows = []
        for _order, _index, form in kept:
            row = {name: form.cleaned_data[name] for name in form._meta.fields}
            # The form's own instance, not the posted id: a tampered id of another case's row becomes a new row.
            row["id"] = None if form.instance._state.adding else form.instance.pk
            rows.append(row)
        return rows


def _formset(form, count, **options):
    return forms.inlineformset_factory(
        Case,
        form.Meta.model,
        form=form,
        formset=RowsFormSet,
        extra=2,
        can_delete=True,
        max_num=count,
        validate_max=True,
        absolute_max=count + 10,
        **options,
    )


PersonFormSet = _formset(PersonForm, MAX_PEOPLE, can_order=True)
EventFormSet = _formset(EventForm, MAX_EVENTS)


class CaseEditor:
    """The case form with its people and events; valid only when all three are."""

    def __init__(self, data=None, *, instance=None):
        instance = instance if instance is not None else Case()
        self.form = CaseForm(data, instance=instance)
        self.people = PersonFormSet(data, instance=instance, prefix="people")
        self.events = EventFormSet(data, instance=instance, prefix="events")

    def is_valid(self):
        return self.form.is_valid() & self.people.is_valid() & self.events.is_valid()

    def changes(self):
        """Keyword arguments for statements.workflow.cases.create_case / update_case."""
        fields = {name: self.form.cleaned_data[name] for name in CaseForm.Meta.fields}
        return {"fields": fields, "people": self.people.rows(), "events": self.events.rows()}

"""An error summary for long forms: every problem once, at the top, each linking to its field."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _form_errors(form, prefix=""):
    for message in form.non_field_errors():
        yield {"label": prefix, "message": message, "anchor": ""}
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        field = form[name]
        label = f"{prefix} · {field.label}" if prefix else str(field.label)
        for message in errors:
            yield {"label": label, "message": message, "anchor": field.id_for_label or field.auto_id}


@register.simple_tag
def error_summary(form, *formsets):
    """Problems of a bound form and its formsets: `{% error_summary form rows _("Note") rows_anchor as problems %}`.

    The formsets come in threes: the formset, what one row is called, and the id of its fieldset (for the
    problems of the rows together, like two notes with the same key).
    """
    problems = list(_form_errors(form)) if form.is_bound else []
    for formset, row_name, anchor in zip(formsets[::3], formsets[1::3], formsets[2::3], strict=True):
        if not formset.is_bound:
            continue
        for message in formset.non_form_errors():
            problems.append({"label": "", "message": message, "anchor": anchor})
        for number, row in enumerate(formset.forms, 1):
            row_label = _("%(row)s %(n)d") % {"row": row_name, "n": number}
            problems.extend(_form_errors(row, row_label))
    return problems

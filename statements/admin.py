from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from statements import body as body_module
from statements.forms import validate_note_urls, validate_printed_text
from statements.models import (
    AuditEntry,
    Case,
    CaseEvent,
    Invitation,
    Note,
    Person,
    PublishedVersion,
    Signature,
    Statement,
)
from statements.models.statement import PUBLIC_STATUSES


class FrozenOncePublishedInline:
    """A published statement changes only through a correction (a new version); the admin must not bypass it."""

    def _frozen(self, obj):
        return obj is not None and obj.is_public

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class NoteAdminForm(forms.ModelForm):
    """The checks of the coordinators' note form (statements/forms.py), applied to the admin's note rows."""

    class Meta:
        model = Note
        fields = ["position", "key", "text", "urls"]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if not body_module.VALID_KEY.match(key):
            raise ValidationError(_("Use letters, digits, - and _ only."))
        return key

    def clean_urls(self):
        urls = self.cleaned_data["urls"] or []
        if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
            raise ValidationError(_('Write the links as a list of addresses, e.g. ["https://example.org/"].'))
        urls = [url.strip() for url in urls if url.strip()]
        validate_note_urls(urls)
        return urls


class NoteInlineFormSet(BaseInlineFormSet):
    """The body and its notes must fit together, as in the coordinators' editor (statements.body.validate).

    The admin validates the statement form first and assigns its cleaned values to the instance, so
    self.instance.body is the body being saved.
    """

    def clean(self):
        super().clean()
        if self.instance.is_public or any(self.errors):
            return
        keys = [
            form.cleaned_data["key"]
            for form in self.forms
            if form.cleaned_data.get("key") and not form.cleaned_data.get("DELETE")
        ]
        problems = body_module.validate(self.instance.body or "", keys)
        if problems:
            raise ValidationError(problems)


class NoteInline(FrozenOncePublishedInline, admin.TabularInline):
    model = Note
    form = NoteAdminForm
    formset = NoteInlineFormSet
    extra = 0
    fields = ["position", "key", "text", "urls"]


class SignatureAdminForm(forms.ModelForm):
    """Printed names get the signing form's checks: no markup, links, formulas or control characters."""

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        validate_printed_text(name)
        return name


class SignatureInline(FrozenOncePublishedInline, admin.TabularInline):
    model = Signature
    form = SignatureAdminForm
    extra = 0
    fields = ["position", "organisation", "name", "country", "status", "source", "is_initiator", "is_additional"]
    autocomplete_fields = ["organisation"]
    ordering = ["is_additional", "position", "id"]


PUBLIC_STATEMENT_NOTICE = gettext_lazy(
    "This statement is public: it changes only through a correction on its page (a new version with a note), "
    "and is withdrawn there rather than deleted."
)


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "date", "status", "language"]
    list_filter = ["status", "network", "language"]
    search_fields = ["title", "body", "slug"]
    date_hierarchy = "date"
    readonly_fields = ["status", "created_at", "updated_at", "published_at", "withdrawn_at"]
    filter_horizontal = ["cases"]
    inlines = [NoteInline, SignatureInline]

    # A public statement is view-only here: every field (cases, deadline, withdrawal note too) belongs to what was
    # published, and the workflow (statements/workflow) is the only way to change or withdraw it.
    def has_change_permission(self, request, obj=None):
        return not (obj is not None and obj.is_public) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.is_public) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_public and request.method == "GET":
            messages.info(request, PUBLIC_STATEMENT_NOTICE)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    form = SignatureAdminForm
    list_display = ["name", "country", "statement", "status", "source", "position"]
    list_filter = ["status", "source", "statement__network"]
    search_fields = ["name", "statement__title"]
    ordering = ["statement", "is_additional", "position"]

    # The printed list of a public statement is part of what was published; late signatures go through the
    # workflow, which adds a new version.
    def has_change_permission(self, request, obj=None):
        return not (obj is not None and obj.statement.is_public) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.statement.is_public) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "statement":
            kwargs["queryset"] = Statement.objects.exclude(status__in=PUBLIC_STATUSES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "statement", "status", "sent_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "statement__title"]
    exclude = ["token_hash"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(admin.ModelAdmin):
    list_display = ["statement", "number", "size", "sha256", "created_at"]
    readonly_fields = [f.name for f in PublishedVersion._meta.fields]

    # Versions are rendered by the workflow, never uploaded, edited or deleted: their PDF URLs are permanent.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "statement", "actor", "from_status", "to_status"]
    list_filter = ["action", "network"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0


class CaseEventInline(admin.StackedInline):
    model = CaseEvent
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "country", "status", "is_sensitive"]
    list_filter = ["country", "status", "is_sensitive"]
    search_fields = ["title", "people__name", "people__other_spellings"]
    inlines = [PersonInline, CaseEventInline]

from django.contrib import admin

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


class NoteInline(FrozenOncePublishedInline, admin.TabularInline):
    model = Note
    extra = 0
    fields = ["position", "key", "text", "urls"]


class SignatureInline(FrozenOncePublishedInline, admin.TabularInline):
    model = Signature
    extra = 0
    fields = ["position", "organisation", "name", "country", "status", "source", "is_initiator", "is_additional"]
    autocomplete_fields = ["organisation"]
    ordering = ["is_additional", "position", "id"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "date", "status", "language"]
    list_filter = ["status", "network", "language"]
    search_fields = ["title", "body", "slug"]
    date_hierarchy = "date"
    readonly_fields = ["status", "created_at", "updated_at", "published_at", "withdrawn_at"]
    filter_horizontal = ["cases"]
    inlines = [NoteInline, SignatureInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_public:
            fields += ["network", "title", "slug", "date", "language", "body", "signatory_order"]
        return fields


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "statement", "status", "source", "position"]
    list_filter = ["status", "source", "statement__network"]
    search_fields = ["name", "statement__title"]
    ordering = ["statement", "is_additional", "position"]


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

    def has_change_permission(self, request, obj=None):
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

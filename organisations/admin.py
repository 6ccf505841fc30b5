from django.contrib import admin

from organisations.models import HouseStyle, Membership, Network, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(HouseStyle)
class HouseStyleAdmin(admin.ModelAdmin):
    list_display = ["name", "page_size", "font_family", "body_size", "notes_placement"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "house_style"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["coordinators"]
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "city"]
    list_filter = ["country", "memberships__network"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["representatives"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "kind", "since", "active"]
    list_filter = ["network", "kind", "active"]
    search_fields = ["organisation__name"]

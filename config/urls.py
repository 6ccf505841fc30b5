from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from statements.ratelimit import ThrottledPasswordResetView
from statements.sitemaps import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own URL of the same name: reset emails are rate-limited (statements/ratelimit.py).
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("", include("statements.urls")),
    path("", include("organisations.urls")),
]

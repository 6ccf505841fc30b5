from django.urls import include, path

# Each area keeps its own routes; the order matters only where patterns could overlap.
urlpatterns = [
    path("", include("statements.urls_downloads")),
    path("", include("statements.urls_workflow")),
    path("", include("statements.urls_public")),
]

from django.urls import path

from statements.views import public

urlpatterns = [
    path("dashboard/", public.dashboard, name="dashboard"),
]

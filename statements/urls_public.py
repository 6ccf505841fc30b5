from django.urls import path

from statements.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("statements/<slug:slug>/", public.statement_detail, name="statement_detail"),
    path("cases/<slug:slug>/", public.case_detail, name="case_detail"),
]

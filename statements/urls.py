from django.urls import path

from statements.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("statements/<slug:slug>/", public.statement_detail, name="statement_detail"),
    path("statements/<slug:slug>.pdf", public.statement_pdf, name="statement_pdf"),
    path("statements/<slug:slug>/v<int:number>.pdf", public.statement_version_pdf, name="statement_version_pdf"),
    path("cases/<slug:slug>/", public.case_detail, name="case_detail"),
    path("dashboard/", public.dashboard, name="dashboard"),
]

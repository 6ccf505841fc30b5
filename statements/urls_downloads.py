from django.urls import path

from statements.views import downloads

urlpatterns = [
    path("statements/<slug:slug>.pdf", downloads.statement_pdf, name="statement_pdf"),
    path("statements/<slug:slug>/v<int:number>.pdf", downloads.statement_version_pdf, name="statement_version_pdf"),
]

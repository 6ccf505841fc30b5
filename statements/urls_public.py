from django.urls import path

from statements.feeds import StatementFeed
from statements.views import public

# These addresses are printed in PDFs and cited by others: once published they never change.
urlpatterns = [
    path("", public.home, name="home"),
    path("statements/", public.statement_list, name="statement_list"),
    path("statements/<slug:slug>/", public.statement_detail, name="statement_detail"),
    path("statements/<slug:slug>.json", public.statement_json, name="statement_json"),
    path("cases/", public.case_list, name="case_list"),
    path("cases/<slug:slug>/", public.case_detail, name="case_detail"),
    path("feed/", StatementFeed(), name="statement_feed"),
]

from django.urls import path

from statements.views import cases, coordinate, coordinate_publish, coordinate_signatures, dashboard, sign

c = coordinate
t = coordinate_signatures  # the tracker's actions

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/audit/<slug:network_slug>/", dashboard.network_audit, name="network_audit"),
    path("coordinate/cases/", cases.case_list, name="coordinate_cases"),
    path("coordinate/cases/new/<slug:network_slug>/", cases.case_new, name="coordinate_case_new"),
    path("coordinate/cases/<int:pk>/", cases.case_edit, name="coordinate_case"),
    path("dashboard/sign/<int:statement_pk>/<int:organisation_pk>/", sign.dashboard_sign, name="dashboard_sign"),
    path("sign/invitation/<int:pk>/", sign.sign_invitation, name="sign_invitation"),
    path("sign/<slug:token>/", sign.sign_token, name="sign_token"),
    path("coordinate/new/<slug:network_slug>/", c.statement_new, name="coordinate_new"),
    path("coordinate/<int:pk>/", c.statement_overview, name="coordinate_statement"),
    path("coordinate/<int:pk>/edit/", c.statement_edit, name="coordinate_edit"),
    path("coordinate/<int:pk>/preview/", c.statement_preview, name="coordinate_preview"),
    path("coordinate/<int:pk>/preview.pdf", c.statement_preview_pdf, name="coordinate_preview_pdf"),
    path("coordinate/<int:pk>/open/", c.statement_transition, {"action": "open"}, name="coordinate_open"),
    path("coordinate/<int:pk>/close/", c.statement_transition, {"action": "close"}, name="coordinate_close"),
    path("coordinate/<int:pk>/reopen/", c.statement_transition, {"action": "reopen"}, name="coordinate_reopen"),
    path("coordinate/<int:pk>/publish/", coordinate_publish.statement_publish, name="coordinate_publish"),
    path("coordinate/<int:pk>/invite/", c.statement_invite, name="coordinate_invite"),
    path("coordinate/<int:pk>/remind/", t.statement_remind_all, name="coordinate_remind_all"),
    path(
        "coordinate/<int:pk>/invitations/<int:invitation_pk>/remind/",
        t.invitation_remind,
        name="coordinate_remind",
    ),
    path("coordinate/<int:pk>/signatures/add/", t.signature_add, name="coordinate_add_signature"),
    path(
        "coordinate/<int:pk>/signatures/<int:signature_pk>/withdraw/",
        t.signature_withdraw,
        name="coordinate_withdraw_signature",
    ),
    path(
        "coordinate/<int:pk>/signatures/<int:signature_pk>/confirm/",
        t.signature_confirm,
        name="coordinate_confirm_signature",
    ),
    path("coordinate/<int:pk>/order/", c.statement_order, name="coordinate_order"),
    path("coordinate/<int:pk>/correct/", c.statement_correct, name="coordinate_correct"),
    path("coordinate/<int:pk>/withdraw/", c.statement_withdraw, name="coordinate_withdraw"),
]

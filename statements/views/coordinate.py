"""Coordinators' screens: write, invite, track, close, order, publish, correct, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from statements import access, body, content, ratelimit, workflow
from statements.forms import (
    AddSignatureForm,
    CorrectionForm,
    InviteForm,
    OrderForm,
    StatementForm,
    TextEditor,
    WithdrawStatementForm,
    note_initial,
)
from statements.models import AuditEntry, Signature, Statement

Status = Statement.Status
# Recent refusals and delivery failures shown on the overview; the full history is on the network's audit page.
WARNINGS_SHOWN = 20
TRANSITIONS = {
    "open": (workflow.open_for_signatures, gettext_lazy("The statement is open for signatures.")),
    "close": (workflow.close, gettext_lazy("The list is closed.")),
    "reopen": (workflow.reopen, gettext_lazy("The statement is open for signatures again.")),
    "publish": (workflow.publish, gettext_lazy("Published.")),
}


def _overview(statement):
    return redirect("coordinate_statement", statement.pk)


def _data(request):
    # Not `request.POST or None`: an empty POST must still be a bound, invalid form.
    return request.POST if request.method == "POST" else None


def _refused(request, error):
    messages.error(request, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def statement_new(request, network_slug):
    network = access.coordinated_network(request, network_slug)
    editor = TextEditor(StatementForm, _data(request))
    if request.method == "POST" and editor.is_valid():
        try:
            statement = workflow.create_statement(
                network,
                request.user,
                fields=editor.fields(),
                notes=editor.notes.notes(),
                cases=editor.form.cleaned_data["cases"],
            )
        except workflow.WorkflowError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Draft saved."))
            return _overview(statement)
    return render(request, "statements/coordinate/edit.html", {"network": network, "editor": editor})


@login_required
def statement_overview(request, pk):
    statement = access.coordinated_statement(request, pk)
    current = statement.revision_hash()
    signatures = list(
        statement.signatures.select_related("organisation").order_by("status", "is_additional", "position", "id")
    )
    for signature in signatures:
        signature.outdated = signature.signed_an_older_text(current, statement.status)
    invitations = list(statement.invitations.select_related("organisation"))
    counts = {
        "invited": len(invitations),
        "signed": sum(s.status == Signature.Status.CONFIRMED for s in signatures),
        "declined": sum(i.status == "declined" for i in invitations),
        "outdated": sum(s.outdated for s in signatures),
    }
    warnings = statement.audit_entries.filter(
        action__in=(AuditEntry.Action.RATE_LIMITED, AuditEntry.Action.EMAIL_FAILED)
    ).select_related("actor")
    return render(
        request,
        "statements/coordinate/overview.html",
        {
            "statement": statement,
            "signatures": signatures,
            "invitations": invitations,
            "counts": counts,
            "versions": statement.versions.order_by("-number"),
            "warnings": list(warnings[:WARNINGS_SHOWN]),
            "warning_count": warnings.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request, pk):
    statement = access.coordinated_statement(request, pk)
    if statement.status not in (Status.DRAFT, Status.OPEN, Status.CLOSED):
        return redirect("coordinate_correct", statement.pk)
    editor = TextEditor(StatementForm, _data(request), instance=statement, initial_notes=note_initial(statement))
    if request.method == "POST" and editor.is_valid():
        try:
            workflow.update_text(
                statement,
                request.user,
                fields=editor.fields(),
                notes=editor.notes.notes(),
                cases=editor.form.cleaned_data["cases"],
            )
        except workflow.WorkflowError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Saved."))
            return _overview(statement)
    return render(
        request,
        "statements/coordinate/edit.html",
        {
            "statement": statement,
            "network": statement.network,
            "editor": editor,
        },
    )


@login_required
def statement_preview(request, pk):
    statement = access.coordinated_statement(request, pk)
    return render(
        request,
        "statements/coordinate/preview.html",
        {
            "statement": statement,
            "content": content.for_statement(statement),
            "problems": body.validate(statement.body, [n.key for n in statement.notes.all()]),
        },
    )


@login_required
def statement_preview_pdf(request, pk):
    from statements.pdf.render import render_statement_pdf

    statement = access.coordinated_statement(request, pk)
    response = HttpResponse(render_statement_pdf(statement, draft=True), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-{statement.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def statement_transition(request, pk, action):
    statement = access.coordinated_statement(request, pk)
    service, done = TRANSITIONS[action]
    try:
        service(statement, request.user)
    except workflow.WorkflowError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return _overview(statement)


@login_required
@require_http_methods(["GET", "POST"])
def statement_invite(request, pk):
    statement = access.coordinated_statement(request, pk)
    form = InviteForm(_data(request), statement=statement)
    if request.method == "POST" and form.is_valid():
        try:
            invited, skipped = workflow.invite(statement, request.user, form.organisations())
        except workflow.WorkflowError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Invited %(n)d organisation(s).") % {"n": len(invited)})
            if skipped:
                messages.warning(
                    request,
                    _("Not invited (already invited or no email address): %(names)s")
                    % {"names": ", ".join(o.name for o in skipped)},
                )
            return _overview(statement)
    return render(request, "statements/coordinate/invite.html", {"statement": statement, "form": form})


@login_required
@require_POST
def invitation_remind(request, pk, invitation_pk):
    statement = access.coordinated_statement(request, pk)
    invitation = access.coordinated_invitation(request, statement, invitation_pk)
    exceeded = ratelimit.check_reminder(request, [invitation.email])
    if exceeded is not None:
        return ratelimit.refuse(request, statement, exceeded, organisation=invitation.organisation, user=request.user)
    try:
        workflow.remind(invitation, request.user)
    except workflow.WorkflowError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Reminder sent to %(org)s.") % {"org": invitation.organisation})
    return _overview(statement)


@login_required
@require_POST
def statement_remind_all(request, pk):
    statement = access.coordinated_statement(request, pk)
    if statement.status != Status.OPEN:
        messages.error(request, _("Reminders can only be sent while the statement is open for signatures."))
        return _overview(statement)
    exceeded = ratelimit.count_address(request, "remind", "remind")
    if exceeded is not None:
        return ratelimit.refuse(request, statement, exceeded, user=request.user)
    gate = ratelimit.ReminderGate(request, statement)
    count = workflow.remind_unanswered(statement, request.user, allow=gate.allow)
    messages.success(request, _("Sent %(n)d reminder(s); nobody is reminded twice in a day.") % {"n": count})
    if gate.refused:
        messages.warning(
            request,
            _("Not reminded, too many emails to their mail domain just now (try again later): %(names)s")
            % {"names": ", ".join(o.name for o in gate.refused)},
        )
    return _overview(statement)


@login_required
@require_http_methods(["GET", "POST"])
def signature_add(request, pk):
    statement = access.coordinated_statement(request, pk)
    form = AddSignatureForm(_data(request), statement=statement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.add_signature_by_hand(
                statement,
                request.user,
                organisation=data["organisation"],
                name=data["name"],
                country=data["country"],
                is_initiator=data["is_initiator"],
            )
        except workflow.WorkflowError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Signature added."))
            return _overview(statement)
    return render(request, "statements/coordinate/add_signature.html", {"statement": statement, "form": form})


@login_required
@require_POST
def signature_withdraw(request, pk, signature_pk):
    statement = access.coordinated_statement(request, pk)
    signature = access.coordinated_signature(request, statement, signature_pk)
    try:
        workflow.withdraw_signature(signature, user=request.user, by_coordinator=True)
    except workflow.WorkflowError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Signature of %(name)s withdrawn.") % {"name": signature.name})
    return _overview(statement)


@login_required
@require_http_methods(["GET", "POST"])
def statement_order(request, pk):
    statement = access.coordinated_statement(request, pk)
    form = OrderForm(_data(request), statement=statement)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.reorder(
                statement,
                request.user,
                order=form.cleaned_data["order"],
                sequence=form.sequence(),
                initiators=[s.pk for s in form.cleaned_data["initiators"]],
            )
        except workflow.WorkflowError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Order saved."))
            return _overview(statement)
    return render(request, "statements/coordinate/order.html", {"statement": statement, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def statement_correct(request, pk):
    statement = access.coordinated_statement(request, pk)
    editor = TextEditor(CorrectionForm, _data(request), instance=statement, initial_notes=note_initial(statement))
    if request.method == "POST" and editor.is_valid():
        try:
            workflow.correct(
                statement,
                request.user,
                fields=editor.fields(),
                notes=editor.notes.notes(),
                change_note=editor.form.cleaned_data["change_note"],
            )
        except workflow.WorkflowError as error:
            statement.refresh_from_db()
            _refused(request, error)
        else:
            messages.success(request, _("Correction published as a new version."))
            return _overview(statement)
    return render(
        request,
        "statements/coordinate/edit.html",
        {
            "statement": statement,
            "network": statement.network,
            "editor": editor,
            "correction": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_withdraw(request, pk):
    statement = access.coordinated_statement(request, pk)
    form = WithdrawStatementForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw_statement(statement, request.user, note=form.cleaned_data["note"])
        except workflow.WorkflowError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The statement is withdrawn."))
            return _overview(statement)
    return render(request, "statements/coordinate/withdraw.html", {"statement": statement, "form": form})

"""Coordinators' screens: write, invite, track, close, order, correct, withdraw (publishing: coordinate_publish)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from statements import access, body, content, limits, workflow
from statements.forms import InviteForm, OrderForm, WithdrawStatementForm
from statements.models import AuditEntry, Signature, Statement
from statements.pdf.fonts import PdfFontError
from statements.pdf.render import PdfInputError
from statements.text_forms import CorrectionForm, StatementForm, TextEditor, note_initial
from statements.workflow.invitations import can_remind

Status = Statement.Status
# Recent refusals and delivery failures shown on the overview; the full history is on the network's audit page.
WARNINGS_SHOWN = 20
TRANSITIONS = {
    "open": (workflow.open_for_signatures, gettext_lazy("The statement is open for signatures.")),
    "close": (workflow.close, gettext_lazy("The list is closed.")),
    "reopen": (workflow.reopen, gettext_lazy("The statement is open for signatures again.")),
}


def to_overview(statement):
    return redirect("coordinate_statement", statement.pk)


def form_data(request):
    # Not `request.POST or None`: an empty POST must still be a bound, invalid form.
    return request.POST if request.method == "POST" else None


def show_refusal(request, error):
    messages.error(request, error.message)


# Which states each action form can succeed in; elsewhere the form is not shown at all.
FORM_STATES = {
    "invite": ((Status.OPEN,), gettext_lazy("Organisations can be invited only while the statement is open.")),
    "add_signature": (
        (Status.OPEN, Status.PUBLISHED),
        gettext_lazy("Signatures can be added while the statement is open, or as late signatures once published."),
    ),
    "order": ((Status.OPEN, Status.CLOSED), gettext_lazy("The list can be ordered only until publication.")),
    "publish": ((Status.CLOSED,), gettext_lazy("Only a closed list can be published: close the list first.")),
    "correct": ((Status.PUBLISHED,), gettext_lazy("Only a published statement can be corrected.")),
    "withdraw": ((Status.PUBLISHED,), gettext_lazy("Only a published statement can be withdrawn.")),
    "edit": (
        (Status.DRAFT, Status.OPEN, Status.CLOSED),
        gettext_lazy("A withdrawn statement can no longer be changed."),
    ),
}


def wrong_state(request, statement, form):
    """A redirect to the overview with a message when the form cannot succeed in the statement's state, else None."""
    states, message = FORM_STATES[form]
    if statement.status in states:
        return None
    messages.error(request, message)
    return to_overview(statement)


@login_required
@require_http_methods(["GET", "POST"])
def statement_new(request, network_slug):
    network = access.coordinated_network(request, network_slug)
    editor = TextEditor(StatementForm, form_data(request), network=network)
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
            show_refusal(request, error)
        else:
            messages.success(request, _("Draft saved."))
            return to_overview(statement)
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
    now = timezone.now()
    deadline_passed = statement.signing_deadline is not None and statement.signing_deadline <= now
    invitations = list(statement.invitations.select_related("organisation"))
    for invitation in invitations:
        invitation.can_remind = statement.status == Status.OPEN and not deadline_passed and can_remind(invitation, now)
        invitation.no_answer = invitation.is_unanswered and (deadline_passed or statement.status != Status.OPEN)
    counts = {
        "invited": len(invitations),
        "signed": sum(s.status == Signature.Status.CONFIRMED for s in signatures),
        "declined": sum(i.status == "declined" for i in invitations),
        "no_answer": sum(i.no_answer for i in invitations),
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
            "deadline_passed": deadline_passed,
            "can_remind_any": any(i.can_remind for i in invitations),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request, pk):
    statement = access.coordinated_statement(request, pk)
    if statement.status == Status.PUBLISHED:
        return redirect("coordinate_correct", statement.pk)
    if refused := wrong_state(request, statement, "edit"):
        return refused
    editor = TextEditor(StatementForm, form_data(request), instance=statement, initial_notes=note_initial(statement))
    if request.method == "POST" and editor.is_valid():
        try:
            saved = workflow.update_text(
                statement,
                request.user,
                fields=editor.fields(),
                notes=editor.notes.notes(),
                cases=editor.form.cleaned_data["cases"],
            )
        except workflow.WorkflowError as error:
            show_refusal(request, error)
        else:
            messages.success(request, saved_message(saved))
            return to_overview(statement)
    return render(
        request,
        "statements/coordinate/edit.html",
        {
            "statement": statement,
            "network": statement.network,
            "editor": editor,
        },
    )


def saved_message(statement):
    """ "Saved.", and what the edit means for those who signed the earlier text."""
    parts = [_("Saved.")]
    if statement.signers_emailed:
        parts.append(
            ngettext(
                "%(n)d signer of the earlier text is emailed to confirm the new one.",
                "%(n)d signers of the earlier text are emailed to confirm the new one.",
                statement.signers_emailed,
            )
            % {"n": statement.signers_emailed}
        )
    if statement.signers_not_emailed:
        parts.append(
            ngettext(
                "%(n)d signature added by hand is marked “signed an older text”: ask them yourself and record "
                "their answer below.",
                "%(n)d signatures added by hand are marked “signed an older text”: ask them yourself and record "
                "their answers below.",
                statement.signers_not_emailed,
            )
            % {"n": statement.signers_not_emailed}
        )
    return " ".join(parts)


@login_required
def statement_preview(request, pk):
    statement = access.coordinated_statement(request, pk)
    return render(
        request,
        "statements/coordinate/preview.html",
        {
            "statement": statement,
            "content": content.for_statement(statement),
            "problems": statement_problems(statement),
        },
    )


def statement_problems(statement):
    """What would stop the text from being opened or printed; each message once (both include the bounds)."""
    return list(
        dict.fromkeys(
            body.validate(statement.body, [n.key for n in statement.notes.all()]) + limits.check_statement(statement)
        )
    )


@login_required
def statement_preview_pdf(request, pk):
    from statements.pdf.render import render_statement_pdf

    statement = access.coordinated_statement(request, pk)
    try:
        pdf = render_statement_pdf(statement, draft=True)
    except (PdfInputError, PdfFontError) as error:
        messages.error(request, _("The PDF cannot be made: %(problems)s") % {"problems": " ".join(error.messages)})
        return redirect("coordinate_preview", statement.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
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
        show_refusal(request, error)
    else:
        messages.success(request, done)
    return to_overview(statement)


@login_required
@require_http_methods(["GET", "POST"])
def statement_invite(request, pk):
    statement = access.coordinated_statement(request, pk)
    if refused := wrong_state(request, statement, "invite"):
        return refused
    form = InviteForm(form_data(request), statement=statement)
    if request.method == "POST" and form.is_valid():
        try:
            invited, skipped = workflow.invite(statement, request.user, form.organisations())
        except workflow.WorkflowError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Invited %(n)d organisation(s).") % {"n": len(invited)})
            if skipped:
                messages.warning(
                    request,
                    _("Not invited (already invited or no email address): %(names)s")
                    % {"names": ", ".join(o.name for o in skipped)},
                )
            return to_overview(statement)
    return render(request, "statements/coordinate/invite.html", {"statement": statement, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def statement_order(request, pk):
    statement = access.coordinated_statement(request, pk)
    if refused := wrong_state(request, statement, "order"):
        return refused
    form = OrderForm(form_data(request), statement=statement)
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
            show_refusal(request, error)
        else:
            messages.success(request, _("Order saved."))
            return to_overview(statement)
    return render(request, "statements/coordinate/order.html", {"statement": statement, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def statement_correct(request, pk):
    statement = access.coordinated_statement(request, pk)
    if refused := wrong_state(request, statement, "correct"):
        return refused
    editor = TextEditor(CorrectionForm, form_data(request), instance=statement, initial_notes=note_initial(statement))
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
            show_refusal(request, error)
        else:
            messages.success(request, _("Correction published as a new version."))
            return to_overview(statement)
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
    if refused := wrong_state(request, statement, "withdraw"):
        return refused
    form = WithdrawStatementForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw_statement(statement, request.user, note=form.cleaned_data["note"])
        except workflow.WorkflowError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("The statement is withdrawn."))
            return to_overview(statement)
    return render(request, "statements/coordinate/withdraw.html", {"statement": statement, "form": form})

"""Coordinators' tracker actions: reminders, signatures added by hand, withdrawn or confirmed for a signer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from statements import access, ratelimit, workflow
from statements.forms import AddSignatureForm
from statements.models import Statement
from statements.views.coordinate import form_data, show_refusal, to_overview, wrong_state

Status = Statement.Status


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
        show_refusal(request, error)
    else:
        messages.success(request, _("Reminder sent to %(org)s.") % {"org": invitation.organisation})
    return to_overview(statement)


@login_required
@require_POST
def statement_remind_all(request, pk):
    statement = access.coordinated_statement(request, pk)
    if statement.status != Status.OPEN:
        messages.error(request, _("Reminders can only be sent while the statement is open for signatures."))
        return to_overview(statement)
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
    return to_overview(statement)


@login_required
@require_http_methods(["GET", "POST"])
def signature_add(request, pk):
    statement = access.coordinated_statement(request, pk)
    if refused := wrong_state(request, statement, "add_signature"):
        return refused
    form = AddSignatureForm(form_data(request), statement=statement)
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
                comment=data["comment"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
            )
        except workflow.WorkflowError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Signature added."))
            return to_overview(statement)
    return render(request, "statements/coordinate/add_signature.html", {"statement": statement, "form": form})


@login_required
@require_POST
def signature_withdraw(request, pk, signature_pk):
    statement = access.coordinated_statement(request, pk)
    signature = access.coordinated_signature(request, statement, signature_pk)
    try:
        workflow.withdraw_signature(signature, user=request.user, by_coordinator=True)
    except workflow.WorkflowError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Signature of %(name)s withdrawn.") % {"name": signature.name})
    return to_overview(statement)


@login_required
@require_POST
def signature_confirm(request, pk, signature_pk):
    """The signer of an earlier text confirmed the current one by phone or mail; a coordinator records it."""
    statement = access.coordinated_statement(request, pk)
    signature = access.coordinated_signature(request, statement, signature_pk)
    try:
        workflow.confirm_revision(signature, user=request.user, by_coordinator=True)
    except workflow.WorkflowError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Recorded: %(name)s supports the current text.") % {"name": signature.name})
    return to_overview(statement)

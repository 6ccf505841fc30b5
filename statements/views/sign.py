"""The member organisations' signing form: by invitation link, or from a representative's dashboard."""

import difflib
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from statements import access, body, content, ratelimit, tokens, workflow
from statements.forms import DeclineForm, SignForm
from statements.models import Signature, Statement
from statements.security import client_ip
from statements.workflow.base import text_snapshot

Status = Statement.Status


def private_page(view):
    """Signing pages must not be cached or leak their URL to other sites, their 404 (a bad or old link) neither."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            # One page for every unusable link (unknown, expired, another browser's, another organisation's),
            # so it tells nothing about which; it says what the signer can do.
            response = render(request, "statements/sign/link_not_valid.html", status=404)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapped


@private_page
def sign_token(request, token):
    """First visit: remember the invitation in the session and drop the token from the address bar."""
    invitation = tokens.find_invitation(token)
    if invitation is None:
        raise Http404
    workflow.record_open(invitation)
    tokens.remember(request.session, invitation)
    return redirect("sign_invitation", invitation.pk)


@private_page
@require_http_methods(["GET", "POST"])
def sign_invitation(request, pk):
    invitation = access.session_invitation(request, pk)
    return _signing_page(
        request, invitation.statement, invitation.organisation, invitation, source=Signature.Source.INVITATION
    )


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def dashboard_sign(request, statement_pk, organisation_pk):
    statement, organisation, invitation = access.represented_organisation(request, statement_pk, organisation_pk)
    return _signing_page(request, statement, organisation, invitation, source=Signature.Source.DASHBOARD)


def _signing_page(request, statement, organisation, invitation, *, source):
    signature = Signature.objects.filter(statement=statement, organisation=organisation).first()
    active = signature if signature is not None and signature.status == Signature.Status.CONFIRMED else None
    user = request.user if request.user.is_authenticated and source == Signature.Source.DASHBOARD else None
    sign_form = SignForm(initial=SignForm.initial_for(organisation, user))
    decline_form = DeclineForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("sign", "decline"):
            emails = [request.POST.get("contact_email", "") if action == "sign" else ""]
            emails.append(invitation.email if invitation is not None else "")
            exceeded = ratelimit.check_answer(request, action, emails)
            if exceeded is not None:
                return ratelimit.refuse(request, statement, exceeded, organisation=organisation, user=user)
        if action == "sign":
            sign_form = SignForm(request.POST)
            if sign_form.is_valid():
                return _sign(request, statement, organisation, sign_form.cleaned_data, user, source)
            messages.error(request, _("Nothing was saved; please correct the fields marked below."))
        elif action == "decline" and invitation is not None:
            decline_form = DeclineForm(request.POST)
            if not decline_form.is_valid():
                messages.error(request, _("Nothing was saved; please correct the reason below."))
            else:
                return _act(
                    request,
                    workflow.decline,
                    invitation,
                    reason=decline_form.cleaned_data["reason"],
                    user=user,
                    done=_("Your answer is recorded: %(org)s does not sign."),
                )
        elif action == "withdraw" and active is not None:
            return _act(
                request,
                workflow.withdraw_signature,
                active,
                user=user,
                done=_("The signature of %(org)s is withdrawn."),
            )
        elif action == "confirm" and active is not None:
            return _act(
                request, workflow.confirm_revision, active, user=user, done=_("%(org)s now supports the current text.")
            )
        else:
            messages.error(request, _("That is not possible now."))
            return redirect(request.path)
    outdated = active is not None and active.signed_an_older_text(statement.revision_hash(), statement.status)
    text = content.for_statement(statement)
    # Before publication the page shows how many signed, never who: a forwarded or leaked link must not reveal
    # which organisations (some in dangerous places) have put their names to it.
    signed_count = len(text.signatories)
    if not statement.is_public:
        text.signatories = []
    return render(
        request,
        "statements/sign/sign.html",
        {
            "statement": statement,
            "organisation": organisation,
            "invitation": invitation,
            "signature": signature,
            "active": active,
            "content": text,
            "signed_count": signed_count,
            "sign_form": sign_form,
            "decline_form": decline_form,
            "outdated": outdated,
            "diff": text_diff(active.signed_text, text_snapshot(statement))
            if outdated and active.signed_text
            else None,
            "can_sign": statement.status == Status.OPEN and active is None,
            "can_withdraw": statement.status in (Status.OPEN, Status.CLOSED) and active is not None,
        },
    )


def _sign(request, statement, organisation, data, user, source):
    try:
        workflow.sign(
            statement,
            organisation,
            user=user,
            source=source,
            ip_address=client_ip(request) or None,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            **data,
        )
    except workflow.AlreadySigned:
        # Double click, reload or a colleague in another tab: the signature exists, which is what they wanted.
        messages.info(request, _("%(org)s has already signed; nothing more to do.") % {"org": organisation})
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you: %(org)s has signed.") % {"org": organisation})
    return redirect(request.path)


def _act(request, service, target, *, done, **kwargs):
    try:
        result = service(target, **kwargs)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"org": result.organisation})
    return redirect(request.path)


def _lines(snapshot):
    notes = [f"[^{key}] {text} {' '.join(urls)}".strip() for key, text, urls in snapshot.get("notes", [])]
    return [snapshot.get("title", "")] + body.split_paragraphs(snapshot.get("body", "")) + notes


def _word_parts(old, new):
    a, b = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(b[j1:j2])))
    return parts


def text_diff(old, new):
    """Blocks (title, paragraphs, notes) with word-level changes, for a signer of an older text."""
    a, b = _lines(old), _lines(new)
    blocks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks += [{"changed": False, "parts": [("same", line)]} for line in b[j1:j2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            blocks += [{"changed": True, "parts": _word_parts(x, y)} for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
        else:
            blocks += [{"changed": True, "parts": [("removed", line)]} for line in a[i1:i2]]
            blocks += [{"changed": True, "parts": [("added", line)]} for line in b[j1:j2]]
    return blocks

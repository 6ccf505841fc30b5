"""Publishing: a page that says what publishing does and cannot undo, then the one POST that does it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from statements import access, tasks, workflow
from statements.models import Signature, Statement
from statements.pdf.fonts import PdfFontError, require_family
from statements.views.coordinate import show_refusal, statement_problems, to_overview, wrong_state

Status = Statement.Status


@login_required
@require_http_methods(["GET", "POST"])
def statement_publish(request, pk):
    statement = access.coordinated_statement(request, pk)
    if request.method == "POST":
        return _publish(request, statement)
    if refused := wrong_state(request, statement, "publish"):
        return refused
    problems = statement_problems(statement)
    try:
        require_family(statement.network.house_style.font_family)
    except PdfFontError as error:
        problems += error.messages
    return render(
        request,
        "statements/coordinate/publish.html",
        {
            "statement": statement,
            "signatory_count": statement.signatures.filter(status=Signature.Status.CONFIRMED).count(),
            "outdated": list(workflow.outdated_signatures(statement).values_list("name", flat=True)),
            "recipient_count": tasks.signers_to_mail(statement).values("contact_email").distinct().count(),
            "problems": problems,
        },
    )


def _publish(request, statement):
    # Publishing signatures of an earlier text needs the coordinator's explicit tick on this page.
    include_outdated = request.POST.get("include_outdated") == "1"
    try:
        workflow.publish(statement, request.user, include_outdated=include_outdated)
    except workflow.WorkflowError as error:
        show_refusal(request, error)
        statement.refresh_from_db(fields=["status"])
        # Still publishable: back to the page that explains what to fix; otherwise the overview says where it is.
        if statement.status == Status.CLOSED:
            return redirect("coordinate_publish", statement.pk)
        return to_overview(statement)
    messages.success(request, _("Published."))
    return to_overview(statement)

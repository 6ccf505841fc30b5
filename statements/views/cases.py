"""Coordinators' case screens: their cases, a new case, and one page editing a case with its people and events.

Someone who does not coordinate the case's network gets 404 (GET and POST alike): these are screens for the
maintainers, and the public case page is elsewhere.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from organisations.models import Network
from statements.case_forms import CaseEditor
from statements.models import Case
from statements.workflow import WorkflowError
from statements.workflow import cases as case_workflow


def _coordinated_networks(user):
    return Network.objects.coordinated_by(user)


def _data(request):
    # Not `request.POST or None`: an empty POST must still be a bound, invalid form.
    return request.POST if request.method == "POST" else None


@login_required
@require_safe
def case_list(request):
    networks = list(_coordinated_networks(request.user))
    if not networks:
        raise Http404
    cases = Case.objects.maintained_by(request.user).select_related("network").order_by("network__name", "title")
    return render(request, "statements/cases/list.html", {"networks": networks, "cases": cases})


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request, network_slug):
    network = get_object_or_404(_coordinated_networks(request.user), slug=network_slug)
    editor = CaseEditor(_data(request))
    if request.method == "POST" and editor.is_valid():
        try:
            case = case_workflow.create_case(network, request.user, **editor.changes())
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Case saved."))
            return redirect("coordinate_case", case.pk)
    return render(request, "statements/cases/edit.html", {"network": network, "editor": editor})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = get_object_or_404(Case.objects.maintained_by(request.user).select_related("network"), pk=pk)
    # Read before the form is bound: an invalid POST leaves its typed values on the instance.
    saved = {
        "title": case.title,
        "details_visible": case.details_visible,
        "is_public": Case.objects.public().filter(pk=case.pk).exists(),
    }
    editor = CaseEditor(_data(request), instance=case)
    if request.method == "POST" and editor.is_valid():
        try:
            case, changed = case_workflow.update_case(case, request.user, **editor.changes())
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect("coordinate_case", case.pk)
    return render(
        request, "statements/cases/edit.html", {"case": case, "saved": saved, "network": case.network, "editor": editor}
    )

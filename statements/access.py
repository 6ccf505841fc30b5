"""Load what a request may touch, or refuse.

Someone who may not coordinate a statement gets 404 when looking at one that is not public (its existence is
not theirs to know) and 403 for actions (POST) and for coordinator screens of public statements.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisations.models import Network, Organisation
from statements import tokens
from statements.models import Invitation, Signature, Statement


def can_coordinate(user, network):
    return network.may_coordinate(user)


def _refuse(request, visible):
    if request.method == "POST" or visible:
        raise PermissionDenied
    raise Http404


def coordinated_network(request, slug):
    network = get_object_or_404(Network, slug=slug)
    if not can_coordinate(request.user, network):
        raise PermissionDenied
    return network


def coordinated_statement(request, pk):
    statement = get_object_or_404(Statement.objects.select_related("network"), pk=pk)
    if not can_coordinate(request.user, statement.network):
        _refuse(request, statement.is_public)
    return statement


def coordinated_invitation(request, statement, pk):
    return get_object_or_404(Invitation.objects.select_related("organisation", "statement"), pk=pk, statement=statement)


def coordinated_signature(request, statement, pk):
    return get_object_or_404(Signature.objects.select_related("statement", "organisation"), pk=pk, statement=statement)


def session_invitation(request, pk):
    """The invitation this browser opened by its link; anything else is the same 404 as a bad token."""
    if not tokens.remembered(request.session, pk):
        raise Http404
    invitation = (
        Invitation.objects.select_related("statement", "statement__network", "organisation").filter(pk=pk).first()
    )
    if invitation is None or tokens.is_expired(invitation) or invitation.statement.status == Statement.Status.DRAFT:
        raise Http404
    return invitation


def represented_organisation(request, statement_pk, organisation_pk):
    """(statement, organisation, invitation or None) for a representative signing from the dashboard.

    The organisation must be invited to the statement, or have a signature on it (one a coordinator added by
    hand): membership of the network is not enough, since coordinators may invite only some members.
    """
    statement = get_object_or_404(Statement.objects.select_related("network"), pk=statement_pk)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    invitation = Invitation.objects.filter(statement=statement, organisation=organisation).first()
    concerned = (
        invitation is not None or Signature.objects.filter(statement=statement, organisation=organisation).exists()
    )
    if not organisation.is_representative(request.user) or not concerned or statement.status == Statement.Status.DRAFT:
        _refuse(request, statement.is_public)
    return statement, organisation, invitation

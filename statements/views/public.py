from django.http import Http404
from django.shortcuts import get_object_or_404, render

from statements import content
from statements.models import Case, Statement


def home(request):
    statements = Statement.objects.public().select_related("network")[:10]
    return render(request, "statements/home.html", {"statements": statements})


def statement_detail(request, slug):
    statement = get_object_or_404(Statement.objects.public().select_related("network"), slug=slug)
    return render(
        request,
        "statements/statement_detail.html",
        {"statement": statement, "content": content.for_statement(statement), "cases": statement.cases.all()},
    )


def case_detail(request, slug):
    case = get_object_or_404(Case.objects.public(), slug=slug)
    return render(request, "statements/case_detail.html", {"case": case})


def dashboard(request):
    raise Http404

from django.http import Http404


def statement_pdf(request, slug):
    raise Http404


def statement_version_pdf(request, slug, number):
    raise Http404

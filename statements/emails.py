"""The emails the workflow sends. Each is three templates in templates/emails/: subject, plain text and HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute(path):
    return settings.SITE_URL + path


def send(template, to, context, *, language="en", reply_to=None):
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    message.send()
    return message


def _coordinator_emails(statement):
    return list(statement.network.coordinators.exclude(email="").values_list("email", flat=True)[:5])


def invitation(invitation, raw_token, *, reminder=False, text_changed=False, to=None):
    statement = invitation.statement
    if text_changed:
        template = "text_changed"
    else:
        template = "reminder" if reminder else "invitation"
    context = {
        "statement": statement,
        "organisation": invitation.organisation,
        "network": statement.network,
        "link": absolute(reverse("sign_token", args=[raw_token])),
        "deadline": statement.signing_deadline,
    }
    return send(
        template,
        [to or invitation.email],
        context,
        language=statement.language,
        reply_to=_coordinator_emails(statement) or None,
    )


def signature_confirmation(signature):
    statement = signature.statement
    context = {"statement": statement, "signature": signature, "network": statement.network}
    return send(
        "signature_confirmation",
        [signature.contact_email],
        context,
        language=statement.language,
        reply_to=_coordinator_emails(statement) or None,
    )


def publication_notice(statement, recipients):
    context = {
        "statement": statement,
        "network": statement.network,
        "link": absolute(statement.get_absolute_url()),
        "pdf_link": absolute(reverse("statement_pdf", args=[statement.slug])),
    }
    # One message per recipient: signers must not see each other's private addresses.
    return [send("publication_notice", [email], context, language=statement.language) for email in recipients]


def correction_notice(statement, version, recipient):
    context = {
        "statement": statement,
        "network": statement.network,
        "version": version,
        "link": absolute(statement.get_absolute_url()),
        "pdf_link": absolute(reverse("statement_pdf", args=[statement.slug])),
    }
    return send(
        "correction_notice",
        [recipient],
        context,
        language=statement.language,
        reply_to=_coordinator_emails(statement) or None,
    )


def answer_notice(statement, organisation_name, answer, *, reason=""):
    """To the network's coordinators (only they may read a decline's reason); None when none has an address."""
    recipients = _coordinator_emails(statement)
    if not recipients:
        return None
    context = {
        "statement": statement,
        "network": statement.network,
        "organisation_name": organisation_name,
        "signed": answer == "signed",
        "reason": reason,
        "link": absolute(reverse("coordinate_statement", args=[statement.pk])),
    }
    # The coordinators' own language is not known; the site's default is what they work in.
    return send("answer_notice", recipients, context, language=settings.LANGUAGE_CODE)

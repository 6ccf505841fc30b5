"""Keep signing tokens out of logs.

A signing link (/sign/<token>/) is a password for one organisation's signature. Django logs "Not Found: <path>"
for a mistyped or expired link, and access logs hold the path and the Referer (which, for pages fetched from the
signing page, is the signing link). This filter masks the token wherever such a path appears in a record.
Imported by the logging configuration before apps are ready, so it must not import models.
"""

import logging
import re

# The token is a URL-safe slug (statements/tokens.py); /sign/invitation/<pk>/ is a normal page.
SIGNING_PATH = re.compile(r"(/sign/)(?!invitation/)[A-Za-z0-9_-]+")
MASK = r"\1[token]"


def mask_tokens(text):
    return SIGNING_PATH.sub(MASK, text)


class MaskSigningTokens(logging.Filter):
    """Rewrites the message of any record that mentions a signing path; never drops a record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: let the handler report it as it would
            return True
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_text:
            record.exc_text = mask_tokens(record.exc_text)
        return True

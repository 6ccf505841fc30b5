"""The only way a render may read anything: data: URLs, and file: URLs inside an allow-list of folders.

Everything else (http, https, ftp, files elsewhere, redirects) is refused, so hostile text that slipped into the
HTML could still make the renderer fetch nothing and embed nothing.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
MAX_FILE_BYTES = 20 * 1024 * 1024


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    def __init__(self, allowed_dirs, **kwargs):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1, **kwargs)
        self.allowed_dirs = [Path(d).resolve() for d in allowed_dirs]
        self.fetched = []
        self.refused = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            # urllib's DataHandler decodes data: URLs without any I/O.
            response = super().fetch(url, headers)
        elif scheme == "file":
            response = self._file(url)
        else:
            self._refuse(url, "scheme not allowed")
        self.fetched.append(url if scheme != "data" else "data:…")
        return response

    def _file(self, url):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "remote file URL")
        # resolve() follows symlinks and "..", so neither can lead out of an allowed folder.
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed_dirs):
            self._refuse(url, "outside the allowed folders")
        if not path.is_file():
            self._refuse(url, "no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            self._refuse(url, "file too large")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type})

    def _refuse(self, url, reason):
        self.refused.append(url)
        logger.warning("PDF render refused to fetch %.200s: %s", url, reason)
        raise RefusedURL(f"{reason}: {url[:200]}")

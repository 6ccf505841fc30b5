"""Find font files by family name in the PDF font folders, so the PDF never depends on what fontconfig has.

Carlito (metric-compatible with Calibri) ships on PyPI as rinoh-typeface-carlito; its folder is always searched.
More folders come from settings.PDF_FONT_DIRS (for example /usr/share/fonts/truetype/liberation).

Renders see only these folders: a house style naming a family that is not there is an error (never a silent
substitute), and a character the family lacks falls back to another font of these folders or prints as a box.
"""

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont, TTLibError
from weasyprint.text.ffi import ffi, fontconfig, gobject, pangoft2
from weasyprint.text.fonts import FontConfiguration

# WeasyPrint declares only the fontconfig calls it uses; an empty configuration needs one more.
ffi.cdef("FcConfig * FcConfigCreate (void);", override=True)

FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}
# The name table's typographic family (16) wins over the legacy family (1), which splits off weights.
_FAMILY_IDS = (16, 1)


class PdfFontError(ValidationError):
    """A house style names a font the PDF font folders do not hold; the message names the family and folders."""


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int  # the slot it can fill: 400 or 700
    italic: bool
    weight_class: int = 400  # OS/2 usWeightClass, e.g. 200 for DejaVu Sans ExtraLight
    width_class: int = 5  # OS/2 usWidthClass; 5 is normal, lower is condensed

    def misfit(self):
        """How far the face is from a plain regular or bold: the smallest wins its slot."""
        return (abs(self.width_class - 5), abs(self.weight_class - self.weight))


def carlito_dir():
    # find_spec avoids importing the package, whose __init__ needs rinoh itself.
    spec = importlib.util.find_spec("rinoh_typeface_carlito")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def font_dirs():
    """The folders searched for fonts, resolved; missing folders are left out (the system check reports them)."""
    dirs = []
    bundled = carlito_dir()
    if bundled is not None:
        dirs.append(bundled)
    for entry in getattr(settings, "PDF_FONT_DIRS", []):
        dirs.append(Path(entry))
    return [d.resolve() for d in dirs if d.is_dir()]


def _read_face(path):
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
    except (TTLibError, OSError, ValueError):
        return None
    try:
        names = font["name"]
        family = next((str(n) for i in _FAMILY_IDS if (n := names.getDebugName(i))), None)
        if not family:
            return None
        width = 5
        if "OS/2" in font:
            os2 = font["OS/2"]
            weight, italic, width = os2.usWeightClass, bool(os2.fsSelection & 1), os2.usWidthClass
        else:
            style = (names.getDebugName(2) or "").casefold()
            weight, italic = (700 if "bold" in style else 400), ("italic" in style or "oblique" in style)
    except (KeyError, TTLibError, AttributeError):
        return None
    finally:
        font.close()
    return FontFace(
        family=family,
        path=path,
        weight=700 if weight >= 600 else 400,
        italic=italic,
        weight_class=weight,
        width_class=width,
    )


@lru_cache(maxsize=8)
def _index(dirs):
    """(the best face for each family, slot and slant; every face found), for a tuple of folders."""
    best, every = {}, []
    for directory in dirs:
        for path in sorted(Path(directory).rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():
                continue
            face = _read_face(path.resolve())
            if face is None:
                continue
            every.append(face)
            key = (face.family.casefold(), face.weight, face.italic)
            # The plainest face wins (DejaVu Sans over its ExtraLight and Condensed); on a tie the first folder
            # wins, so the bundled Carlito is used even where Debian's copy is installed too.
            if key not in best or face.misfit() < best[key].misfit():
                best[key] = face
    return best, tuple(every)


def _current_index():
    return _index(tuple(str(d) for d in font_dirs()))


def faces_for(family):
    """The regular/bold/italic/bold-italic files of a family found in the font folders (possibly none)."""
    wanted = family.casefold()
    return [face for key, face in sorted(_current_index()[0].items()) if key[0] == wanted]


def missing_faces(family):
    """Which of regular and bold (the two a statement needs) cannot be found."""
    found = {(f.weight, f.italic) for f in faces_for(family)}
    return [label for label, key in (("regular", (400, False)), ("bold", (700, False))) if key not in found]


def require_family(family):
    """Raise PdfFontError unless the family's regular and bold faces are in the font folders."""
    if missing := missing_faces(family):
        searched = ", ".join(str(d) for d in font_dirs()) or _("no folder")
        raise PdfFontError(
            _(
                "The PDF font “%(family)s” cannot be found: no %(faces)s face in the PDF font folders (%(folders)s). "
                "Add the folder holding its .ttf or .otf files to PDF_FONT_DIRS, or choose another font."
            )
            % {"family": family, "faces": _(" or ").join(missing), "folders": searched}
        )


def all_faces():
    """Every face in the font folders, in folder and file order (the order fallback fonts are offered in)."""
    return list(_current_index()[1])


class FolderFontConfiguration(FontConfiguration):
    """A WeasyPrint font configuration that knows the fonts of the PDF font folders and nothing of the system's.

    WeasyPrint's own starts from fontconfig's system configuration, so a missing family or a missing glyph
    silently became DejaVu or whatever the machine had. This one starts empty (no system fonts, no aliases) and
    adds every face of the font folders; @font-face rules add theirs on top as usual.
    """

    def __init__(self):  # noqa: D107  (mirrors FontConfiguration.__init__ of WeasyPrint 70, with another config)
        faces = all_faces()
        if not faces:
            # Pango crashes on a configuration without any font.
            raise PdfFontError(_("There is no font in the PDF font folders; install rinoh-typeface-carlito."))
        self._folder = None
        self._config = fontconfig.FcConfigCreate()
        for face in faces:
            fontconfig.FcConfigAppFontAddFile(self._config, str(face.path).encode())
        self.font_map = ffi.gc(pangoft2.pango_ft2_font_map_new(), gobject.g_object_unref)
        pangoft2.pango_fc_font_map_set_config(ffi.cast("PangoFcFontMap *", self.font_map), self._config)
        # pango_fc_font_map_set_config keeps its own reference.
        fontconfig.FcConfigDestroy(self._config)
        self.strut_layouts = {}
        self.font_features = {}


def clear_cache():
    _index.cache_clear()

"""Find font files by family name in the PDF font folders, so the PDF never depends on what fontconfig has.

Carlito (metric-compatible with Calibri) ships on PyPI as rinoh-typeface-carlito; its folder is always searched.
More folders come from settings.PDF_FONT_DIRS (for example /usr/share/fonts/truetype/liberation).
"""

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont, TTLibError

FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}
# The name table's typographic family (16) wins over the legacy family (1), which splits off weights.
_FAMILY_IDS = (16, 1)


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int  # 400 or 700
    italic: bool


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
        if "OS/2" in font:
            weight, italic = font["OS/2"].usWeightClass, bool(font["OS/2"].fsSelection & 1)
        else:
            style = (names.getDebugName(2) or "").casefold()
            weight, italic = (700 if "bold" in style else 400), ("italic" in style or "oblique" in style)
    except (KeyError, TTLibError, AttributeError):
        return None
    finally:
        font.close()
    return FontFace(family=family, path=path, weight=700 if weight >= 600 else 400, italic=italic)


@lru_cache(maxsize=8)
def _index(dirs):
    faces = {}
    for directory in dirs:
        for path in sorted(Path(directory).rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():
                continue
            face = _read_face(path.resolve())
            if face is not None:
                # First folder wins, so the bundled Carlito is used even where Debian's copy is installed too.
                faces.setdefault((face.family.casefold(), face.weight, face.italic), face)
    return faces


def faces_for(family):
    """The regular/bold/italic/bold-italic files of a family found in the font folders (possibly none)."""
    index = _index(tuple(str(d) for d in font_dirs()))
    wanted = family.casefold()
    return [face for key, face in sorted(index.items()) if key[0] == wanted]


def missing_faces(family):
    """Which of regular and bold (the two a statement needs) cannot be found."""
    found = {(f.weight, f.italic) for f in faces_for(family)}
    return [label for label, key in (("regular", (400, False)), ("bold", (700, False))) if key not in found]


def clear_cache():
    _index.cache_clear()

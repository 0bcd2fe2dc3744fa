"""Compiling the translation catalogues (.po → .mo) without GNU gettext.

No Django import: the set-up compiles catalogues before any settings exist.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def compile_all() -> list[Path]:
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def missing_compiled_catalogues() -> list[str]:
    return [
        str(po.relative_to(LOCALE_DIR))
        for po in catalogues()
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]

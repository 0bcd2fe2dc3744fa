"""Importing pathway events from a CSV file: upload, check and preview, then confirm.

The uploaded file is kept as a server-side copy under ``DATA_DIR/imports/`` with a random
name; the preview's "Import" button sends back a signed token naming that copy and the
user (valid one hour), so the confirmed import reads exactly the file that was previewed
without sending 50 MB through the page twice. The copy is deleted after the import, and
copies older than a day are swept on each upload. With several web machines, DATA_DIR must
be shared storage.
"""

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import Membership
from pasientforlop.lib import uploads
from pasientforlop.lib.access import role_required
from pasientforlop.pathways.imports import ImportFileError, import_pathways, summary, xlsx_lines

SALT = "pasientforlop.pathway-import"
TOKEN_AGE = 3600
KEEP_SECONDS = 24 * 3600
ERRORS_SHOWN = 500


def municipalities_with_role(user, roles) -> list:
    """The municipalities where the user holds one of ``roles``, there or in one of its
    units, sorted by name."""
    found = {}
    for membership in Membership.objects.filter(user=user, role__in=roles).select_related(
        "organisation__parent"
    ):
        municipality = membership.organisation.municipality
        if municipality is not None:
            found[municipality.pk] = municipality
    return sorted(found.values(), key=lambda municipality: municipality.name)


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or Excel file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8 CSV or Excel (.xlsx) exported from the record system, at most %(size)s MB."
        ) % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(uploads.too_large_message(settings.UPLOAD_MAX_BYTES))
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise ValidationError(_("Choose a CSV or Excel file (ending in .csv or .xlsx)."))
        head = upload.read(4096)
        upload.seek(0)
        if name.endswith(".xlsx"):
            if not head.startswith(b"PK\x03\x04"):
                raise ValidationError(_("This is not an Excel file (.xlsx)."))
        elif b"\0" in head:
            raise ValidationError(_("This is not a text file. Save it as CSV (UTF-8)."))
        return upload


def _upload_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _store(upload) -> Path:
    folder = _upload_dir()
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    path = folder / f"{secrets.token_hex(16)}.csv"
    if upload.name.lower().endswith(".xlsx"):
        try:
            uploads.check_unpacked_size(upload)
        except uploads.UnpackedTooLarge as error:
            raise ImportFileError(str(error)) from error
        # Kept as CSV, so the check and the confirmed import read the same rows.
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                for line in xlsx_lines(upload):
                    out.write(line)
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written copy left behind
            raise
        return path
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def _run(path: Path, allowed: set[str], commit: bool, request=None):
    """(report, file error) for the stored copy at ``path``."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as lines:
            report = import_pathways(
                lines,
                commit=commit,
                allowed_municipalities=allowed,
                request=request,
                actor=request.user if request else None,
            )
        return report, ""
    except ImportFileError as error:
        return None, str(error)


@role_required(Role.UNIT_LEADER)
def import_page(request):
    allowed = {m.number for m in municipalities_with_role(request.user, {Role.UNIT_LEADER})}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, allowed)
    form = UploadForm(request.POST or None, request.FILES or None)
    report, error, token = None, "", ""
    if request.method == "POST" and uploads.refuse_too_large(request, form, "file"):
        return _render(request, form, None, "")
    if request.method == "POST" and form.is_valid():
        try:
            path = _store(form.cleaned_data["file"])
        except ImportFileError as unreadable:
            return _render(request, form, None, str(unreadable))
        report, error = _run(path, allowed, commit=False)
        if report is not None and report.ok and report.rows:
            token = signing.dumps({"file": path.name, "user": request.user.pk}, salt=SALT)
        else:
            path.unlink(missing_ok=True)
    return _render(request, form, report, error, token)


def _render(request, form, report, error: str, token: str = ""):
    shown = report.errors[:ERRORS_SHOWN] if report else []
    context = {"form": form, "report": report, "error": error, "token": token}
    return render(request, "pathways/import.html", {**context, "errors_shown": shown})


def _confirm(request, allowed: set[str]):
    try:
        token = signing.loads(request.POST["token"], salt=SALT, max_age=TOKEN_AGE)
    except signing.BadSignature:
        token = {}
    path = _upload_dir() / str(token.get("file", "-"))
    if token.get("user") != request.user.pk or not path.is_file():
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("pathways:import")
    report, error = _run(path, allowed, commit=True, request=request)
    path.unlink(missing_ok=True)
    if report is None or not report.imported:
        return _render(request, UploadForm(), report, error)
    messages.success(request, summary(report))
    return redirect("pathways:import")

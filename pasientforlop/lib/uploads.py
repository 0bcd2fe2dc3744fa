"""Uploads: streamed to a temporary file on disk with the size limit enforced while reading,
and a cap on what a zip container (xlsx, ods, docx) would unpack to.

``SizeLimitedUploadHandler`` is Django's only upload handler (``FILE_UPLOAD_HANDLERS``): it
writes each uploaded file to a temporary file in chunks and stops as soon as the request's
files pass ``PASIENTFORLOP_UPLOAD_MAX_MB``, deleting what it had written. The rest of the
request body is then read and thrown away without being stored, and the page says why
(``refuse_too_large``) instead of spending a worker on a file it would refuse anyway.

``check_unpacked_size`` reads a zip container's directory (without unpacking anything) and
refuses one that would unpack to more than ``PASIENTFORLOP_UPLOAD_MAX_UNZIPPED_MB`` or that
compresses suspiciously well (a "zip bomb"). Python's zip reader never unpacks more than an
entry's declared size, so the declared sizes are a real cap for openpyxl reading the file.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.utils.translation import gettext as _

MAX_RATIO = 200
REFUSED_ATTRIBUTE = "upload_refused_bytes"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.limit = settings.UPLOAD_MAX_BYTES

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body announced far beyond the limit: the first file is refused before a byte of
        # it is stored (form fields before it are still read).
        if content_length and self.limit and content_length > self.limit + 1024 * 1024:
            if self.request is not None:
                setattr(self.request, REFUSED_ATTRIBUTE, self.limit)
        return None

    def _refuse(self):
        if self.request is not None:
            setattr(self.request, REFUSED_ATTRIBUTE, self.limit)
        raise StopUpload(connection_reset=False)

    def new_file(self, *args, **kwargs):
        if getattr(self.request, REFUSED_ATTRIBUTE, None):
            raise StopUpload(connection_reset=False)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.limit and self.received > self.limit:
            self.upload_interrupted()
            self._refuse()
        return super().receive_data_chunk(raw_data, start)


def too_large_message(limit: int) -> str:
    return _(
        "The file is larger than %(size)s MB and was not read. Split it into smaller files, "
        "or ask the system administrator to import it with the command line."
    ) % {"size": _megabytes(limit)}


def refuse_too_large(request, form, field: str) -> bool:
    """When the upload handler refused the request's file: validate the form and put the
    reason on ``field`` instead of "this field is required". True when refused."""
    limit = getattr(request, REFUSED_ATTRIBUTE, None)
    if not limit:
        return False
    form.is_valid()
    form.errors[field] = form.error_class([too_large_message(limit)])
    return True


class UnpackedTooLarge(ValueError):
    """The message is for the user."""


def check_unpacked_size(handle, limit: int | None = None) -> None:
    """Refuse a zip container that would unpack to more than the limit, or that compresses
    more than any real spreadsheet does. Leaves the file position at the start."""
    limit = settings.UPLOAD_MAX_UNZIPPED_BYTES if limit is None else limit
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        handle.seek(0)
        return  # not a zip: the reader says what is wrong with it
    handle.seek(0)
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if total > limit or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise UnpackedTooLarge(
            _(
                "The file would unpack to more than %(size)s MB. Save it again from the "
                "spreadsheet program, or split it."
            )
            % {"size": _megabytes(limit)}
        )

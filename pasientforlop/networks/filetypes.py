"""What an uploaded material really is, from its first bytes (and, for ZIP-based Office
files, its contents), never from the name alone. Pure: no Django.

Accepted: PDF; Word, Excel and PowerPoint (both the old binary and the OOXML formats);
OpenDocument text, spreadsheet and presentation; PNG, JPEG and GIF images. The file's
extension must agree with its content. Anything else (HTML, SVG, scripts, executables,
archives) is refused.
"""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

MAX_BYTES = 20 * 1024 * 1024  # 20 MB

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str


PDF = FileKind(("pdf",), "application/pdf")
PNG = FileKind(("png",), "image/png")
JPEG = FileKind(("jpg", "jpeg"), "image/jpeg")
GIF = FileKind(("gif",), "image/gif")
DOC = FileKind(("doc",), "application/msword")
XLS = FileKind(("xls",), "application/vnd.ms-excel")
PPT = FileKind(("ppt",), "application/vnd.ms-powerpoint")
OOXML = "application/vnd.openxmlformats-officedocument."
DOCX = FileKind(("docx",), OOXML + "wordprocessingml.document")
XLSX = FileKind(("xlsx",), OOXML + "spreadsheetml.sheet")
PPTX = FileKind(("pptx",), OOXML + "presentationml.presentation")
ODT = FileKind(("odt",), "application/vnd.oasis.opendocument.text")
ODS = FileKind(("ods",), "application/vnd.oasis.opendocument.spreadsheet")
ODP = FileKind(("odp",), "application/vnd.oasis.opendocument.presentation")

OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
ODF_TYPES = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
OLE_KINDS = {"doc": DOC, "xls": XLS, "ppt": PPT}
ACCEPTED_EXTENSIONS = sorted(
    ext
    for kind in (PDF, PNG, JPEG, GIF, DOC, XLS, PPT, DOCX, XLSX, PPTX, ODT, ODS, ODP)
    for ext in kind.extensions
)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_kind(handle: BinaryIO) -> FileKind | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" not in names:
                return None
            for prefix, kind in OOXML_PARTS.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def detect(handle: BinaryIO, name: str) -> FileKind | None:
    """The kind of an accepted file whose content matches its extension, else None."""
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    ext = extension(name)
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = GIF
    elif head.startswith(OLE):
        kind = OLE_KINDS.get(ext)
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(handle)
        handle.seek(0)
    if kind is None or ext not in kind.extensions:
        return None
    return kind

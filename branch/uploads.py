"""Checking uploaded files before anything is stored, for every app's upload fields.

- ``validate_upload(file, kinds=..., max_bytes=...)``: the file's type is decided by its
  content (magic bytes and, for Office files, the package's parts), never by its name or the
  browser's Content-Type; too big, empty, truncated or disguised files are refused with a
  Chinese message.
- ``reencode_image(file)``: decode a JPEG/PNG/GIF/WebP with Pillow and write fresh pixels into a
  new file, so metadata (EXIF with GPS, comments) and anything hidden around the image data
  (HTML or script appended to a PNG) is gone. SVG and HTML are refused: they are documents with
  scripts, not pictures.

Forms call them in ``clean_<field>``; services may call them again. Example::

    def clean_attachment(self):
        f = self.cleaned_data["attachment"]
        validate_upload(f, kinds={"pdf", "jpeg", "png"}, max_bytes=10 * MB)
        return f
"""

import io
import warnings
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
DEFAULT_KINDS = frozenset({"pdf", "jpeg", "png", "docx", "xlsx"})
DEFAULT_MAX_BYTES = 10 * MB
IMAGE_KINDS = frozenset({"jpeg", "png", "gif", "webp"})
MAX_IMAGE_PIXELS = 40_000_000  # ~ 8000 × 5000; larger is refused rather than decoded
HEAD_BYTES = 8192

KIND_LABELS = {
    "pdf": "PDF",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "gif": "GIF 图片",
    "webp": "WebP 图片",
    "docx": "Word 文档 (.docx)",
    "xlsx": "Excel 表格 (.xlsx)",
    "pptx": "PowerPoint 演示文稿 (.pptx)",
}
# Office Open XML files are ZIP packages; the part that tells them apart.
OFFICE_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# Markup that turns a "picture" into a page a browser might run.
MARKUP_SIGNS = (b"<html", b"<script", b"<!doctype html", b"<iframe")


def _read_all(file) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def _sniff(data: bytes) -> str | None:
    """The kind the content says it is, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for kind, part in OFFICE_MAIN_PARTS.items():
                if part in names:
                    return kind
    return None


def _allowed_text(kinds) -> str:
    return "、".join(KIND_LABELS.get(k, k) for k in sorted(kinds))


def _check_office_package(data: bytes, max_bytes: int) -> None:
    """Refuse ZIP bombs and macro-carrying packages."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
        if sum(info.file_size for info in infos) > max_bytes * 20:
            raise ValidationError(
                _("The file is too large when unpacked and cannot be accepted."), code="too_large"
            )
        if any(PurePath(info.filename).name.lower() == "vbaproject.bin" for info in infos):
            raise ValidationError(
                _(
                    "The file contains macros and cannot be accepted. Please save it as a document without macros and upload again."
                ),
                code="macro",
            )


def _open_image(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image is too large, please shrink it and upload again."),
                    code="too_large",
                )
            image.load()
        except ValidationError:
            raise
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as exc:
            raise ValidationError(
                _("The image is damaged or incomplete, please choose it again."),
                code="broken_image",
            ) from exc
    return image


def validate_upload(file, *, kinds=DEFAULT_KINDS, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the kind ("pdf", "jpeg", …) the file's content is, or raise ValidationError."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("File too large (limit %(limit)s MB).") % {"limit": max(1, max_bytes // MB)},
            code="too_large",
        )
    data = _read_all(file)
    if not data:
        raise ValidationError(_("The file is empty, please choose it again."), code="empty")
    if len(data) > max_bytes:
        raise ValidationError(
            _("File too large (limit %(limit)s MB).") % {"limit": max(1, max_bytes // MB)},
            code="too_large",
        )
    kind = _sniff(data)
    if kind is None or kind not in kinds:
        raise ValidationError(
            _("Unsupported file type, you can only upload: %(kinds)s.")
            % {"kinds": _allowed_text(kinds)},
            code="type",
        )
    if kind in IMAGE_KINDS:
        if any(sign in data.lower() for sign in MARKUP_SIGNS):
            raise ValidationError(
                _("The image contains web page code and cannot be accepted."), code="markup"
            )
        _open_image(data)
    elif kind in OFFICE_MAIN_PARTS:
        _check_office_package(data, max_bytes)
    elif kind == "pdf" and b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("The PDF file is incomplete, please choose it again."), code="truncated"
        )
    return kind


def reencode_image(file, *, max_bytes: int = DEFAULT_MAX_BYTES, quality: int = 88) -> ContentFile:
    """A freshly encoded copy of an uploaded picture with no metadata: JPEG stays JPEG, every
    other raster format becomes PNG. Raises ValidationError for anything that is not a picture."""
    data = _read_all(file)
    if len(data) > max_bytes:
        raise ValidationError(
            _("File too large (limit %(limit)s MB).") % {"limit": max(1, max_bytes // MB)},
            code="too_large",
        )
    kind = _sniff(data)
    if kind not in IMAGE_KINDS:
        raise ValidationError(_("Only JPEG, PNG, GIF or WebP images can be uploaded."), code="type")
    image = _open_image(data)
    image = ImageOps.exif_transpose(image)  # keep the way it was taken, then drop the EXIF
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    mode = "RGBA" if has_alpha else ("L" if image.mode in {"1", "L"} else "RGB")
    pixels = image.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())  # pixels only, nothing else
    out = io.BytesIO()
    stem = PurePath(getattr(file, "name", "") or "image").stem or "image"
    if kind == "jpeg" and mode != "RGBA":
        clean.save(out, format="JPEG", quality=quality, optimize=True)
        name = f"{stem}.jpg"
    else:
        clean.save(out, format="PNG", optimize=True)
        name = f"{stem}.png"
    return ContentFile(out.getvalue(), name=name)

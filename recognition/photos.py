"""Checking and cleaning an uploaded suggestion photo: at most 5 MB, really an image (Pillow can
open it), re-encoded to JPEG (or PNG when it has transparency) so camera metadata such as GPS
positions never reaches the server's disk."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a phone photo is ~12-50 MP; anything larger is refused, not decoded


def validate_photo(upload) -> None:
    """Raise ValidationError unless ``upload`` is an image Pillow can open, at most 5 MB."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo cannot exceed 5 MB."), code="photo_too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels."), code="photo_too_many_pixels"
                )
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _("The uploaded file is not a valid image."), code="photo_invalid"
        ) from exc
    finally:
        upload.seek(0)


def clean_photo(upload) -> ContentFile:
    """A validated, re-encoded copy of ``upload`` without EXIF or other metadata."""
    validate_photo(upload)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        has_alpha = image.mode in ("RGBA", "LA") or (
            image.mode == "P" and "transparency" in image.info
        )
        buffer = io.BytesIO()
        if has_alpha:
            image.convert("RGBA").save(buffer, format="PNG", optimize=True)
            extension = "png"
        else:
            image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
            extension = "jpg"
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")

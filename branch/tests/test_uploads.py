"""Upload checks: type by content, size, truncation, disguised markup, metadata stripping."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from branch.uploads import MB, reencode_image, validate_upload


def png_bytes(size=(40, 30), color=(200, 30, 30), **save_kwargs) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG", **save_kwargs)
    return out.getvalue()


def jpeg_bytes(size=(40, 30), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (10, 120, 200))
    kwargs = {"exif": exif} if exif else {}
    image.save(out, format="JPEG", **kwargs)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "工号"
    workbook.save(out)
    return out.getvalue()


def docx_like_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return out.getvalue()


def plain_zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("a.txt", "x")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF, "pdf"),
        ("photo.png", png_bytes(), "png"),
        ("photo.jpg", jpeg_bytes(), "jpeg"),
        ("名册.xlsx", xlsx_bytes(), "xlsx"),
        ("申请.docx", docx_like_bytes(), "docx"),
        # The name does not matter, the content does.
        ("renamed.txt", png_bytes(), "png"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, content, kind):
    assert validate_upload(upload(name, content)) == kind


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "text/html"),
        ("fake.png", b"<html><script>alert(1)</script></html>", "image/png"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        (
            "logo.png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "image/png",
        ),
        ("run.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "application/pdf"),
        (
            "archive.docx",
            b"PK\x03\x04" + b"\x00" * 50,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("plain.zip", plain_zip_bytes(), "application/zip"),
    ],
)
def test_disguised_or_unknown_content_is_refused(name, content, content_type):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload(name, content, content_type))
    assert "不支持的文件类型" in excinfo.value.messages[0]


def test_a_kind_not_asked_for_is_refused_with_the_allowed_list():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("a.png", png_bytes()), kinds={"pdf"})
    assert excinfo.value.messages == ["不支持的文件类型，只能上传：PDF。"]


def test_png_with_html_inside_is_refused():
    polyglot = png_bytes() + b"<html><body><script>alert(document.cookie)</script></body></html>"
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("cat.png", polyglot))
    assert excinfo.value.code == "markup"


def test_png_with_html_in_a_text_chunk_is_refused():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        validate_upload(upload("cat.png", png_bytes(pnginfo=info)))


def test_oversized_files_are_refused_before_reading():
    big = upload("big.pdf", PDF + b"\x00" * (2 * MB))
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(big, max_bytes=1 * MB)
    assert excinfo.value.code == "too_large" and "1 MB" in excinfo.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("empty.pdf", b""))
    assert excinfo.value.code == "empty"


@pytest.mark.parametrize("kind", ["png", "jpeg"])
def test_truncated_images_are_refused(kind):
    data = png_bytes((300, 300)) if kind == "png" else jpeg_bytes((300, 300))
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload(f"cut.{kind}", data[: len(data) // 2]))
    assert excinfo.value.code == "broken_image"


def test_truncated_pdf_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("cut.pdf", PDF[:20]))
    assert excinfo.value.code == "truncated"


def test_office_file_with_macros_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("m.docx", docx_like_bytes({"word/vbaProject.bin": b"\x00" * 10})))
    assert excinfo.value.code == "macro"


def test_zip_bomb_is_refused():
    bomb = docx_like_bytes({"word/media/zeros.bin": b"\x00" * (3 * MB)})
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("bomb.docx", bomb), max_bytes=100 * 1024)
    assert excinfo.value.code == "too_large"


def test_decompression_bomb_image_is_refused():
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, format="PNG")  # tiny file, 81 million pixels
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("huge.png", out.getvalue()))
    assert excinfo.value.code == "too_large"


# Re-encoding


def test_reencode_strips_exif_and_keeps_the_picture():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS
    original = jpeg_bytes((64, 48), exif=exif.tobytes())
    assert b"SecretCam" in original
    clean = reencode_image(upload("me.jpg", original))
    data = clean.read()
    assert b"SecretCam" not in data and b"Exif" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif()
    assert clean.name == "me.jpg"


def test_reencode_drops_html_appended_to_a_png():
    polyglot = png_bytes() + b"<html><script>alert(1)</script></html>"
    clean = reencode_image(upload("cat.png", polyglot)).read()
    assert b"<script" not in clean and b"<html" not in clean
    assert Image.open(io.BytesIO(clean)).size == (40, 30)


def test_reencode_keeps_transparency_as_png():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    clean = reencode_image(upload("icon.gif", out.getvalue()))
    image = Image.open(clean)
    assert image.format == "PNG" and image.mode == "RGBA" and clean.name == "icon.png"


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"<!DOCTYPE html><html></html>",
        PDF,
        b"",
    ],
)
def test_reencode_refuses_anything_that_is_not_a_raster_picture(content):
    with pytest.raises(ValidationError):
        reencode_image(upload("x.png", content))


def test_reencode_refuses_truncated_pictures():
    data = png_bytes((300, 300))
    with pytest.raises(ValidationError):
        reencode_image(upload("cut.png", data[: len(data) // 3]))

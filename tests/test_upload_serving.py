"""No user upload is served inline as HTML or SVG: Wagtail documents are attachments (PDF
sandboxed by a CSP), image uploads are raster formats only."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_on_disk(settings, tmp_path):
    """Serve documents from a real file system, as in production."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def test_image_extensions_are_raster_only():
    assert set(settings.WAGTAILIMAGES_EXTENSIONS) == {"gif", "jpg", "jpeg", "png", "webp"}


@pytest.mark.parametrize("name", ["logo.svg", "page.html", "page.htm", "x.js", "a.png.svg"])
def test_markup_cannot_be_uploaded_as_an_image(name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.fields import WagtailImageField

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError):
        WagtailImageField().clean(SimpleUploadedFile(name, svg, content_type="image/svg+xml"))


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "run.js", "page.htm", "x.xhtml"])
def test_markup_cannot_be_uploaded_as_a_document(name):
    Document = get_document_model()
    document = Document(title="x", file=ContentFile(b"<html><script>1</script></html>", name=name))
    with pytest.raises(ValidationError):
        document.full_clean()


def test_documents_are_served_as_attachments_with_a_blocking_policy(client, org):
    Document = get_document_model()
    document = Document.objects.create(
        title="记录", file=ContentFile(b"<html><script>alert(1)</script></html>", name="note.txt")
    )
    client.force_login(org.secretary_user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_opens_inline_but_sandboxed(client, org):
    Document = get_document_model()
    document = Document.objects.create(
        title="学习资料", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="lesson.pdf")
    )
    client.force_login(org.secretary_user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"

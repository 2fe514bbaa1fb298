"""Documents and images of study materials are for logged-in members only."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import CollectionViewRestriction

from home.services import study_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def _png() -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="oath.png")


def test_study_collection_is_login_restricted(db):
    collection = study_collection()
    assert collection is not None and collection.name == "学习资料"
    assert CollectionViewRestriction.objects.get(collection=collection).restriction_type == "login"


def test_document_in_study_collection_needs_login(client, org, media):
    doc = Document.objects.create(
        title="井控细则",
        file=ContentFile(b"%PDF-1.4 well control", name="jingkong.pdf"),
        collection=study_collection(),
    )
    response = client.get(doc.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(org.worker_user)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"well control" in b"".join(response.streaming_content)


def test_image_file_and_rendition_need_login(client, org, media):
    image = Image.objects.create(title="誓词墙", file=_png(), collection=study_collection())
    rendition = image.get_rendition("width-20")
    for url in (image.file.url, rendition.url):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
    client.force_login(org.worker_user)
    for url in (image.file.url, rendition.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)[:4] == b"\x89PNG"


def test_media_view_refuses_path_traversal(client, org, media, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("top secret")
    client.force_login(org.worker_user)
    for url in ("/media/../outside/secret.txt", "/media/%2e%2e/secret.txt", "/media//etc/passwd"):
        response = client.get(url)
        assert response.status_code in (400, 404), url

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


# -- /media/ goes through a check of the object each file belongs to ----------------------------


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def media_url(name: str) -> str:
    return settings.MEDIA_URL + name


@pytest.fixture
def branch_collection(org):
    """A collection closed to everyone but the first branch's group (as a per-branch library
    collection is), and a file in it of every Wagtail kind."""
    from django.contrib.auth.models import Group
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction

    group = Group.objects.create(name="zydd members")
    for user in (org.secretary_user, org.worker_user):
        user.groups.add(group)
    collection = Collection.get_first_root_node().add_child(name="作业大队资料")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    image = get_image_model().objects.create(
        title="合影", collection=collection, file=ContentFile(png_bytes(), name="team.png")
    )
    document = get_document_model().objects.create(
        title="讲稿", collection=collection, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="talk.pdf")
    )
    return image, document


def test_a_branch_image_is_served_privately_to_its_members_only(
    client, org, org2, branch_collection
):
    image, document = branch_collection
    rendition = image.get_rendition("fill-4x4")
    for name in (image.file.name, rendition.file.name, document.file.name):
        client.force_login(org.worker_user)
        response = client.get(media_url(name))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private"
        assert response["X-Content-Type-Options"] == "nosniff"
        client.force_login(org2.worker_user)
        assert client.get(media_url(name)).status_code == 404, name
        client.force_login(org2.secretary_user)
        assert client.get(media_url(name)).status_code == 404, name
        client.logout()
        assert client.get(media_url(name)).status_code == 302  # to the login page


def test_files_no_object_claims_are_not_served(client, org, settings):
    (settings.MEDIA_ROOT / "stray").mkdir()
    (settings.MEDIA_ROOT / "stray" / "note.txt").write_text("secret")
    (settings.MEDIA_ROOT / "original_images").mkdir()
    (settings.MEDIA_ROOT / "original_images" / "orphan.png").write_bytes(png_bytes())
    client.force_login(org.secretary_user)
    for path in ["stray/note.txt", "original_images/orphan.png", "../conftest.py", "%2e%2e/x"]:
        assert client.get(media_url(path)).status_code == 404, path


def test_x_accel_redirect_when_a_proxy_serves_the_files(
    client, org, org2, settings, branch_collection
):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    image, _document = branch_collection
    client.force_login(org.worker_user)
    response = client.get(media_url(image.file.name))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + image.file.name
    assert response["Cache-Control"] == "private"
    assert response.content == b""
    client.force_login(org2.worker_user)
    response = client.get(media_url(image.file.name))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_a_suggestion_photo_follows_the_suggestion(client, org, org2):
    from recognition.factories import SuggestionFactory

    suggestion = SuggestionFactory(employee=org.worker)
    suggestion.photo.save("idea.png", ContentFile(png_bytes()), save=True)
    name = suggestion.photo.name
    for user, status in [
        (org.worker_user, 200),
        (org.secretary_user, 200),
        (org2.worker_user, 404),
        (org2.secretary_user, 404),
    ]:
        client.force_login(user)
        response = client.get(media_url(name))
        assert response.status_code == status, user
        if status == 200:
            assert response["Cache-Control"] == "private"


def test_a_meeting_file_follows_the_minutes(client, org, org2):
    from partylife.factories import MeetingFactory
    from partylife.models import MeetingFile

    meeting = MeetingFactory(host=org.secretary)
    item = MeetingFile(meeting=meeting, kind="photo", original_name="合影.png", content_kind="png")
    item.file.save("photo.png", ContentFile(png_bytes()), save=True)
    client.force_login(org.secretary_user)
    assert client.get(media_url(item.file.name)).status_code == 200
    for user in (org2.secretary_user, org2.worker_user):
        client.force_login(user)
        assert client.get(media_url(item.file.name)).status_code == 404

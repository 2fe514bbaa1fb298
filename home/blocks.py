"""StreamField blocks for study material bodies. One base StreamBlock is shared by every body,
so every block has an icon, a template under templates/blocks/ and a description."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a material."""

    text = blocks.CharBlock(label=_("Title"), max_length=120, help_text=_("The heading text"))
    size = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Large heading")), ("h3", _("Small heading"))],
        default="h2",
        help_text=_("Large for a section, small for a point inside it"),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = _("Section heading")
        preview_value = {"text": "一、重温誓词", "size": "h2"}


class ImageBlock(blocks.StructBlock):
    """A picture with an optional caption; files live in the members-only collection."""

    image = ImageChooserBlock(
        label=_("Picture"),
        help_text=_("Choose a picture, or upload one from your phone or computer"),
    )
    caption = blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=200,
        help_text=_("A line shown under the picture (optional)"),
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = _("Image with caption")


class DocumentBlock(blocks.StructBlock):
    """A downloadable file (PDF, Word) served through Wagtail's document view."""

    document = DocumentChooserBlock(
        label=_("File"), help_text=_("Choose or upload a PDF or Word file readers can download")
    )
    title = blocks.CharBlock(
        label=_("Display name"),
        required=False,
        max_length=120,
        help_text=_("The name readers see; the file's own name when empty"),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        description = _("Downloadable file")


class VideoBlock(blocks.StructBlock):
    """A video from a site on the internal network, embedded by URL."""

    video = EmbedBlock(
        label=_("Video address"),
        help_text=_("The web address of the video on the internal video site"),
    )
    caption = blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=200,
        help_text=_("A line shown under the video (optional)"),
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        description = _("Embedded video")


class KeyPointsBlock(blocks.StructBlock):
    """The points a reader should remember, shown as a short checklist on the phone."""

    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        default="要点",
        max_length=60,
        help_text=_("The heading of the list"),
    )
    points = blocks.ListBlock(
        blocks.CharBlock(label=_("Key points"), max_length=200),
        label=_("Key points"),
        help_text=_("One short point a line; add a line with the + button"),
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/key_points_block.html"
        description = _("Key point list")
        preview_value = {"title": "要点", "points": ["先关井，后处置", "专人监护"]}


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every study material."""

    heading = HeadingBlock(label=_("Title"))
    paragraph = blocks.RichTextBlock(
        label=_("Body text"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("A paragraph of text"),
        help_text=_("Type or paste the text; the toolbar makes bold text and lists"),
        features=["bold", "italic", "ol", "ul", "link", "h3"],
        preview_value="<p>全心全意为人民服务。</p>",
    )
    image = ImageBlock(label=_("Picture"))
    document = DocumentBlock(label=_("File"))
    video = VideoBlock(label=_("Video"))
    key_points = KeyPointsBlock(label=_("Key points"))

"""StreamField blocks for study material bodies. One base StreamBlock is shared by every body,
so every block has an icon, a template under templates/blocks/ and a description."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a material."""

    text = blocks.CharBlock(label=_("标题"), max_length=120)
    size = blocks.ChoiceBlock(
        label=_("级别"), choices=[("h2", _("大标题")), ("h3", _("小标题"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = _("分节标题")
        preview_value = {"text": "一、重温誓词", "size": "h2"}


class ImageBlock(blocks.StructBlock):
    """A picture with an optional caption; files live in the members-only collection."""

    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = _("图片及说明")


class DocumentBlock(blocks.StructBlock):
    """A downloadable file (PDF, Word) served through Wagtail's document view."""

    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        description = _("可下载的文件")


class VideoBlock(blocks.StructBlock):
    """A video from a site on the internal network, embedded by URL."""

    video = EmbedBlock(label=_("视频地址"))
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        description = _("嵌入的视频")


class KeyPointsBlock(blocks.StructBlock):
    """The points a reader should remember, shown as a short checklist on the phone."""

    title = blocks.CharBlock(label=_("标题"), required=False, default="要点", max_length=60)
    points = blocks.ListBlock(blocks.CharBlock(label=_("要点"), max_length=200), label=_("要点"))

    class Meta:
        icon = "list-ul"
        template = "blocks/key_points_block.html"
        description = _("要点清单")
        preview_value = {"title": "要点", "points": ["先关井，后处置", "专人监护"]}


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every study material."""

    heading = HeadingBlock(label=_("标题"))
    paragraph = blocks.RichTextBlock(
        label=_("正文"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("一段正文"),
        features=["bold", "italic", "ol", "ul", "link", "h3"],
        preview_value="<p>全心全意为人民服务。</p>",
    )
    image = ImageBlock(label=_("图片"))
    document = DocumentBlock(label=_("文件"))
    video = VideoBlock(label=_("视频"))
    key_points = KeyPointsBlock(label=_("要点"))

"""Wagtail pages and study records: the site's home page, the branch's study library
(学习资料) and who has studied what (学习记录)."""

import logging

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .forms import StudyIndexPageForm, StudyMaterialPageForm


def segment_for_search(text: str) -> list[str]:
    """Chinese text cut into words (and their shorter sub-words) for full-text search.

    Database full-text search does not segment Chinese, so indexed text and queries are both
    cut with jieba's ``cut_for_search`` and joined with spaces."""
    import jieba  # imported lazily: loading the dictionary takes a moment

    jieba.setLogLevel(logging.WARNING)
    words = []
    for word in jieba.cut_for_search(text or ""):
        word = word.strip()
        if word and any(ch.isalnum() for ch in word):
            words.append(word)
    return words


class HomePage(Page):
    """The site root (支部之家首页): members see their links and the latest materials."""

    template = "home/home_page.html"
    max_count = None
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StudyIndexPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            from .selectors import materials_readable_by

            context["latest_materials"] = materials_readable_by(request.user)[:5]
        return context

    class Meta:
        verbose_name = "首页"


class StudyTopic(models.Model):
    """A topic (专题) study materials are filed under; the secretary may add more."""

    name = models.CharField(
        _("名称"), max_length=40, unique=True, help_text=_("如 党章党规、形势任务、安全生产")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("排序"), default=100, help_text=_("数字小的排在前面")
    )

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("学习专题")
        verbose_name_plural = _("学习专题")

    def __str__(self) -> str:
        return self.name


class StudyIndexPage(Page):
    """A branch's study library (学习园地). Members only: a login view restriction is put on
    every study index when it is saved, and moderation is done by the 支部书记审核 workflow."""

    branch = models.ForeignKey(
        "branch.Branch",
        on_delete=models.PROTECT,
        related_name="study_indexes",
        verbose_name=_("党支部"),
        help_text=_("这些学习资料属于哪个党支部"),
    )
    intro = RichTextField(
        _("简介"), blank=True, features=["bold", "italic", "link"], help_text=_("页面顶部的说明")
    )

    content_panels = Page.content_panels + [FieldPanel("branch"), FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StudyMaterialPage"]
    base_form_class = StudyIndexPageForm
    template = "home/study_index_page.html"

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        from .services import study_index_secure

        study_index_secure(index=self)
        return result

    def get_context(self, request, *args, **kwargs):
        from .selectors import materials_in_index, studied_page_ids

        context = super().get_context(request, *args, **kwargs)
        materials = list(materials_in_index(self))
        context["materials"] = materials
        context["studied_ids"] = studied_page_ids(request.user, [m.pk for m in materials])
        return context

    class Meta:
        verbose_name = _("学习园地")
        verbose_name_plural = _("学习园地")


class StudyMaterialPage(Page):
    """One study material (学习资料). It belongs to the branch of its study index; it may be
    required reading for everybody or for chosen teams."""

    topic = models.ForeignKey(
        StudyTopic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("专题"),
        help_text=_("资料所属的学习专题"),
    )
    summary = models.CharField(
        _("摘要"), max_length=200, blank=True, help_text=_("列表里显示的一句话")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)
    required_for_all = models.BooleanField(
        _("全员必学"), default=False, help_text=_("勾选后，支部所有人都要学习")
    )
    required_teams = ParentalManyToManyField(
        "branch.Team",
        blank=True,
        related_name="required_materials",
        verbose_name=_("必学班组"),
        help_text=_("不是全员必学时，需要学习的班组"),
    )
    branch = models.ForeignKey(
        "branch.Branch",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="study_materials",
        verbose_name=_("党支部"),
        help_text=_("取自所在的学习园地"),
    )
    search_text = models.TextField(
        _("检索文本"), blank=True, editable=False, help_text=_("分词后的标题与正文，供全文检索")
    )

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("required_for_all"), FieldPanel("required_teams")],
            heading=_("必学范围"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("search_text"),
        index.FilterField("branch"),
        index.FilterField("topic"),
    ]

    parent_page_types = ["home.StudyIndexPage"]
    subpage_types: list[str] = []
    base_form_class = StudyMaterialPageForm
    template = "home/study_material_page.html"

    def body_text(self) -> str:
        parts = [self.summary]
        for block in self.body:
            value = block.value
            if block.block_type == "paragraph":
                parts.append(strip_tags(value.source))
            elif block.block_type == "heading":
                parts.append(value["text"])
            elif block.block_type == "key_points":
                parts.append(value["title"] or "")
                parts.extend(value["points"])
            elif block.block_type in ("image", "video"):
                parts.append(value.get("caption") or "")
            elif block.block_type == "document":
                parts.append(value.get("title") or "")
        return "\n".join(p for p in parts if p)

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None:
            parent = parent.specific
            if isinstance(parent, StudyIndexPage):
                self.branch_id = parent.branch_id
        self.search_text = " ".join(segment_for_search(f"{self.title}\n{self.body_text()}"))
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import study_record_for

        context = super().get_context(request, *args, **kwargs)
        context["record"] = study_record_for(request.user, self)
        return context

    class Meta:
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")


class StudyMethod(models.TextChoices):
    SELF = "self", _("自学")
    MEETING = "meeting", _("集中学习")


class StudyRecord(models.Model):
    """That one person has studied one material (学习记录): marked by themself (我已学习), or
    by a team leader for a group reading, so people without accounts are counted too."""

    employee = models.ForeignKey(
        "branch.Employee",
        on_delete=models.CASCADE,
        related_name="study_records",
        verbose_name=_("员工"),
        help_text=_("学习的人"),
    )
    page = models.ForeignKey(
        StudyMaterialPage,
        on_delete=models.CASCADE,
        related_name="study_records",
        verbose_name=_("学习资料"),
        help_text=_("学习的资料"),
    )
    studied_at = models.DateTimeField(_("学习时间"), default=timezone.now, help_text=_("何时学完"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
        help_text=_("本人或组织集中学习的班组长"),
    )
    method = models.CharField(
        _("方式"),
        max_length=10,
        choices=StudyMethod.choices,
        default=StudyMethod.SELF,
        help_text=_("自学或集中学习"),
    )

    class Meta:
        ordering = ["-studied_at"]
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        constraints = [
            models.UniqueConstraint(fields=["employee", "page"], name="one_study_record_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.page_id}"

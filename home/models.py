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

    def serve(self, request, *args, **kwargs):
        """Logged-in people land on their role's 工作台; visitors see the welcome page."""
        if request.user.is_authenticated and not getattr(request, "is_preview", False):
            from .views import workplace

            return workplace(request)
        return super().serve(request, *args, **kwargs)

    class Meta:
        verbose_name = "首页"


class StudyTopic(models.Model):
    """A topic (专题) study materials are filed under; the secretary may add more."""

    name = models.CharField(
        _("Designation"),
        max_length=40,
        unique=True,
        help_text=_("e.g. Party constitution and rules, current tasks, work safety"),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("Order"), default=100, help_text=_("Smaller numbers come first")
    )

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Study topic")
        verbose_name_plural = _("Study topic")

    def __str__(self) -> str:
        return self.name


class StudyIndexPage(Page):
    """A branch's study library (学习园地). Members only: a login view restriction is put on
    every study index when it is saved, and moderation is done by the 支部书记审核 workflow."""

    branch = models.ForeignKey(
        "branch.Branch",
        on_delete=models.PROTECT,
        related_name="study_indexes",
        verbose_name=_("Party branch"),
        help_text=_("Which Party branch these study materials belong to"),
    )
    intro = RichTextField(
        _("Introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Text at the top of the page"),
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
        request.nav_section = "study"  # the navigation marks 学习 as the current place
        materials = list(materials_in_index(self))
        context["materials"] = materials
        context["studied_ids"] = studied_page_ids(request.user, [m.pk for m in materials])
        return context

    class Meta:
        verbose_name = _("Study corner")
        verbose_name_plural = _("Study corner")


class StudyMaterialPage(Page):
    """One study material (学习资料). It belongs to the branch of its study index; it may be
    required reading for everybody or for chosen teams."""

    topic = models.ForeignKey(
        StudyTopic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("Topic"),
        help_text=_("The study topic of the material"),
    )
    summary = models.CharField(
        _("Short summary"), max_length=200, blank=True, help_text=_("One sentence shown in lists")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Body text"), blank=True)
    required_for_all = models.BooleanField(
        _("Required for everyone"),
        default=False,
        help_text=_("When ticked, everyone in the branch must study it"),
    )
    required_teams = ParentalManyToManyField(
        "branch.Team",
        blank=True,
        related_name="required_materials",
        verbose_name=_("Teams required to study"),
        help_text=_("Teams that must study it when it is not required for everyone"),
    )
    branch = models.ForeignKey(
        "branch.Branch",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="study_materials",
        verbose_name=_("Party branch"),
        help_text=_("Taken from the study corner it is in"),
    )
    search_text = models.TextField(
        _("Search text"),
        blank=True,
        editable=False,
        help_text=_("Segmented title and body for full-text search"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("required_for_all"), FieldPanel("required_teams")],
            heading=_("Required for"),
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
        request.nav_section = "study"  # the navigation marks 学习 as the current place
        context["record"] = study_record_for(request.user, self)
        return context

    class Meta:
        verbose_name = _("Study material")
        verbose_name_plural = _("Study material")


class StudyMethod(models.TextChoices):
    SELF = "self", _("Self-study")
    MEETING = "meeting", _("Group study")


class StudyRecord(models.Model):
    """That one person has studied one material (学习记录): marked by themself (我已学习), or
    by a team leader for a group reading, so people without accounts are counted too."""

    employee = models.ForeignKey(
        "branch.Employee",
        on_delete=models.CASCADE,
        related_name="study_records",
        verbose_name=_("Employee"),
        help_text=_("Learner"),
    )
    page = models.ForeignKey(
        StudyMaterialPage,
        on_delete=models.CASCADE,
        related_name="study_records",
        verbose_name=_("Study material"),
        help_text=_("Material studied"),
    )
    studied_at = models.DateTimeField(
        _("Studied at"), default=timezone.now, help_text=_("When it was finished")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Recorded by whom"),
        help_text=_("The person, or the team leader who organised the group study"),
    )
    method = models.CharField(
        _("Mode"),
        max_length=10,
        choices=StudyMethod.choices,
        default=StudyMethod.SELF,
        help_text=_("Self-study or group study"),
    )

    class Meta:
        ordering = ["-studied_at"]
        verbose_name = _("Study record")
        verbose_name_plural = _("Study record")
        constraints = [
            models.UniqueConstraint(fields=["employee", "page"], name="one_study_record_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.page_id}"

"""Wagtail pages and study records: the site's home page, the branch's study library
(学习资料) and who has studied what (学习记录)."""

import datetime

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .blocks import BaseStreamBlock
from .forms import StudyIndexPageForm, StudyMaterialPageForm
from .search import index_terms, segment_for_search  # noqa: F401 (segment_for_search re-exported)

SLUG_PREFIX = "material"


def unique_material_slug(parent, *, day: datetime.date | None = None, exclude_pk=None) -> str:
    """A short, stable slug for a material with a Chinese title: ``material-<date>-<n>``, the
    first number not taken among the library's pages (drafts included)."""
    day = day or timezone.localdate()
    base = f"{SLUG_PREFIX}-{day:%Y%m%d}"
    taken = set()
    if parent is not None:
        siblings = parent.get_children().filter(slug__startswith=base)
        if exclude_pk is not None:
            siblings = siblings.exclude(pk=exclude_pk)
        taken = set(siblings.values_list("slug", flat=True))
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _route_to_child(parent: Page, pages, request, path_components):
    """Wagtail's routing one step down, with the child read from ``pages`` (its specific model)
    in one query; None when the path names no such child of ``parent``."""
    if not path_components:
        return None
    child = pages.child_of(parent).filter(slug=path_components[0]).first()
    if child is None:
        return None
    child._cached_parent_obj = parent  # treebeard's get_parent() reads it
    return child.route(request, path_components[1:])


def refuse_outside_branch(page, request) -> None:
    """A members-only library and its materials are their branch's: a person of another branch
    gets 404 at their address, as for a page that does not exist. Previews (the admin checked
    the rights), superusers and pages made public in Wagtail's privacy setting are let through."""
    user = request.user
    if getattr(request, "is_preview", False) or not user.is_authenticated or user.is_superuser:
        return
    from .selectors import branch_ids_of

    if page.branch_id in branch_ids_of(user):
        return
    if page.get_view_restrictions().exists():
        raise Http404


class RememberedRestrictions:
    """Wagtail reads a page's ancestors to find the view restrictions that apply to it; a page
    routed from what ``home.routing`` remembered already knows which pages those are."""

    restriction_page_ids: tuple[int, ...] | None = None

    def get_view_restrictions(self):
        if self.restriction_page_ids is None:
            return super().get_view_restrictions()
        return PageViewRestriction.objects.filter(page_id__in=self.restriction_page_ids)


class HomePage(Page):
    """The site root (支部之家首页): members see their links and the latest materials."""

    template = "home/home_page.html"
    max_count = None
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StudyIndexPage"]

    def route(self, request, path_components):
        """A library (the only kind of child) is read in one query instead of the page, then
        its specific row; anything else falls back to Wagtail's routing."""
        found = _route_to_child(self, StudyIndexPage.objects, request, path_components)
        return found if found is not None else super().route(request, path_components)

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


class StudyIndexPage(RememberedRestrictions, Page):
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
        from .workflows import study_workflow_attach

        study_workflow_attach(index=self)
        return result

    def route(self, request, path_components):
        """A material is read with its topic in one query (instead of the page, then its
        specific row, then its topic); anything else falls back to Wagtail's routing."""
        materials = StudyMaterialPage.objects.select_related("topic")
        found = _route_to_child(self, materials, request, path_components)
        return found if found is not None else super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        refuse_outside_branch(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import materials_in_index, studied_page_ids

        context = super().get_context(request, *args, **kwargs)
        request.nav_section = "study"  # the navigation marks 学习 as the current place
        from branch.paging import paginate

        page = paginate(request, materials_in_index(self))
        materials = list(page.object_list)
        context["materials"] = materials
        context["materials_page"] = page
        context["studied_ids"] = studied_page_ids(request.user, [m.pk for m in materials])
        return context

    class Meta:
        verbose_name = _("Study corner")
        verbose_name_plural = _("Study corner")


class StudyMaterialPage(RememberedRestrictions, Page):
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
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Body text"),
        blank=True,
        help_text=_(
            "Press “Add content” to add a paragraph, heading, picture, file, video or key points"
        ),
    )
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
    due_on = models.DateField(
        _("Study by"),
        null=True,
        blank=True,
        help_text=_(
            "The day by which the people it is required for should have studied it; "
            "those who have not are reminded"
        ),
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
            [
                FieldPanel("required_for_all"),
                FieldPanel("required_teams", widget=forms.CheckboxSelectMultiple),
                FieldPanel("due_on"),
            ],
            heading=_("Required for"),
            help_text=_("Leave both empty for optional reading"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("search_text"),
        # The admin's page search autocompletes: the segmented words and character pairs let
        # it find 安全 inside a title (井控安全操作要点) and 溢流 in a body.
        index.AutocompleteField("search_text"),
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
        self.search_text = " ".join(index_terms(f"{self.title}\n{self.body_text()}"))
        return super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        # A Chinese title gives no readable slug: use material-<date>-<n>, unique in the library.
        if not self.slug or not self.slug.isascii():
            parent = self.get_parent() if self.path else None
            self.slug = unique_material_slug(parent, exclude_pk=self.pk)
        return super().full_clean(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        refuse_outside_branch(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import study_record_for

        context = super().get_context(request, *args, **kwargs)
        request.nav_section = "study"  # the navigation marks 学习 as the current place
        context["record"] = study_record_for(request.user, self)
        # The library is the page one step up the address (read without loading it).
        url = self.get_url(request) or ""
        context["library_url"] = url.rstrip("/").rsplit("/", 1)[0] + "/"
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


from .workflows import StudyApproval, StudyApprovalTask  # noqa: E402,F401 (models of this app)


class LedgerExport(models.Model):
    """One request for the branch's yearly 台账: built by a Celery task that reports its
    progress here; the finished .docx and .pdf are kept in private storage (``files`` holds
    their paths under PRIVATE_STORAGE_ROOT) and served only to that branch's secretary."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    branch = models.ForeignKey(
        "branch.Branch",
        on_delete=models.CASCADE,
        related_name="ledger_exports",
        verbose_name=_("Party branch"),
    )
    year = models.PositiveSmallIntegerField(_("Year"), help_text=_("The year the ledger covers"))
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("Progress"), default=0, help_text=_("Percent done, 0–100")
    )
    files = models.JSONField(
        _("Files"),
        default=dict,
        blank=True,
        help_text=_("Format (docx, pdf) → path under the private storage"),
    )
    error = models.CharField(_("Problem"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Requested by"),
    )
    created_at = models.DateTimeField(_("Requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("Finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Ledger export")
        verbose_name_plural = _("Ledger export")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="ledger_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.year} {self.status}"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

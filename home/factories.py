"""Study pages for tests: an index under the site's home page and published materials."""

from wagtail.models import Page

from .models import HomePage, StudyIndexPage, StudyMaterialPage, StudyTopic


def home_page() -> HomePage:
    return HomePage.objects.order_by("path").first()


def study_index(branch, *, title: str = "学习园地", slug: str | None = None) -> StudyIndexPage:
    index = StudyIndexPage(title=title, slug=slug or f"study-{branch.code}", branch=branch)
    home_page().add_child(instance=index)
    index.save_revision().publish()
    return index


def study_material(
    index: StudyIndexPage,
    *,
    title: str = "学习资料",
    text: str = "全心全意为人民服务。",
    points: list[str] | None = None,
    topic: str | None = None,
    required_for_all: bool = False,
    teams=(),
    publish: bool = True,
    slug: str | None = None,
) -> StudyMaterialPage:
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"}]
    if points:
        body.append({"type": "key_points", "value": {"title": "要点", "points": points}})
    page = StudyMaterialPage(
        title=title,
        slug=slug or f"m{Page.objects.count() + 1}",
        body=body,
        required_for_all=required_for_all,
        topic=StudyTopic.objects.filter(name=topic).first() if topic else None,
        summary="",
    )
    page.required_teams.set(list(teams))
    if not publish:
        page.live = False
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page

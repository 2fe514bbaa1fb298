"""Replace Wagtail's welcome page with our HomePage as the root of the default site."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    homepage_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="支部之家",
        draft_title="支部之家",
        slug="home",
        content_type=homepage_content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=root.locale_id,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": homepage.id, "site_name": "支部之家"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]

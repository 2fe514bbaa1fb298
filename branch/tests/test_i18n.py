"""The zh-Hans catalogue: English msgids in the source, every one translated back to the
Chinese the users read."""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

CATALOGUE_DIR = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
APPS = ("branch", "care", "home", "recognition", "templates", "config")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr list and flags."""
    entries, entry, field = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = {"msgid": "", "msgid_plural": None, "msgstr": [], "flags": []}
        if line.startswith("#,"):
            entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            field, entry["msgid_plural"] = "msgid_plural", ast.literal_eval(line[13:])
        elif line.startswith("msgid "):
            field, entry["msgid"] = "msgid", ast.literal_eval(line[6:])
        elif line.startswith("msgstr"):
            field = "msgstr"
            entry["msgstr"].append(ast.literal_eval(line.split(" ", 1)[1]))
        elif line.startswith('"'):
            if field == "msgstr":
                entry["msgstr"][-1] += ast.literal_eval(line)
            else:
                entry[field] += ast.literal_eval(line)
    return entries


@pytest.fixture(scope="module")
def entries():
    parsed = read_po(PO_FILE)
    assert parsed[0]["msgid"] == "", "the catalogue starts with its header"
    return parsed[1:]


def test_catalogue_header_declares_simplified_chinese_with_one_plural_form():
    header = read_po(PO_FILE)[0]
    assert "fuzzy" not in header["flags"]
    assert "Language: zh_Hans\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"][0]


def test_every_msgid_is_english_and_translated(entries):
    assert len(entries) > 800
    chinese_msgids = [e["msgid"] for e in entries if CJK.search(e["msgid"])]
    assert chinese_msgids == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"])]
    assert untranslated == []
    plurals = [e for e in entries if e["msgid_plural"]]
    assert plurals and all(len(e["msgstr"]) == 1 for e in plurals)


def test_every_translation_is_chinese(entries):
    # File names and format-only strings aside, a translation that is not Chinese was
    # forgotten (or copied from the msgid).
    formats_only = re.compile(r"^[\s%()a-z_→-]*$")
    not_chinese = [
        e["msgid"]
        for e in entries
        if not CJK.search(e["msgstr"][0]) and not formats_only.match(e["msgid"])
    ]
    assert not_chinese == []


def test_source_has_no_chinese_msgid():
    gettext_call = re.compile(
        r"""\b(?:_|gettext(?:_lazy)?|ngettext(?:_lazy)?|pgettext(?:_lazy)?)\(\s*["'][^"']*"""
        + CJK.pattern
    )
    template_tag = re.compile(r"""\{%\s*(?:translate|trans)\s+["'][^"']*""" + CJK.pattern)
    block = re.compile(
        r"\{%\s*blocktrans(?:late)?\b[^%]*%\}((?:(?!\{%\s*endblocktrans).)*)", re.DOTALL
    )
    offenders = []
    base = Path(settings.BASE_DIR)
    for app in APPS:
        for path in (base / app).rglob("*"):
            if path.suffix not in {".py", ".html"} or {"tests", "migrations"} & set(path.parts):
                continue
            text = path.read_text(encoding="utf-8")
            blocks = block.findall(text)
            if (
                gettext_call.search(text)
                or template_tag.search(text)
                or any(map(CJK.search, blocks))
            ):
                offenders.append(str(path.relative_to(base)))
    assert offenders == []


def test_committed_mo_matches_the_catalogue(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check", "--check-format", "-o", str(compiled), str(PO_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with compiled.open("rb") as fresh, MO_FILE.open("rb") as committed:
        assert (
            gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(committed)._catalog
        )


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    page = client.get(reverse("login")).content.decode()
    assert "工号" in page
    assert "密码" in page
    assert "登录支部之家" in page
    assert "Staff number" not in page


@pytest.mark.django_db
def test_admin_login_page_labels_its_fields_in_chinese(client):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert re.search(r"<label[^>]*>\s*密码", page), "the password field's label"
    assert not re.search(r"<label[^>]*>\s*Password", page)


@pytest.mark.django_db
def test_login_page_is_english_when_english_is_active(client):
    with translation.override("en"):
        page = client.get(reverse("login")).content.decode()
    assert "Staff number" in page
    assert "Password" in page
    assert "Log in to Branch Home" in page
    assert "工号" not in page


def test_plural_and_placeholder_messages_translate_back():
    with translation.override("zh-hans"):
        assert (
            translation.ngettext(
                "%(n)s person awaiting approval.", "%(n)s people awaiting approval.", 3
            )
            % {"n": 3}
            == "3 人待审批。"
        )
        assert (
            translation.gettext("Happy birthday, %(name)s!") % {"name": "王强"}
            == "生日快乐，王强！"
        )


def test_msgids_do_not_override_installed_apps_translations():
    # The project catalogue wins over every installed app's, so sharing a msgid with Django or
    # Wagtail but translating it differently would change their admin screens.
    import django
    from django.apps import apps

    with MO_FILE.open("rb") as committed:
        ours = gettext.GNUTranslations(committed)._catalog
    app_dirs = [Path(config.path) for config in apps.get_app_configs()]
    catalogues = [Path(django.__file__).parent / "conf"]
    catalogues += [path for path in app_dirs if path.parent != Path(settings.BASE_DIR)]
    assert any(path.name == "wagtail" for path in catalogues)
    clashes = []
    for directory in catalogues:
        mo = directory / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
        if not mo.exists():
            continue
        with mo.open("rb") as handle:
            theirs = gettext.GNUTranslations(handle)._catalog
        clashes += [
            (msgid, theirs[msgid], text, directory.name)
            for msgid, text in ours.items()
            if msgid and msgid in theirs and theirs[msgid] != text
        ]
    assert clashes == []

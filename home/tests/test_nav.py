"""The navigation's labels and current place. Every destination (tab bar, menu, 更多) is
labelled in Chinese: a label the catalogue lacks shows in English (seen: Search materials,
Greetings, Frequently asked), as happens when a label is wrapped in a name makemessages does not
know."""

import re

from django.utils import translation

from home.registries import nav_items


def test_every_navigation_label_is_translated():
    with translation.override("zh-hans"):
        labels = {item.key: str(item.label) for item in nav_items()}
        groups = {str(item.group) for item in nav_items()}
    assert len(labels) >= 20
    english = {key: label for key, label in labels.items() if re.search(r"[A-Za-z]{2,}", label)}
    assert not english, english
    assert not [g for g in groups if re.search(r"[A-Za-z]{2,}", g)], groups
    assert labels["home.study_search"] == "搜索资料" and labels["care.faq"] == "常见问题"


def test_more_page_marks_only_more_as_the_current_place(client, org, org2):
    """/me/more/ sits under 我的's address (/me/): 更多 is the current place, never 我的."""
    client.force_login(org.worker_user)
    html = client.get("/me/more/").content.decode()
    main = html.split('<main id="main"')[1].split("</main>")[0]
    assert 'data-nav="home.me"' in main and "aria-current" not in main
    bar = html.split('data-testid="tab-bar"')[1].split("</nav>")[0]
    assert re.findall(r'data-nav="([^"]+)" aria-current="page"', bar) == ["home.more"]
    menu = html.split('data-testid="site-menu"')[1].split("</nav>")[0]
    assert "aria-current" not in menu
    assert org2.worker.name not in html
    # 我的 itself is still marked on its own page.
    html = client.get("/me/").content.decode()
    assert 'data-nav="home.me" aria-current="page"' in html

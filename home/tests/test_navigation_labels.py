"""Every destination of the navigation (tab bar, menu, 更多) is labelled in Chinese: a label the
catalogue lacks shows in English (seen: Search materials, Greetings, Frequently asked), as
happens when a label is wrapped in a name makemessages does not know."""

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

"""Wagtail pages: the site's home page. Study pages arrive with their issue."""

from wagtail.models import Page


class HomePage(Page):
    """The site root (支部之家首页)."""

    template = "home/home_page.html"
    max_count = None

    class Meta:
        verbose_name = "首页"

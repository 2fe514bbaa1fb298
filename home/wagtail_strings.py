"""Wagtail admin messages that show in our study-material flows but that Wagtail's own zh_Hans
catalogue leaves untranslated. Named here (never called) so that ``make messages`` keeps them in
our catalogue, which Django reads before Wagtail's; only msgids Wagtail has no Chinese for
belong here (branch/tests/test_i18n.py checks we never change a translation Wagtail has).
Strings of Wagtail's JavaScript are in locale/zh_Hans/LC_MESSAGES/djangojs.po."""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Autosave is paused"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Saved"),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop(
        "Preview cannot display due to validation errors. <br /> Click save to highlight the "
        "relevant fields."
    ),
    gettext_noop("Go to the first error"),
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the "
        "slug is unique and try again."
    ),
    gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been cancelled."),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been restarted."),
    gettext_noop(
        "This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    gettext_noop(
        "This page was marked as needing changes at <strong>%(task)s</strong> in "
        "<strong>%(workflow)s</strong>."
    ),
    gettext_noop(
        "This %(model_name)s is currently at <strong>%(task)s</strong> in "
        "<strong>%(workflow)s</strong>."
    ),
    gettext_noop("This %(model_name)s hasn't been submitted for moderation yet"),
    gettext_noop("Publishing this %(model_name)s will cancel the current workflow."),
    gettext_noop("This %(model_name)s is currently awaiting moderation."),
    gettext_noop(
        "This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> "
        "workflow."
    ),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    gettext_noop("Locked by workflow"),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
    gettext_noop(
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"
    ),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("You saved a new version in another window"),
    gettext_noop("You have unsaved changes in another window"),
    gettext_noop("A network error occurred"),
    gettext_noop("Privacy and access"),
    gettext_noop("Search all pages…"),
    gettext_noop("Schedule to publish"),
    gettext_noop("Private, accessible to any logged-in users"),
    gettext_noop("Resubmitted '%(task)s'. Workflow resumed"),
]

PLURAL_MESSAGES = [
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    # The page explorer's and the page search's count of rows, and the search's heading.
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    ngettext_lazy("There is one matching page", "There are %(counter)s matching pages", "counter"),
]

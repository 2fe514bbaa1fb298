"""Thin views of organisational life: parse, check scope through selectors, call a service,
render. Meetings someone may not see answer 404 (ids are not confirmed)."""

from .compliance import compliance_view, requirements_view  # noqa: F401
from .development import development_detail, development_list  # noqa: F401
from .dues import dues_rates, dues_sheet, dues_year  # noqa: F401
from .meetings import (  # noqa: F401
    meeting_attendance,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_file,
    meeting_file_upload,
    meeting_list,
    meeting_lock,
    meeting_unlock,
)
from .posts import post_list  # noqa: F401

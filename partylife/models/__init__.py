"""Organisational life: meetings (三会一课, 主题党日), member development, Party dues."""

from .development import STAGE_ORDER, Development, DevelopmentStep, Stage  # noqa: F401
from .dues import DuesCategory, DuesPayment, DuesRate  # noqa: F401
from .meetings import (  # noqa: F401
    DEFAULT_FREQUENCIES,
    Attendance,
    AttendanceStatus,
    Frequency,
    Meeting,
    MeetingFile,
    MeetingKind,
    MeetingRequirement,
    ThemedActivity,
    meeting_file_path,
)
from .posts import PartyPost, PostReview  # noqa: F401

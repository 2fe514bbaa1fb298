"""Training (一日一练、一月一课、一季一考、半年一赛) and the technical evaluation (技术考评).

Every write goes through ``training.services``; every scoped read through
``training.selectors``.
"""

from .evaluations import (  # noqa: F401
    GRADE_ORDER,
    Contest,
    ContestEvent,
    Entry,
    Evaluation,
    EvaluationRule,
    Grade,
    Nomination,
)
from .exams import (  # noqa: F401
    TRUE_FALSE_OPTIONS,
    Attempt,
    Exam,
    Question,
    QuestionKind,
    round_score,
    score_answer,
)
from .plans import Attendance, DayOff, Plan, Session, SessionKind, WorkCalendar  # noqa: F401

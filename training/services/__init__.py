"""Every write of the training app, by concept."""

from .attendance import (  # noqa: F401
    attendance_everyone_present,
    attendance_record,
    recordable_people,
    session_people,
)
from .evaluations import (  # noqa: F401
    contest_create,
    contest_publish,
    contest_rank,
    entry_add,
    entry_score_set,
    evaluation_inputs,
    evaluation_rule_of,
    evaluation_rule_set,
    evaluations_compute,
    evaluations_compute_all,
    grade_at_least,
    grade_for,
    nomination_decide,
    placed_entries,
)
from .exams import (  # noqa: F401
    attempt_enter_paper_score,
    attempt_start,
    attempt_submit,
    exam_allow_attempts,
    exam_create,
    exam_paper,
    exam_reminders_send,
    score_answers,
)
from .questions import QuestionImportError, parse_questions, question_import  # noqa: F401
from .schedule import (  # noqa: F401
    AHEAD_DAYS,
    clamped_date,
    half_bounds,
    half_period,
    plan_save,
    sessions_generate,
    sessions_generate_ahead,
    work_calendar_set,
)

import datetime

import pytest

from recognition import services
from recognition.factories import RatingPeriodFactory


@pytest.fixture
def criteria(org):
    return services.criteria_ensure_defaults(branch=org.branch)


@pytest.fixture
def period(org):
    return RatingPeriodFactory(
        branch=org.branch, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30)
    )

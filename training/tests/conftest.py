import pytest

from training.factories import PlanFactory


@pytest.fixture
def plan(org):
    return PlanFactory(branch=org.branch)

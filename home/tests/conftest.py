import pytest

from home.factories import study_index, study_material


@pytest.fixture
def study(org):
    """The org's study index with two published materials: one for everybody, one for team A."""
    org.index = study_index(org.branch)
    org.oath = study_material(
        org.index, title="重温入党誓词", text="重温誓词，牢记初心。", required_for_all=True
    )
    org.well = study_material(
        org.index,
        title="井控安全操作要点",
        text="发现溢流立即关井，确保安全生产。",
        teams=[org.team_a],
    )
    return org

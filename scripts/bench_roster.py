"""Roster import of a 2,000-row .xlsx: first import, re-import with no change, every row changed,
and the export."""

from scripts.bench import Measure, benchmark

ROWS = 2_000
TEAMS = [
    "修井一班",
    "修井二班",
    "修井三班",
    "作业四班",
    "作业五班",
    "作业六班",
    "作业七班",
    "作业八班",
]


def _file(name_suffix: str = "") -> bytes:
    from branch.tests.roster_files import row, xlsx_bytes

    return xlsx_bytes(
        [
            row(
                staff_no=f"R{i:05d}",
                name=f"员工{i}{name_suffix}",
                team=TEAMS[i % len(TEAMS)],
                kind=("正式工", "农民合同工", "短期实习生")[i % 3],
                calendar=("公历", "农历")[i % 2],
                mobile=f"138{i:08d}",
            )
            for i in range(ROWS)
        ]
    )


@benchmark("branch.import_roster")
def roster_import() -> dict:
    from branch.models import Branch
    from branch.roster import export_roster, import_roster

    branch = Branch.objects.create(code="roster-bench", name="花名册基准")
    first, changed = _file(), _file("改")
    figures = {"rows": ROWS}
    for label, data in (
        ("create", first),
        ("re-import, no change", first),
        ("update all", changed),
    ):
        with Measure() as m:
            report = import_roster(branch=branch, file=data, filename="bench.xlsx")
        figures[f"{label}: seconds"] = round(m.seconds, 2)
        figures[f"{label}: queries"] = m.queries
        figures[f"{label}: created/updated/unchanged"] = (
            f"{report.created}/{report.updated}/{report.unchanged}"
        )
    with Measure() as m:
        exported = export_roster(branch=branch)
    figures["export: seconds"] = round(m.seconds, 2)
    figures["export: queries"] = m.queries
    figures["export: bytes"] = len(exported)
    return figures

"""Roster import of a ``BENCH_ROSTER_ROWS``-row .xlsx (default 10,000): first import, re-import
with no change, every row changed, and the export; seconds (wall, and this process's CPU, which
a busy machine disturbs less), queries and memory (each step's own peak RSS where Linux lets it
be reset, the process's peak RSS after each step, and the Python heap's peak of a first import
traced by tracemalloc, which runs slower and so is timed apart)."""

import os
import resource
import tracemalloc

from scripts.bench import Measure, benchmark

ROWS = int(os.environ.get("BENCH_ROSTER_ROWS", "10000"))
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
    """The roster as .xlsx, written in openpyxl's write-only mode (so building it does not
    weigh on the import's memory figures)."""
    from branch.spreadsheets import build_xlsx
    from branch.tests.roster_files import HEADER, row

    rows = (
        row(
            staff_no=f"R{i:06d}",
            name=f"员工{i}{name_suffix}",
            team=TEAMS[i % len(TEAMS)],
            kind=("正式工", "农民合同工", "短期实习生")[i % 3],
            calendar=("公历", "农历")[i % 2],
            mobile=f"138{i:08d}",
        )
        for i in range(ROWS)
    )
    return build_xlsx([("花名册", HEADER, rows)])


@benchmark("branch.import_roster")
def roster_import() -> dict:
    from branch.models import Branch
    from branch.roster import export_roster, import_roster

    branch = Branch.objects.create(code="roster-bench", name="花名册基准")
    first, changed = _file(), _file("改")
    figures = {"rows": ROWS, "file bytes": len(first)}
    for label, data in (
        ("create", first),
        ("re-import, no change", first),
        ("update all", changed),
    ):
        _reset_peak_rss()
        cpu = _cpu_seconds()
        with Measure() as m:
            report = import_roster(branch=branch, file=data, filename="bench.xlsx")
        figures[f"{label}: seconds"] = round(m.seconds, 2)
        figures[f"{label}: CPU seconds (this process)"] = round(_cpu_seconds() - cpu, 2)
        figures[f"{label}: peak RSS of the step (MB)"] = _step_peak_rss_mb()
        figures[f"{label}: queries"] = m.queries
        figures[f"{label}: created/updated/unchanged"] = (
            f"{report.created}/{report.updated}/{report.unchanged}"
        )
        figures[f"{label}: peak RSS so far (MB)"] = _max_rss_mb()
    with Measure() as m:
        exported = export_roster(branch=branch)
    figures["export: seconds"] = round(m.seconds, 2)
    figures["export: queries"] = m.queries
    figures["export: bytes"] = len(exported)

    traced = Branch.objects.create(code="roster-traced", name="花名册内存")
    tracemalloc.start()
    try:
        import_roster(branch=traced, file=first, filename="bench.xlsx")
        figures["create, traced: Python heap peak (MB)"] = round(
            tracemalloc.get_traced_memory()[1] / 2**20, 1
        )
    finally:
        tracemalloc.stop()
    figures["peak RSS of the process (MB)"] = _max_rss_mb()
    return figures


def _max_rss_mb() -> float:
    rusage = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return max(rusage, _EARLIER_PEAK_MB)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


_EARLIER_PEAK_MB = 0.0  # the peak before the last reset, which getrusage no longer sees


def _reset_peak_rss() -> None:
    """Linux: writing 5 to /proc/self/clear_refs resets the peak RSS (VmHWM) to the RSS now."""
    global _EARLIER_PEAK_MB
    _EARLIER_PEAK_MB = _max_rss_mb()
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def _step_peak_rss_mb() -> float | str:
    """VmHWM since the last reset (the whole run's peak where it cannot be reset)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return "n/a"

"""The web benchmark (``make bench-web``): one gunicorn with the production settings on
127.0.0.1, every page of the plan loaded by locust with 4 concurrent users (bounded in requests
and time), each page's req/s as a share of a floor view served by the same process, the queries
per page, and the memory of each process afterwards.

The database must hold a company made by ``manage.py seed_bench`` (``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/zhibu_bench``); an empty or missing one is seeded first
with ``BENCH_EMPLOYEES`` employees (default 100,000). Figures go to
``var/bench/web-<UTC time>.json``, a short table to stdout. Compare runs as ratios."""

import datetime
import json
import os
import secrets
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zhibu_bench"
PORT = int(os.environ.get("BENCH_PORT", "8400"))
OUT_DIR = ROOT / "var" / "bench"
PASSWORD = os.environ.get("BENCH_PASSWORD", "zhibu-bench-2026")  # branch.bench.BENCH_PASSWORD


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        CELERY_BROKER_URL=env.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5"),
        # As in production: one Redis cache for the fragments and the sessions of every worker.
        CACHE_URL=env.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        WEB_CONCURRENCY=env.get("WEB_CONCURRENCY", "2"),
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_MAX_REQUESTS="0",  # no worker restarts during the run: memory is measured after
        LOG_LEVEL="WARNING",
    )
    return env


def _database_ready(env: dict) -> None:
    """Create the database if missing, migrate it, and seed it when it holds no company."""
    if urlparse(env["DATABASE_URL"]).scheme.startswith("postgres"):
        from scripts.createdb import ensure_database

        ensure_database(env["DATABASE_URL"])
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=seed_env, check=True)
    empty = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", "import sys; from branch.bench import "
         "database_is_empty; sys.exit(0 if database_is_empty() else 3)"],
        cwd=ROOT, env=seed_env,
    ).returncode == 0  # fmt: skip
    if empty:
        employees = env.get("BENCH_EMPLOYEES", "100000")
        print(f"seeding {employees} employees (manage.py seed_bench) …", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "seed_bench", "--employees", employees],
            cwd=ROOT, env=seed_env, check=True,
        )  # fmt: skip
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)


def _memory(pid: int) -> dict:
    figures = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                figures[key.lower() + "_mb"] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return figures


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _wait_up(base: str, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            request = urllib.request.Request(
                base + "/healthz/floor", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz/floor")


def _verdict(row: dict, floor_rps: float, targets: dict) -> str:
    target = targets.get(row["kind"])
    if not target:
        return ""
    failed = []
    ratio = floor_rps / row["rps"] if row.get("rps") else None
    if target["ratio"] and (ratio is None or ratio > target["ratio"]):
        failed.append(f"1/{target['ratio']}")
    if target["p95"] and (row.get("p95_ms") is None or row["p95_ms"] > target["p95"]):
        failed.append(f"p95≤{target['p95']}")
    if target["queries"] and (row.get("queries") or 0) > target["queries"]:
        failed.append(f"q≤{target['queries']}")
    if row.get("status") != 200:
        failed.append(f"HTTP {row.get('status')}")
    return "pass" if not failed else "FAIL " + ",".join(failed)


def _pad(text: str, width: int) -> str:
    """Left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _table(rows: list[dict], floor_rps: float, targets: dict) -> str:
    lines = [
        f"{'page':<28} {'role':<9} {'req/s':>7} {'ratio':>7} {'p50':>7} {'p95':>7} "
        f"{'KB':>6} {'queries':>7}  target"
    ]
    for row in rows:
        ratio = f"1/{floor_rps / row['rps']:.0f}" if row.get("rps") else "-"
        if row["kind"] == "floor":
            ratio = "1/1"
        elif row["kind"] == "export":  # downloaded one at a time: no share of the floor
            ratio = "-"
        lines.append(
            f"{_pad(row['name'], 28)} {row['role']:<9} {row.get('rps') or 0:>7.1f} {ratio:>7} "
            f"{row.get('p50_ms') or 0:>7.0f} {row.get('p95_ms') or 0:>7.0f} "
            f"{row.get('bytes', 0) / 1024:>6.0f} {row.get('queries', '-'):>7}  "
            f"{_verdict(row, floor_rps, targets)}"
        )
    return "\n".join(lines)


def print_saved(path: str) -> int:
    """``python -m scripts.bench_web --table var/bench/web-….json``: a saved run's table again
    (with the targets of this version)."""
    sys.path.insert(0, str(ROOT))
    from scripts.bench_web_plan import TARGETS

    report = json.loads(Path(path).read_text(encoding="utf-8"))
    print(_table(report["pages"], report["floor_rps"], TARGETS))
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--table"]:
        return print_saved(sys.argv[2])
    env = _env()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    load_start = os.getloadavg()
    print(f"load average at start: {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}")
    _database_ready(env)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    plan_path = OUT_DIR / f"plan-{stamp}.json"
    print("counting queries per page …", flush=True)
    subprocess.run([PYTHON, "-m", "scripts.bench_web_plan", str(plan_path)], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    base = f"http://127.0.0.1:{PORT}"
    log = open(OUT_DIR / f"gunicorn-{stamp}.log", "w")  # noqa: SIM115 (closed below)
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    results_path = OUT_DIR / f"load-{stamp}.json"
    try:
        _wait_up(base)
        print(f"gunicorn {gunicorn.pid} on {base}; loading pages …", flush=True)
        subprocess.run(
            [PYTHON, "-m", "scripts.bench_web_load", str(plan_path), base, PASSWORD,
             str(results_path)], cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        memory = {"gunicorn master": _memory(gunicorn.pid)}
        for n, pid in enumerate(_children(gunicorn.pid), start=1):
            memory[f"gunicorn worker {n}"] = _memory(pid)
        memory["celery worker"] = "none started by the bench"
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a worker still busy with a long request
            for pid in _children(gunicorn.pid):
                os.kill(pid, 9)
            gunicorn.kill()
            gunicorn.wait()
        log.close()
    rows = json.loads(results_path.read_text(encoding="utf-8"))
    floor = next(r for r in rows if r["kind"] == "floor")
    load_end = os.getloadavg()
    report = {
        "at": stamp,
        "database": urlparse(env["DATABASE_URL"])._replace(netloc="").geturl(),
        "workers": int(env["WEB_CONCURRENCY"]),
        "load_average_start": load_start,
        "load_average_end": load_end,
        "floor_rps": floor["rps"],
        "pages": [
            {**r, "ratio": round(floor["rps"] / r["rps"], 1) if r.get("rps") else None}
            for r in rows
        ],
        "memory": memory,
        "targets": plan["targets"],
    }
    out = OUT_DIR / f"web-{stamp}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print()
    print(_table(rows, floor["rps"], plan["targets"]))
    print()
    for name, figures in memory.items():
        print(f"  {name:<18} {figures}")
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    print(f"figures: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

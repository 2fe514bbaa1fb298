"""The web benchmark's load generator (locust as a library; gevent-patched, so no Django here):
``python -m scripts.bench_web_load PLAN.json BASE_URL PASSWORD OUT.json``.

Logs each persona in through the login form, then loads every page of the plan with
``USERS`` concurrent users until ``MAX_REQUESTS`` requests or ``MAX_SECONDS`` seconds, whichever
comes first, and writes req/s, p50, p95 and the response size of each. Exports, which take
seconds, are downloaded ``EXPORT_REQUESTS`` times one after the other instead."""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402,F401
from locust.env import Environment  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", "4"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "400"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "10"))
EXPORT_REQUESTS = 2
HTTPS = {"X-Forwarded-Proto": "https"}


def login(base: str, staff_no: str, password: str) -> str:
    """Log in through the site's form; returns the Cookie header of the session. The cookies are
    marked Secure (production), so they are carried by hand over the plain-HTTP connection."""
    url = f"{base}/accounts/login/"
    session = requests.Session()
    form = session.get(url, headers=HTTPS, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    cookies = {"csrftoken": form.cookies.get("csrftoken") or session.cookies.get("csrftoken")}
    answer = session.post(
        url,
        data={"staff_no": staff_no, "password": password, "csrfmiddlewaretoken": token},
        headers={
            **HTTPS,
            # A secure request's form must come from an https page of the same host.
            "Referer": url.replace("http://", "https://", 1),
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
        allow_redirects=False,
        timeout=60,
    )
    sessionid = answer.cookies.get("sessionid")
    if answer.status_code != 302 or not sessionid:
        raise SystemExit(f"login of {staff_no} failed: HTTP {answer.status_code}")
    return f"sessionid={sessionid}; csrftoken={cookies['csrftoken']}"


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run_download(base: str, page: dict, headers: dict) -> dict:
    """An export takes seconds: ``EXPORT_REQUESTS`` downloads one after the other, timed whole."""
    times, size, status = [], 0, None
    started = time.perf_counter()
    for _ in range(EXPORT_REQUESTS):
        begin = time.perf_counter()
        answer = requests.get(
            base + page["url"], headers=headers, allow_redirects=False, timeout=300
        )
        times.append((time.perf_counter() - begin) * 1000)
        size, status = len(answer.content), answer.status_code
    elapsed = time.perf_counter() - started
    return {
        "status": status,
        "requests": len(times),
        "failures": 0 if status == 200 else len(times),
        "seconds": round(elapsed, 2),
        "rps": round(len(times) / elapsed, 2),
        "p50_ms": round(_percentile(times, 0.50), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "bytes": size,
        "concurrency": 1,
    }


def run_page(base: str, page: dict, cookie: str) -> dict:
    headers = {**HTTPS, "Cookie": cookie}
    if page["kind"] == "export":
        return run_download(base, page, headers)
    budget = MAX_REQUESTS
    # One request first: the worker's caches warm up, and the answer is checked.
    first = requests.get(base + page["url"], headers=headers, allow_redirects=False, timeout=120)

    class PageUser(FastHttpUser):
        host = base
        wait_time = constant(0)
        network_timeout = 120.0
        connection_timeout = 120.0

        @task
        def load(self):
            self.client.get(page["url"], headers=headers, name=page["name"], allow_redirects=False)

    samples: list[tuple[float, int, bool]] = []
    environment = Environment(user_classes=[PageUser])

    def on_request(response_time, response_length, exception, **kwargs):
        samples.append((response_time, response_length or 0, exception is None))

    environment.events.request.add_listener(on_request)
    runner = environment.create_local_runner()
    started = time.perf_counter()
    runner.start(USERS, spawn_rate=USERS * 10)
    while len(samples) < budget and time.perf_counter() - started < MAX_SECONDS:
        gevent.sleep(0.02)
    elapsed = time.perf_counter() - started
    runner.quit()
    done = samples[:]
    times = [s[0] for s in done]
    return {
        "status": first.status_code,
        "requests": len(done),
        "failures": sum(1 for s in done if not s[2]),
        "seconds": round(elapsed, 2),
        "rps": round(len(done) / elapsed, 1) if elapsed else None,
        "p50_ms": round(_percentile(times, 0.50), 1) if times else None,
        "p95_ms": round(_percentile(times, 0.95), 1) if times else None,
        "bytes": len(first.content),
        "concurrency": USERS,
    }


def main(argv: list[str]) -> int:
    plan_path, base, password, out_path = argv
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    cookies = {role: login(base, p["staff_no"], password) for role, p in plan["personas"].items()}
    results = []
    for page in plan["pages"]:
        result = run_page(base, page, cookies[page["role"]])
        results.append({**page, **result})
        print(
            f"  {page['name']:<28} {page['role']:<9} {result['rps'] or 0:>7} req/s "
            f"p95 {result['p95_ms']} ms ({result['requests']} requests, HTTP {result['status']})",
            flush=True,
        )
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

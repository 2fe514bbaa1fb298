#!/usr/bin/env bash
# Web server + a real Celery worker + beat, on the embedded default (SQLite, filesystem broker).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
BIN=.venv/bin
mkdir -p var/celery/out var/celery/processed var/log

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"$BIN/celery" -A config worker --loglevel=INFO --concurrency=1 --hostname="web-dev@%h" >var/log/worker.log 2>&1 &
pids+=($!)
"$BIN/celery" -A config beat --loglevel=INFO >var/log/beat.log 2>&1 &
pids+=($!)

cat <<MSG

  支部之家 is running on http://127.0.0.1:${PORT}/
  Celery worker and beat are running (logs in var/log/).

  演示账号（工号 / 密码）:
    支部书记  S001 / zhibu-2026   (管理后台 http://127.0.0.1:${PORT}/admin/)
    班组长    L001 / zhibu-2026
    员工      W001 / zhibu-2026

MSG
"$BIN/python" manage.py runserver "127.0.0.1:${PORT}"

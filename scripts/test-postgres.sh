#!/usr/bin/env bash
# Run the whole suite again on PostgreSQL when a server is reachable; say so clearly when not.
set -euo pipefail
cd "$(dirname "$0")/.."
url="${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/zhibu}"
if ! .venv/bin/python - "$url" <<'PY'
import sys
import psycopg
from urllib.parse import urlparse
u = urlparse(sys.argv[1])
try:
    psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable at {u.hostname}:{u.port or 5432} ({exc.__class__.__name__}).")
    sys.exit(1)
PY
then
  echo "SKIPPED: the PostgreSQL run of the suite (start PostgreSQL or set PG_TEST_URL)."
  exit 0
fi
echo "== pytest on PostgreSQL (${url}) =="
DATABASE_URL="$url" .venv/bin/pytest -p no:cacheprovider

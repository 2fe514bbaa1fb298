#!/usr/bin/env bash
# Back up 支部之家: the PostgreSQL database (pg_dump custom format), the public uploads
# (MEDIA_ROOT) and the confidential uploads (PRIVATE_STORAGE_ROOT), into one dated folder with
# checksums. Run it on one host that sees the database and the upload folders, e.g. nightly:
#   DATABASE_URL=postgres://zhibu@db/zhibu MEDIA_ROOT=/srv/zhibu/media \
#   PRIVATE_STORAGE_ROOT=/srv/zhibu/private scripts/backup.sh /backup/zhibu
# Optional: BACKUP_KEEP_DAYS=30 removes backups older than that from the destination.
set -euo pipefail

dest="${1:?usage: backup.sh DESTINATION_DIR}"
: "${DATABASE_URL:?set DATABASE_URL (postgres://user[:password]@host:port/dbname)}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2 ;;
esac
media_root="${MEDIA_ROOT:-media}"
private_root="${PRIVATE_STORAGE_ROOT:-private}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="${dest%/}/zhibu-${stamp}"
partial="${target}.partial"
mkdir -p "$partial"
trap 'rm -rf "$partial"' ERR

pg_dump --format=custom --no-owner --no-acl --dbname="$DATABASE_URL" --file="$partial/database.dump"
for pair in "media:$media_root" "private:$private_root"; do
  name="${pair%%:*}"; folder="${pair#*:}"
  if [ -d "$folder" ]; then
    tar -C "$folder" -czf "$partial/$name.tar.gz" .
  else
    echo "backup.sh: $folder does not exist; writing an empty $name archive" >&2
    tar -czf "$partial/$name.tar.gz" --files-from /dev/null
  fi
done
(cd "$partial" && sha256sum database.dump media.tar.gz private.tar.gz > SHA256SUMS)
mv "$partial" "$target"
trap - ERR

if [ -n "${BACKUP_KEEP_DAYS:-}" ]; then
  find "${dest%/}" -maxdepth 1 -type d -name 'zhibu-*' -mtime "+${BACKUP_KEEP_DAYS}" -exec rm -rf {} +
fi
echo "$target"

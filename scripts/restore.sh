#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database named by DATABASE_URL and the
# folders MEDIA_ROOT and PRIVATE_STORAGE_ROOT. Stop the web, worker and beat processes first.
#   DATABASE_URL=postgres://zhibu@db/zhibu MEDIA_ROOT=/srv/zhibu/media \
#   PRIVATE_STORAGE_ROOT=/srv/zhibu/private scripts/restore.sh /backup/zhibu/zhibu-20260501T020000Z --yes
# The database must exist (createdb); objects already in it are replaced (pg_restore --clean).
# Files already in the upload folders are kept unless the backup has a file of the same name.
set -euo pipefail

source_dir="${1:?usage: restore.sh BACKUP_DIR --yes}"
if [ "${2:-}" != "--yes" ]; then
  echo "restore.sh: this replaces the data in \$DATABASE_URL and the upload folders; add --yes" >&2
  exit 2
fi
: "${DATABASE_URL:?set DATABASE_URL (postgres://user[:password]@host:port/dbname)}"
media_root="${MEDIA_ROOT:-media}"
private_root="${PRIVATE_STORAGE_ROOT:-private}"

(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS) || {
  echo "restore.sh: checksums of $source_dir do not match; refusing to restore" >&2
  exit 1
}
pg_restore --clean --if-exists --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$source_dir/database.dump"
mkdir -p "$media_root" "$private_root"
tar -C "$media_root" -xzf "$source_dir/media.tar.gz"
tar -C "$private_root" -xzf "$source_dir/private.tar.gz"
chmod 700 "$private_root"
echo "restored $source_dir"

#!/usr/bin/env bash
# Installs what the tests need beyond Node.js: Debian's PostgreSQL server binaries (the real-database
# tests start a throwaway cluster from them), openssl (they generate its TLS certificates) and rclone
# (the bucket copy-step tests).
# Idempotent and quiet; does nothing when all are already there. Needs root or sudo to install.
set -euo pipefail

have_postgres() {
  if [ -n "${WISSEL_POSTGRES_BIN:-}" ]; then
    [ -x "$WISSEL_POSTGRES_BIN/initdb" ] && [ -x "$WISSEL_POSTGRES_BIN/pg_ctl" ] && [ -x "$WISSEL_POSTGRES_BIN/psql" ]
    return
  fi
  local bin
  for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/psql" ]; then return 0; fi
  done
  return 1
}

# Each section below installs only what is missing; the script exits 0 when nothing is.
have_all() {
  have_postgres && command -v openssl >/dev/null && command -v rclone >/dev/null
}

if have_all; then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "ci-services: install PostgreSQL 15 or newer (server binaries: initdb, pg_ctl, postgres, psql), openssl and rclone," >&2
  echo "then set WISSEL_POSTGRES_BIN to the directory holding initdb if it is not /usr/lib/postgresql/<major>/bin." >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then as_root=(sudo); else
    echo "ci-services: run as root (or install sudo) to apt-get install postgresql openssl" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >/dev/null
if ! have_postgres || ! command -v openssl >/dev/null; then
  echo "ci-services: installing postgresql and openssl from Debian's packages" >&2
  # postgresql pulls in the server, the client and the contrib extensions; no recommends (no cluster is used).
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends postgresql openssl >/dev/null
  have_postgres || { echo "ci-services: postgresql installed, but no initdb under ${WISSEL_POSTGRES_BIN:-/usr/lib/postgresql/*/bin}" >&2; exit 1; }
fi

# ---- copy steps (packages/migrate): rclone ------------------------------------------------------
# The bucket copy-step tests run Debian's rclone between Azurite and s3rver. Idempotent: installs
# only when `rclone` is missing. No recommends (fuse3 is for `rclone mount`, which Wissel never runs).
if ! command -v rclone >/dev/null; then
  echo "ci-services: installing rclone from Debian's packages" >&2
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends rclone >/dev/null
  command -v rclone >/dev/null || { echo "ci-services: rclone installed, but not on PATH" >&2; exit 1; }
fi
# ---- end copy steps -----------------------------------------------------------------------------

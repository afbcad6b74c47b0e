#!/usr/bin/env bash
# Installs what the tests need beyond Node.js, from Debian's packages:
#   - PostgreSQL's server binaries: the real-database tests start throwaway clusters from them;
#   - openssl: the tests generate TLS certificates with it;
#   - Dovecot, Postfix and OpenDKIM: the mail-server test starts its own instances on loopback;
#   - rclone: the bucket copy-step tests run it between Azurite and s3rver.
#   - Chromium: the `wissel report` tests open the report in it, headless (WISSEL_CHROMIUM names
#     another binary). Debian's package, not a browser an npm package downloads: apt keeps it patched.
# Each check below installs its packages only when its binaries are missing, all in one apt-get run;
# the script does nothing when everything is there. Needs root or sudo to install.
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

have_openssl() { command -v openssl >/dev/null; }

# The binaries packages/testing/src/mail-server.ts starts (keep the two lists in step).
have_mail() {
  [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/lmtp ] && [ -x /usr/lib/dovecot/imap ] &&
    [ -x /usr/lib/dovecot/quota-status ] && [ -x /usr/sbin/postfix ] && [ -x /usr/sbin/opendkim ]
}

have_rclone() { command -v rclone >/dev/null; }

have_chromium() { [ -x "${WISSEL_CHROMIUM:-/usr/bin/chromium}" ]; }

# check | Debian packages it needs. postgresql pulls in the server, the client and the contrib
# extensions; dovecot-imapd and dovecot-lmtpd pull in dovecot-core (with quota-status);
# opendkim-tools gives opendkim-genkey for whoever makes a key by hand; fonts-dejavu-core gives
# Chromium's text glyphs and a measurable width. No recommends anywhere
# (rclone's fuse3 is for `rclone mount`, which Wissel never runs).
NEEDS=(
  "have_postgres|postgresql"
  "have_openssl|openssl"
  "have_mail|dovecot-imapd dovecot-lmtpd postfix opendkim opendkim-tools"
  "have_rclone|rclone"
  "have_chromium|chromium fonts-dejavu-core"
)

as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then as_root=(sudo); fi

# The mail packages' own services are of no use to the tests, which start their own instances; left
# running, Postfix would listen on port 25 of this machine. Stop them and keep them from starting at
# boot. Safe to repeat; a machine without systemd (a container) has nothing running to stop.
quiet_mail_services() {
  local service
  for service in postfix dovecot opendkim; do
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      "${as_root[@]}" systemctl disable --now "$service" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$service" ]; then
      "${as_root[@]}" "/etc/init.d/$service" stop >/dev/null 2>&1 || true
    fi
    if command -v update-rc.d >/dev/null; then
      "${as_root[@]}" update-rc.d "$service" disable >/dev/null 2>&1 || true
    fi
  done
}

missing=()
for need in "${NEEDS[@]}"; do
  check="${need%%|*}"
  if ! "$check"; then read -r -a packages <<<"${need#*|}" && missing+=("${packages[@]}"); fi
done

if [ ${#missing[@]} -eq 0 ]; then
  if have_mail; then quiet_mail_services; fi
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "ci-services: install ${missing[*]} (or your system's equivalents: PostgreSQL 15 or newer with" >&2
  echo "initdb, pg_ctl, postgres and psql; Dovecot 2.3 with imapd and lmtpd; Postfix 3.5 or newer;" >&2
  echo "OpenDKIM; rclone; Chromium, or set WISSEL_CHROMIUM to its binary), then set WISSEL_POSTGRES_BIN" >&2
  echo "to the directory holding initdb if it is not" >&2
  echo "/usr/lib/postgresql/<major>/bin." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ] && [ ${#as_root[@]} -eq 0 ]; then
  echo "ci-services: run as root (or install sudo) to apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "ci-services: installing ${missing[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
# Postfix's postinst asks what kind of mail server this is; "No configuration" writes no main.cf and
# sets up nothing, so it installs without a question.
echo "postfix postfix/main_mailer_type select No configuration" | "${as_root[@]}" debconf-set-selections
# No service may start during the install: policy-rc.d refuses every start (exit 101) while it exists.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  own_policy=true
fi
cleanup() { if [ "$own_policy" = true ]; then "${as_root[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT
"${as_root[@]}" apt-get update -qq >/dev/null
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
quiet_mail_services

for need in "${NEEDS[@]}"; do
  check="${need%%|*}"
  if ! "$check"; then
    echo "ci-services: ${need#*|} installed, but $check still fails" >&2
    exit 1
  fi
done

#!/usr/bin/env bash
# Installs what the tests need beyond Node.js: Debian's PostgreSQL server binaries (the real-database
# tests start a throwaway cluster from them), Dovecot, Postfix and OpenDKIM (the mail-server test
# starts its own instances of them on loopback ports) and openssl (both generate TLS certificates).
# Idempotent and quiet; does nothing when everything is already there. Needs root or sudo to install.
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

# The binaries packages/testing/src/mail-server.ts starts (keep the two lists in step).
have_mail() {
  [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/lmtp ] && [ -x /usr/lib/dovecot/imap ] &&
    [ -x /usr/lib/dovecot/quota-status ] && [ -x /usr/sbin/postfix ] && [ -x /usr/sbin/opendkim ]
}

as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then as_root=(sudo); fi

# The packages' own services are of no use to the tests, which start their own instances; left
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

if have_postgres && have_mail && command -v openssl >/dev/null; then
  quiet_mail_services
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "ci-services: install PostgreSQL 15 or newer (server binaries: initdb, pg_ctl, postgres, psql), openssl," >&2
  echo "Dovecot 2.3 (imapd, lmtpd), Postfix 3.5 or newer and OpenDKIM, then set WISSEL_POSTGRES_BIN to the" >&2
  echo "directory holding initdb if it is not /usr/lib/postgresql/<major>/bin." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ] && [ ${#as_root[@]} -eq 0 ]; then
  echo "ci-services: run as root (or install sudo) to apt-get install postgresql openssl dovecot postfix opendkim" >&2
  exit 1
fi

echo "ci-services: installing postgresql, openssl, dovecot, postfix and opendkim from Debian's packages" >&2
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
# postgresql pulls in the server, the client and the contrib extensions; no recommends (no cluster is
# used). dovecot-imapd and dovecot-lmtpd pull in dovecot-core (with quota-status); opendkim-tools
# gives opendkim-genkey for whoever wants to make a key by hand.
"${as_root[@]}" apt-get install -y -qq --no-install-recommends \
  postgresql openssl dovecot-imapd dovecot-lmtpd postfix opendkim opendkim-tools >/dev/null
quiet_mail_services
have_postgres || { echo "ci-services: postgresql installed, but no initdb under ${WISSEL_POSTGRES_BIN:-/usr/lib/postgresql/*/bin}" >&2; exit 1; }
have_mail || { echo "ci-services: dovecot, postfix and opendkim installed, but a binary is missing (dovecot, dovecot/lmtp, dovecot/imap, dovecot/quota-status, postfix, opendkim)" >&2; exit 1; }

#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests and print its URL on stdout.
#
#   export CLAIMLEDGER_TEST_PG="$(bash scripts/start_postgres.sh)"
#   bash scripts/start_postgres.sh --stop        # stop the cluster this script started
#
# Installs PostgreSQL from Debian packages when it is missing (needs root), creates a cluster
# under a temporary directory (owned by the postgres user when run as root), listens on
# 127.0.0.1 and a unix socket in that directory only, trusts local connections, and
# leaves the data directory's path in $STATE so a later `--stop` can find it.
# Everything but the URL goes to stderr. Exits non-zero (printing nothing) when it cannot.
set -euo pipefail

STATE="${CLAIMLEDGER_PG_STATE:-/tmp/claimledger-pg.state}"
PORT="${CLAIMLEDGER_PG_PORT:-55432}"

say() { echo "start_postgres: $*" >&2; }

pg_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

as_owner() {
    # run a PostgreSQL binary as the cluster's owner (postgres refuses to run as root)
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-}" = "--stop" ]; then
    if [ -f "$STATE" ]; then
        DATA="$(cat "$STATE")"
        BIN="$(pg_bindir)"
        as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate stop >&2 || true
        rm -rf "$(dirname "$DATA")" "$STATE"
        say "stopped"
    fi
    exit 0
fi

if ! BIN="$(pg_bindir)"; then
    if [ "$(id -u)" != 0 ]; then
        say "PostgreSQL is not installed and we are not root: cannot install it"
        exit 1
    fi
    say "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 </dev/null
    apt-get install -y -qq postgresql >&2 </dev/null
    BIN="$(pg_bindir)"
fi

# already running from an earlier call: print its URL again
if [ -f "$STATE" ]; then
    DATA="$(cat "$STATE")"
    if [ -d "$DATA" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        echo "postgresql://postgres@127.0.0.1:$(cat "$DATA/../port")/postgres"
        exit 0
    fi
    rm -f "$STATE"
fi

ROOT="$(mktemp -d /tmp/claimledger-pg.XXXXXX)"
DATA="$ROOT/data"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$ROOT" postgres
    chown postgres "$ROOT"
fi
chmod 755 "$ROOT"
as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$ROOT/initdb.log" 2>&1 || {
    say "initdb failed:"; cat "$ROOT/initdb.log" >&2; exit 1; }

# a free port: the one asked for, or the next ones up
for p in $(seq "$PORT" $((PORT + 20))); do
    if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT="$p"; break; fi
done
echo "$PORT" >"$ROOT/port"

as_owner "$BIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 </dev/null || { say "the server did not start:"; cat "$ROOT/server.log" >&2; exit 1; }
echo "$DATA" >"$STATE"
say "running on 127.0.0.1:$PORT (data in $DATA; stop with: bash scripts/start_postgres.sh --stop)"
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"

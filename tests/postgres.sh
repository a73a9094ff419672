#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for Nguon's tests and benchmark.
#
#   tests/postgres.sh start          start a fresh cluster (replacing any earlier one on the port)
#   tests/postgres.sh createdb NAME  (re)create database NAME owned by role nguon
#   tests/postgres.sh stop           stop the cluster and delete its files (harmless if none)
#
# start and createdb print the Npgsql connection string as the last line on stdout;
# everything else goes to stderr, so  CS=$(tests/postgres.sh start)  works.
# Port: NGUON_PG_PORT (default 55432). The cluster listens on 127.0.0.1 only.
# Runs as root (runs the server as the 'postgres' user) or as an ordinary user (runs it as that user).
set -euo pipefail

PORT="${NGUON_PG_PORT:-55432}"
STATE_DIR="/tmp/nguon-pg-${PORT}"     # holds 'base': path of the cluster's temporary directory
LOCK_FILE="/tmp/nguon-pg-${PORT}.lock"
READY_TIMEOUT="${NGUON_PG_READY_TIMEOUT:-60}"  # seconds

log() { echo "postgres.sh: $*" >&2; }
die() { echo "postgres.sh: ERROR: $*" >&2; exit 1; }

[[ "$PORT" =~ ^[0-9]+$ ]] || die "NGUON_PG_PORT must be a number, got '$PORT'"

find_pg_bin() {
    if [[ -x /usr/lib/postgresql/15/bin/initdb && -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
        echo /usr/lib/postgresql/15/bin
        return 0
    fi
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
        echo "$d"
        return 0
    fi
    return 1
}

ensure_installed() {
    if PG_BIN="$(find_pg_bin)" && command -v pg_ctlcluster >/dev/null 2>&1; then
        return 0
    fi
    [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root"
    log "installing PostgreSQL (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql postgresql-contrib >&2
    PG_BIN="$(find_pg_bin)" || die "PostgreSQL binaries not found under /usr/lib/postgresql after install"
}

# Runs a command as the cluster's OS user. fd 9 (the lock) is closed so the server does not inherit it.
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@") 9>&-
    else
        (cd / && "$@") 9>&-
    fi
}

conn_string() {
    echo "Host=127.0.0.1;Port=${PORT};Database=$1;Username=nguon;Password=nguon;Maximum Pool Size=50"
}

current_base() {
    [[ -f "$STATE_DIR/base" ]] && cat "$STATE_DIR/base"
}

# Superuser psql over the cluster's private Unix socket.
su_psql() {
    local base="$1"; shift
    as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$base/sock" -p "$PORT" -U postgres -d postgres "$@"
}

wait_ready() {
    local base="$1" i
    for ((i = 0; i < READY_TIMEOUT * 5; i++)); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres; then
            return 0
        fi
        sleep 0.2
    done
    log "last lines of the server log ($base/server.log):"
    tail -n 30 "$base/server.log" >&2 || true
    die "PostgreSQL on 127.0.0.1:$PORT not ready after ${READY_TIMEOUT}s"
}

# stop_cluster MODE: MODE is a pg_ctl shutdown mode (fast for 'stop'; immediate when 'start'
# replaces a leftover cluster whose files are deleted anyway).
stop_cluster() {
    local mode="$1" base
    base="$(current_base || true)"
    if [[ -n "$base" && -d "$base" ]]; then
        if [[ -f "$base/data/postmaster.pid" ]]; then
            log "stopping cluster in $base (-m $mode)"
            if ! as_pg "$PG_BIN/pg_ctl" -D "$base/data" stop -m "$mode" -w -t 60 >&2; then
                log "$mode stop failed, trying immediate"
                as_pg "$PG_BIN/pg_ctl" -D "$base/data" stop -m immediate -w -t 30 >&2 || true
            fi
        fi
        rm -rf -- "$base"
    fi
    rm -rf -- "$STATE_DIR"
}

cmd_start() {
    ensure_installed
    stop_cluster immediate
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
        die "another server, not started by this script, already listens on 127.0.0.1:$PORT (set NGUON_PG_PORT)"
    fi

    local base
    base="$(mktemp -d "${TMPDIR:-/tmp}/nguon-pg-${PORT}.XXXXXX")"
    mkdir -p "$STATE_DIR"
    echo "$base" > "$STATE_DIR/base"
    mkdir -p "$base/data" "$base/sock"
    chmod 0700 "$base" "$base/data" "$base/sock"
    [[ $EUID -ne 0 ]] || chown -R postgres:postgres "$base"

    log "initdb in $base/data"
    as_pg "$PG_BIN/initdb" -D "$base/data" -U postgres --encoding=UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$base/initdb.log" 2>&1 \
        || { cat "$base/initdb.log" >&2; die "initdb failed"; }

    cat >> "$base/data/postgresql.conf" <<EOF

# --- nguon test cluster ---
listen_addresses = '127.0.0.1'
port = ${PORT}
unix_socket_directories = '${base}/sock'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 128MB
fsync = on
logging_collector = off
EOF
    # Extra settings for a diagnosis, e.g. NGUON_PG_CONF="shared_preload_libraries = 'pg_stat_statements'".
    if [[ -n "${NGUON_PG_CONF:-}" ]]; then printf '%s\n' "$NGUON_PG_CONF" >> "$base/data/postgresql.conf"; fi

    log "starting on 127.0.0.1:$PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t "$READY_TIMEOUT" start >&2 \
        || { tail -n 30 "$base/server.log" >&2 || true; die "pg_ctl start failed"; }
    wait_ready "$base"

    su_psql "$base" -c "CREATE ROLE nguon LOGIN CREATEDB PASSWORD 'nguon'" \
                    -c "CREATE DATABASE nguon OWNER nguon"
    conn_string nguon
}

cmd_createdb() {
    local name="${1:-}"
    [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] \
        || die "createdb: name must match ^[a-z_][a-z0-9_]{0,62}\$ (got '${name}')"
    PG_BIN="$(find_pg_bin)" || die "PostgreSQL is not installed; run '$0 start' first"
    local base
    base="$(current_base || true)"
    [[ -n "$base" && -f "$base/data/postmaster.pid" ]] || die "no cluster running on port $PORT; run '$0 start' first"
    wait_ready "$base"
    su_psql "$base" -c "DROP DATABASE IF EXISTS ${name} WITH (FORCE)" \
                    -c "CREATE DATABASE ${name} OWNER nguon"
    conn_string "$name"
}

cmd_stop() {
    PG_BIN="$(find_pg_bin || true)"
    if [[ -z "$PG_BIN" ]]; then
        rm -rf -- "$STATE_DIR"
        return 0
    fi
    stop_cluster fast
}

main() {
    local cmd="${1:-}"
    [[ $# -gt 0 ]] && shift
    exec 9>"$LOCK_FILE"
    flock -w 300 9 || die "timed out after 300s waiting for $LOCK_FILE (another postgres.sh still running?)"
    case "$cmd" in
        start) cmd_start ;;
        stop) cmd_stop ;;
        createdb) cmd_createdb "$@" ;;
        *) echo "usage: $0 start | stop | createdb NAME   (port: NGUON_PG_PORT, default 55432)" >&2; exit 2 ;;
    esac
}

main "$@"

#!/usr/bin/env bash
# A local Nguon cluster: N silo processes on 127.0.0.1, one PostgreSQL, every silo with its own HTTP API.
#
#   deploy/cluster.sh start [N]   build the silo and start N silos (default 3)
#   deploy/cluster.sh status      each silo's pid, URL and readiness
#   deploy/cluster.sh stop        graceful stop (SIGTERM: drain, hand grains over), SIGKILL after 30 s
#   deploy/cluster.sh kill I      SIGKILL silo I (0-based), to watch the others carry on
#   deploy/cluster.sh restart I   start silo I again on its ports
#
# PostgreSQL: NGUON_CONNECTION_STRING (Npgsql), or else a throwaway one from tests/postgres.sh (NGUON_PG_PORT).
# Ports of silo i: HTTP 5080+i, silo 11111+i, gateway 30000+i (bases: NGUON_HTTP_PORT, NGUON_SILO_PORT,
# NGUON_GATEWAY_PORT). NGUON_BOOTSTRAP_KEY (ngn_…) is registered as an admin key if set; else the first start
# of a fresh database prints one (in the first silo's log). Logs and pids: deploy/.cluster/.
# Point the client at all of them:  export NGUON_SERVER=$(deploy/cluster.sh servers)
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=deploy/.cluster
HTTP_BASE="${NGUON_HTTP_PORT:-5080}"
SILO_BASE="${NGUON_SILO_PORT:-11111}"
GATEWAY_BASE="${NGUON_GATEWAY_PORT:-30000}"
DLL=silo/bin/Release/net10.0/Nguon.Silo.dll

log() { echo "cluster.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

count() { ls "$STATE"/silo-*.pid 2>/dev/null | wc -l; }
alive() { [[ -f "$STATE/silo-$1.pid" ]] && kill -0 "$(cat "$STATE/silo-$1.pid")" 2>/dev/null; }
url() { echo "http://127.0.0.1:$((HTTP_BASE + $1))"; }

wait_ready() {
    local i=$1 deadline=$((SECONDS + 90))
    until curl -fsS -o /dev/null "$(url "$i")/health/ready" 2>/dev/null; do
        alive "$i" || die "silo $i exited; see $STATE/silo-$i.log"
        (( SECONDS < deadline )) || die "silo $i not ready after 90 s; see $STATE/silo-$i.log"
        sleep 0.5
    done
}

start_silo() {
    local i=$1
    local args=(--contentRoot "$PWD/silo/bin/Release/net10.0" --urls "$(url "$i")"
        --Nguon:Storage=Postgres "--Nguon:ConnectionString=$(cat "$STATE/connection")"
        --Nguon:SiloPort=$((SILO_BASE + i)) --Nguon:GatewayPort=$((GATEWAY_BASE + i)))
    [[ -n "${NGUON_BOOTSTRAP_KEY:-}" ]] && args+=("--Nguon:BootstrapKey=$NGUON_BOOTSTRAP_KEY")
    (cd "$STATE" && exec dotnet "../../$DLL" "${args[@]}" >>"silo-$i.log" 2>&1) &
    echo $! >"$STATE/silo-$i.pid"
    wait_ready "$i"
    log "silo $i ready at $(url "$i") (pid $(cat "$STATE/silo-$i.pid"))"
}

case "${1:-}" in
start)
    n="${2:-3}"
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number"
    (( $(count) == 0 )) || die "a cluster is already running here (deploy/cluster.sh stop first)"
    mkdir -p "$STATE"
    if [[ -n "${NGUON_CONNECTION_STRING:-}" ]]; then
        echo "$NGUON_CONNECTION_STRING" >"$STATE/connection"
    else
        tests/postgres.sh start | tail -n 1 >"$STATE/connection"
        touch "$STATE/own-postgres"
    fi
    log "building the silo"
    dotnet build silo -c Release -nologo -v quiet >&2
    # One after the other: the first applies the schema and registers the administrator.
    for ((i = 0; i < n; i++)); do start_silo "$i"; done
    echo "NGUON_SERVER=$("$0" servers)"
    ;;
status)
    (( $(count) > 0 )) || { echo "no cluster running"; exit 0; }
    for pidfile in "$STATE"/silo-*.pid; do
        i="${pidfile##*/silo-}"; i="${i%.pid}"
        if alive "$i"; then
            ready=$(curl -s -o /dev/null -w '%{http_code}' "$(url "$i")/health/ready" || true)
            echo "silo $i  pid $(cat "$pidfile")  $(url "$i")  ready: $([[ "$ready" == 200 ]] && echo yes || echo "no ($ready)")"
        else
            echo "silo $i  not running"
        fi
    done
    ;;
servers)
    list=()
    for pidfile in "$STATE"/silo-*.pid; do [[ -f "$pidfile" ]] || continue; i="${pidfile##*/silo-}"; list+=("$(url "${i%.pid}")"); done
    (IFS=,; echo "${list[*]}")
    ;;
kill)
    alive "${2:?silo index}" || die "silo $2 is not running"
    kill -KILL "$(cat "$STATE/silo-$2.pid")"
    log "silo $2 killed (SIGKILL)"
    ;;
restart)
    [[ -f "$STATE/silo-${2:?silo index}.pid" ]] || die "no silo $2 in this cluster"
    alive "$2" && die "silo $2 is running"
    start_silo "$2"
    ;;
stop)
    for pidfile in "$STATE"/silo-*.pid; do
        [[ -f "$pidfile" ]] || continue
        pid=$(cat "$pidfile")
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pidfile in "$STATE"/silo-*.pid; do
        [[ -f "$pidfile" ]] || continue
        pid=$(cat "$pidfile") deadline=$((SECONDS + 30))
        while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$pidfile"
    done
    if [[ -f "$STATE/own-postgres" ]]; then tests/postgres.sh stop >/dev/null 2>&1 || true; rm -f "$STATE/own-postgres"; fi
    log "stopped"
    ;;
*)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Azurite (the Azure Storage emulator, blob service only) for Nguon's tests.
#
#   tests/azurite.sh start   install Azurite 3.37.0 if missing, start a fresh blob service, print its connection string
#   tests/azurite.sh stop    stop it and delete its files (harmless if none)
#
# start prints the connection string as the last line on stdout; everything else goes to stderr, so
# CS=$(tests/azurite.sh start) works. Port: NGUON_AZURITE_PORT (default 10000), on 127.0.0.1 only.
# Azurite is installed with npm into NGUON_TOOLS_DIR (default ~/.cache/nguon), once: later runs reuse it.
set -euo pipefail

VERSION="3.37.0"
PORT="${NGUON_AZURITE_PORT:-10000}"
TOOLS="${NGUON_TOOLS_DIR:-$HOME/.cache/nguon}"
INSTALL="$TOOLS/azurite-$VERSION"
STATE_DIR="/tmp/nguon-azurite-${PORT}"   # holds 'pid' and the blob data ('data')
READY_TIMEOUT="${NGUON_AZURITE_READY_TIMEOUT:-60}"  # seconds
# Azurite's well-known development account (public, documented by Microsoft; not a secret).
ACCOUNT="devstoreaccount1"
ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

log() { echo "azurite.sh: $*" >&2; }
die() { echo "azurite.sh: ERROR: $*" >&2; exit 1; }

[[ "$PORT" =~ ^[0-9]+$ ]] || die "NGUON_AZURITE_PORT must be a number, got '$PORT'"

ensure_installed() {
    [[ -x "$INSTALL/node_modules/.bin/azurite-blob" ]] && return 0
    command -v npm >/dev/null 2>&1 || die "npm is not installed (Azurite needs Node.js 18+ and npm)"
    log "installing azurite@$VERSION into $INSTALL (once, about a minute)"
    mkdir -p "$TOOLS"
    local staging
    staging="$(mktemp -d "$TOOLS/azurite-install.XXXXXX")"
    # Installed into a staging folder and renamed, so an interrupted install is never taken for a finished one.
    (cd "$staging" && npm install --no-audit --no-fund --loglevel=error "azurite@$VERSION" >&2) \
        || { rm -rf -- "$staging"; die "npm install azurite@$VERSION failed"; }
    rm -rf -- "$INSTALL"
    mv "$staging" "$INSTALL"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

cmd_stop() {
    if [[ -f "$STATE_DIR/pid" ]]; then
        local pid
        pid="$(cat "$STATE_DIR/pid")"
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping azurite (pid $pid)"
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf -- "$STATE_DIR"
}

cmd_start() {
    ensure_installed
    cmd_stop
    listening && die "something else already listens on 127.0.0.1:$PORT (set NGUON_AZURITE_PORT)"
    mkdir -p "$STATE_DIR/data"
    log "starting azurite-blob on 127.0.0.1:$PORT"
    setsid "$INSTALL/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$PORT" \
        --location "$STATE_DIR/data" --skipApiVersionCheck --disableTelemetry --silent \
        >"$STATE_DIR/azurite.log" 2>&1 </dev/null &
    echo $! > "$STATE_DIR/pid"
    local i
    for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
        listening && break
        kill -0 "$(cat "$STATE_DIR/pid")" 2>/dev/null || { cat "$STATE_DIR/azurite.log" >&2; die "azurite exited"; }
        sleep 0.1
    done
    listening || { cat "$STATE_DIR/azurite.log" >&2; die "azurite not listening on 127.0.0.1:$PORT after ${READY_TIMEOUT}s"; }
    echo "DefaultEndpointsProtocol=http;AccountName=$ACCOUNT;AccountKey=$ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$PORT/$ACCOUNT;"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    *) echo "usage: $0 start | stop   (port: NGUON_AZURITE_PORT, default 10000)" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Nguon benchmark, on demand (never part of the test suite): starts a throwaway PostgreSQL with
# tests/postgres.sh, runs tests/Nguon.Benchmark in Release against it, prints the table, and stops
# PostgreSQL on exit (also on failure or Ctrl-C).
#
#   tests/bench.sh                      default run (2-3 minutes on 2 cores); the table goes to stdout, progress to stderr
#   tests/bench.sh --seconds 20 --cold 30 --diagnose         extra arguments go to the benchmark
#   tests/bench.sh --storage-extra "No Reset On Close=true;Max Auto Prepare=20"   try storage connection settings
#   tests/bench.sh --http               what API clients see: the silo as its own process, chains built through the API,
#                                       every request shape at 1 and 8 clients, beside /health/live and in-process appends
#                                       (--only TEXT: the rows whose name holds TEXT; --first-only [--cold N]: only the first
#                                       requests after N restarts and the idle merges)
#   tests/bench.sh --lists [--diagnose] search at 100,000 lots seeded into rm_* (COPY; --seed apply: ReadModelStore.Apply),
#                                       each query through HTTP and as the same SQL in-process, 1 and 8 clients (~10 min)
#   tests/bench.sh --read-model         projection lag and completeness under the append load, read model on vs off
#   tests/bench.sh --ledger [--runs 15] [--diagnose]   GI VN-GI-00017's season at province size (20,000 farms, 200,000
#                                       harvests, packed/dried lots, planted frauds) seeded into rm_* by COPY: in this process
#                                       the ledger (SeasonQueries.Input + SeasonLedgers.Compute), the alert rules read whole
#                                       and an incremental pass after 300 lots were written, AlertStore.Raise; then through
#                                       HTTP on the real silo, GET /api/gi/VN-GI-00017/seasons/2026 plain and brotli (the
#                                       target, ≤ 2 s median and p99); median/p99/min/max of N runs with the machine's load;
#                                       checks the balance adds up (also through HTTP), that exactly the planted frauds are
#                                       found, and that an incremental pass finds what a whole read finds
#                                       (--diagnose: EXPLAIN ANALYZE of the ledger's queries) (~8 min; exit 2 on a failed check)
#   tests/bench.sh --alerts-load [--alert-interval 15] [--rounds 3 --seconds 40] [--diagnose]   alerting under the append
#                                       load: the --ledger season seeded, then 64 workers appending to 256 batches of it through
#                                       an in-process silo, the alert evaluator off (reference) then on; appends/s on vs off,
#                                       each pass's duration, how soon planted back-dated harvests show as alerts (--diagnose:
#                                       the evaluator's steps timed under the load and without it) (~10 min;
#                                       exit 0 keeps up, 3 not, 2 a failed check)
#   tests/bench.sh --epcis-capture [--only TEXT]   EPCIS 2.0 capture through HTTP on the silo process: 100-event documents
#                                       at 4 clients, single events at 1 and 64, beside /health/live and Nguon's own event POST
#                                       (~2 min; --only TEXT: the rows whose name holds TEXT, e.g. "100-event", beside /health/live)
#   tests/bench.sh --epcis-query [--events 500000] [--trace-iterations 200] [--seconds 5 --rounds 2]   EPCIS queries over N
#                                       events seeded by COPY: a page of MATCH_epc, EQ_bizStep and a one-day eventTime window, as
#                                       an inspector and as an operator, in this process (EpcisQueryStore, p50/p99 of N queries,
#                                       each PostgreSQL plan printed once) and through HTTP on the silo process started on those
#                                       events (GET /epcis/events, 1 client: p50/p99 against the target p99 ≤ 50 ms; 8 clients:
#                                       throughput), beside /health/live and GET /api/batches/{code}/events in the same run
#                                       (~5 min at 500,000; exit 3 when a query misses the target)
#
# Port: NGUON_BENCH_PG_PORT (default 55433, not the test suite's 55432, so a benchmark never replaces
# the cluster of a test run in progress). Exit code: 0 all targets met, 3 a target missed, else an error.
set -euo pipefail
cd "$(dirname "$0")/.."

export NGUON_PG_PORT="${NGUON_BENCH_PG_PORT:-55433}"

trap 'tests/postgres.sh stop >/dev/null 2>&1 || true' EXIT
echo "== starting PostgreSQL on 127.0.0.1:${NGUON_PG_PORT}" >&2
NGUON_BENCH_POSTGRES="$(tests/postgres.sh start | tail -n 1)"
export NGUON_BENCH_POSTGRES

echo "== building (Release)" >&2
dotnet build tests/Nguon.Benchmark -c Release -nologo -v quiet >&2

echo "== running" >&2
status=0
dotnet run -c Release --no-build --project tests/Nguon.Benchmark -- "$@" || status=$?
exit "$status"

#!/usr/bin/env bash
# Runs every BackorderDesk test. On a fresh Debian machine it first installs what the tests need
# (Chromium for the browser tests, PostgreSQL and Redis for the scale-out tests, the local dotnet
# tools) and starts a PostgreSQL and a Redis server of its own on loopback (ports 55432 and 56379,
# data under /tmp, left running for the next run). The last line it prints is
# "N passed, N failed, N skipped", counted from the test results; it exits with dotnet test's code.
# Arguments are passed on to dotnet test, e.g. ./test.sh --filter-class '*Hosting*'.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
# Browser tests drive Debian's chromium; Playwright must not download its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
results="$repo/TestResults"
# Browser tests save screenshots here.
export BOD_ARTIFACTS="$results/artifacts"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK is not installed (global.json asks for 10.0.100 or a later feature band)." >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing chromium for the browser tests"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: installing PostgreSQL and Redis for the scale-out tests"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql redis-server
fi

# The tests' own PostgreSQL: a throw-away cluster that trusts loopback connections (no password),
# without fsync (its data is only ever test data).
pg_port=55432
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
pg_data="${TMPDIR:-/tmp}/backorderdesk-test-postgres"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
if ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
  if [ ! -s "$pg_data/PG_VERSION" ]; then
    rm -rf "$pg_data"
    mkdir -p "$pg_data"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pg_data"
    as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
fi
export BOD_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

redis_port=56379
if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --logfile "${TMPDIR:-/tmp}/backorderdesk-test-redis.log" >/dev/null
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
export BOD_TEST_REDIS="127.0.0.1:$redis_port"

dotnet tool restore

# Results of an earlier run must not be counted again.
rm -rf "$results"
mkdir -p "$BOD_ARTIFACTS"

test_args=(--solution Backorders.sln --results-directory "$results" --report-xunit-trx)
if [ -n "${CI:-}" ]; then
  test_args+=(--no-ansi --no-progress)
fi
test_args+=("$@")

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

set +e
dotnet test "${test_args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the <Counters> of every TRX file (one per test project). Without a TRX (the build failed, or
# a test host crashed before writing one) fall back to the summary dotnet test printed.
passed=0 failed=0 skipped=0 found=0
shopt -s nullglob
for trx in "$results"/*.trx "$results"/*/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  [ -n "$counters" ] || continue
  attr() {
    local value
    value="$(printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")"
    printf '%s' "${value:-0}"
  }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + $(attr total) - $(attr executed)))
  found=1
done
shopt -u nullglob

if [ "$found" -eq 0 ]; then
  read -r passed failed skipped < <(awk '
    /^[[:space:]]+succeeded:[[:space:]]*[0-9]+/ { p += $2 }
    /^[[:space:]]+failed:[[:space:]]*[0-9]+/    { f += $2 }
    /^[[:space:]]+skipped:[[:space:]]*[0-9]+/   { s += $2 }
    END { printf "%d %d %d\n", p, f, s }' "$log")
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "test.sh: no test results: the build or a test host failed before any test reported (exit code $status)." >&2
  fi
fi

# Name the tests that failed, last, where a shortened log still shows them.
if [ "$failed" -gt 0 ]; then
  shopt -s nullglob
  for trx in "$results"/*.trx "$results"/*/*.trx; do
    grep -o '<UnitTestResult [^>]*>' "$trx" | grep -E 'outcome="(Failed|Error|Timeout|Aborted)"' \
      | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p' | sed 's/&quot;/"/g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' || true
  done
  shopt -u nullglob
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

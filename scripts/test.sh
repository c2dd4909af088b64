#!/usr/bin/env bash
# Runs every test (called by ./run.sh test after set-up) on a private virtual display,
# and ends with the line "N passed, N failed" from the test run's own counts.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
fifo=$(mktemp -u) && mkfifo "$fifo"
# Crash evidence: a .NET process of the run (the app, the test host) that crashes writes a small dump and a crash
# report (every thread's stack, managed and native, as JSON) into a folder of this run, printed at the end; the
# folder goes away when nothing crashed. Core files follow the kernel's core_pattern.
crash="${BNLIVE_CRASH_DIR:-$root/tests/crashes}/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$crash"
ulimit -c unlimited 2>/dev/null || true
export DOTNET_DbgEnableMiniDump=1 DOTNET_EnableCrashReport=1 DOTNET_DbgMiniDumpType="${DOTNET_DbgMiniDumpType:-1}" \
  DOTNET_DbgMiniDumpName="$crash/%e.%p.dmp"
# -noreset: between two tests the display has no client, and an X server without clients resets itself, refusing
# connections for that moment (23 of 200 back-to-back connections failed on a loaded machine; none with -noreset).
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp -noreset 3>"$fifo" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -f "$log" "$fifo"' EXIT
read -r -t 10 display <"$fifo" || { echo "bnlive: Xvfb did not start"; exit 1; }
export DISPLAY=":$display" BNLIVE_NO_BUILD=1
dotnet test "$root/bnlive.slnx" -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."
passed=$(grep -oE "Passed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE "Failed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # a run that broke before counting must not read as green
cores=$(find "${TMPDIR:-/tmp}" -maxdepth 2 -path '*/bnlive-test-*/core*' -newer "$crash" 2>/dev/null)
if [ -n "$(ls -A "$crash")" ] || [ -n "$cores" ]; then
  echo "bnlive: a process crashed during the tests; evidence:"
  ls -l "$crash"/* $cores 2>/dev/null | sed 's/^/  /'
else
  rmdir "$crash" 2>/dev/null
fi
echo "$passed passed, $failed failed"
exit "$status"

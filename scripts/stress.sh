#!/usr/bin/env bash
# The window tests N times in a row while two CPU burners load the machine (called by ./run.sh test --stress N after
# set-up): under load a press and a release can land in one frame, and a process's last lines come late. Counts the
# runs and tests that failed; the log of each failed run is kept, and its path printed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-}
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bnlive: --stress needs a number of runs, e.g. ./run.sh test --stress 20" >&2; exit 2; }
shift
# the window test classes: those in the "window" collection
classes=$(grep -l 'Collection("window")' "$root"/tests/BnLive.Tests/*.cs | xargs -n1 basename | sed 's/\.cs$//')
filter=$(printf 'FullyQualifiedName~BnLive.Tests.%s|' $classes); filter=${filter%|}
logs=$(mktemp -d "${TMPDIR:-/tmp}/bnlive-stress-XXXXXX")
burners=()
for _ in 1 2; do ( while :; do :; done ) & burners+=($!); done
trap 'kill "${burners[@]}" 2>/dev/null' EXIT
echo "bnlive: stress: $n runs of $(echo $classes | tr ' ' ','), 2 CPU burners; logs in $logs" >&2
bad_runs=0 bad_tests=0 tests=0
for ((i = 1; i <= n; i++)); do
  start=$SECONDS
  "$root/scripts/test.sh" --filter "$filter" "$@" >"$logs/run$i.log" 2>&1
  tail=$(tail -1 "$logs/run$i.log")
  read -r p _ f _ <<<"$tail"
  [[ "$p" =~ ^[0-9]+$ && "$f" =~ ^[0-9]+$ ]] || { p=0 f=1; }
  tests=$((tests + p + f)); bad_tests=$((bad_tests + f))
  if [ "$f" -gt 0 ]; then
    bad_runs=$((bad_runs + 1))
    echo "bnlive: stress run $i/$n: $p passed, $f failed in $((SECONDS - start)) s; log: $logs/run$i.log" >&2
    grep -E "^\s+(Failed|\[FAIL\]) " "$logs/run$i.log" | sort -u | sed 's/^/    /' >&2
  else
    echo "bnlive: stress run $i/$n: $p passed in $((SECONDS - start)) s" >&2
    rm -f "$logs/run$i.log"
  fi
done
rmdir "$logs" 2>/dev/null
echo "stress: $n runs, $bad_runs failed; $bad_tests of $tests tests failed"
[ "$bad_runs" -eq 0 ]

#!/usr/bin/env bash
# The long soak (called by ./run.sh soak after set-up): the window under random keys for 100,000 training steps
# (BNLIVE_SOAK_STEPS to change it) on a private virtual display; prints its figures and "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export BNLIVE_SOAK_STEPS=${BNLIVE_SOAK_STEPS:-100000}
echo "bnlive: soak of $BNLIVE_SOAK_STEPS steps with random keys (several minutes)..." >&2
# the detailed console logger shows the test's own output: the soak's figures
exec "$root/scripts/test.sh" --filter "FullyQualifiedName~SoakTests" --logger "console;verbosity=detailed" "$@"

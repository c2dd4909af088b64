#!/usr/bin/env bash
# arm64-check.sh: runs the engine's golden runs as a linux-arm64 program under qemu and compares them with
# tests/golden/runs.txt, bit for bit. Sets up what it needs (Debian: qemu-user-static, arm64 libc and libstdc++).
#   ./run.sh test --arm64     or     scripts/arm64-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "bnlive: $*" >&2; }
die() { echo "bnlive: $*" >&2; exit 1; }

if ! command -v qemu-aarch64-static >/dev/null || ! dpkg -s libc6:arm64 libstdc++6:arm64 >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || die "arm64 check: needs qemu-user-static, libc6:arm64 and libstdc++6:arm64; run as root to install them"
  say "installing qemu-user-static and the arm64 C libraries..."
  dpkg --add-architecture arm64
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends qemu-user-static libc6:arm64 libstdc++6:arm64; } \
    >/tmp/bnlive-arm64-apt.log 2>&1 || die "apt-get could not install them (log: /tmp/bnlive-arm64-apt.log)"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
say "publishing tools/EngineCheck for linux-arm64..."
dotnet publish "$root/tools/EngineCheck/EngineCheck.csproj" -c Release -r linux-arm64 --self-contained -o "$out/app" -v quiet -nologo \
  >"$out/publish.log" 2>&1 || { tail -20 "$out/publish.log" >&2; die "the linux-arm64 publish failed"; }
say "running it under qemu-aarch64 (a few minutes)..."
start=$(date +%s)
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 qemu-aarch64-static "$out/app/EngineCheck" >"$out/arm64.txt" \
  || die "the arm64 engine check did not run to the end"
if diff -q "$root/tests/golden/runs.txt" "$out/arm64.txt" >/dev/null; then
  echo "arm64: $(grep -vc '^#' "$out/arm64.txt") golden lines reproduced bit for bit in $(( $(date +%s) - start )) s"
else
  diff "$root/tests/golden/runs.txt" "$out/arm64.txt" | head -10 >&2
  die "arm64: the engine's bits differ from tests/golden/runs.txt"
fi

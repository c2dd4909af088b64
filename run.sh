#!/usr/bin/env bash
# bnlive's front door: sets up what is missing (idempotent), then runs the window, the export, the seed sweep,
# the tests, the soak or the benchmark.
#   ./run.sh [window|lecture|export|sweep] [flags]   ./run.sh test [--stress N | --arm64]   ./run.sh golden
#   ./run.sh soak   ./run.sh bench [--quick]   ./run.sh --help
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
say() { echo "bnlive: $*" >&2; }
die() { echo "bnlive: $*" >&2; exit 1; }

# Debian packages bnlive needs at run time (the raylib build's own are handled by scripts/raylib.sh).
need_packages() {
  local want=(patchelf g++ xvfb xauth xdotool fonts-dejavu-core ffmpeg) missing=()
  for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { say "warning: not a Debian system; make sure these are installed: ${missing[*]}"; return 0; }
  [ "$(id -u)" -eq 0 ] || die "missing packages: ${missing[*]}; install them (sudo apt-get install ${missing[*]}) or run as root"
  say "installing ${missing[*]}..."
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/bnlive-apt.log 2>&1; then
    apt-get update -qq >>/tmp/bnlive-apt.log 2>&1 || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/bnlive-apt.log 2>&1 \
      || die "apt-get could not install ${missing[*]} (log: /tmp/bnlive-apt.log)"
  fi
}

setup() {
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet, 10.0 or later) is not on PATH: install it from https://dot.net"
  need_packages
  if [ -z "${BNLIVE_NO_BUILD:-}" ]; then
    say "building..."
    dotnet build "$root/bnlive.slnx" -c Release -v quiet -nologo >/tmp/bnlive-build.log 2>&1 \
      || { grep -E "error" /tmp/bnlive-build.log | sort -u | head -5 >&2; die "the build failed (log: /tmp/bnlive-build.log)"; }
  fi
}

# The native raylib the app draws with (built once into ~/.cache/bnlive if the system has none).
find_raylib() {
  BNLIVE_RAYLIB_PATH=$("$root/scripts/raylib.sh" window) || exit 1
  export BNLIVE_RAYLIB_PATH
}

dll="$root/src/BnLive/bin/Release/net10.0/BnLive.dll"
app() { dotnet "$dll" "$@"; }

# The command line and every file it names (lecture, --data, --load-model, output paths), checked by the app
# before anything about the machine (raylib, a display, Xvfb): a bad input gets its own line and exit 2.
check_inputs() { BNLIVE_CHECK_ONLY=1 dotnet "$dll" "$@" || exit $?; }

# Runs the app on a private virtual display, so export draws off-screen with the window's own drawing path.
xvfb_pid=
app_on_xvfb() {
  local fifo display
  command -v Xvfb >/dev/null || die "no display and no Xvfb to draw on: install it (apt-get install xvfb), or run where DISPLAY is set"
  fifo=$(mktemp -u) && mkfifo "$fifo"
  # Xvfb in a session of its own: a Ctrl-C in the terminal reaches the whole foreground process group, and an
  # X server that died first would kill the app mid-run ("XIO: fatal IO error") instead of letting it stop
  # cleanly. A background job of this script is no group leader, so setsid execs Xvfb itself and $! is its pid.
  setsid Xvfb -displayfd 3 -screen 0 3840x2160x24 -nolisten tcp -noreset 3>"$fifo" >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  read -r -t 10 display <"$fifo" || die "Xvfb did not start (is the xvfb package installed?)"
  rm -f "$fifo"
  # The app runs in the background so a Ctrl-C or SIGTERM to run.sh reaches it as SIGTERM: it then stops
  # cleanly (no half-written file) and Xvfb is cleaned up after it.
  DISPLAY=":$display" dotnet "$dll" "$@" &
  local child=$! rc=0
  trap 'kill -TERM $child 2>/dev/null' INT TERM
  wait $child || rc=$?
  if [ $rc -gt 128 ] && kill -0 $child 2>/dev/null; then rc=0; wait $child || rc=$?; fi
  return $rc
}

has_display() { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }

cmd=${1:-}
case "$cmd" in
  -h|--help|help) { setup && find_raylib; } >/dev/null 2>&1 || true; app --help 2>/dev/null || sed -n '2,3p' "$0"; exit 0 ;;
  test)
    shift; setup; find_raylib
    # --stress N: the window tests N times in a row under two CPU burners, counting failures
    if [ "${1:-}" = --stress ]; then shift; exec "$root/scripts/stress.sh" "$@"; fi
    # --arm64: the engine's golden runs as a linux-arm64 program under qemu (installs qemu; a few minutes)
    if [ "${1:-}" = --arm64 ]; then exec "$root/scripts/arm64-check.sh"; fi
    exec "$root/scripts/test.sh" "$@" ;;
  golden)
    # writes tests/golden/runs.txt anew from this machine's engine: a changed file is a diff its commit explains
    setup
    dotnet "$root/tools/EngineCheck/bin/Release/net10.0/EngineCheck.dll" --progress >"$root/tests/golden/runs.txt.tmp" \
      && mv "$root/tests/golden/runs.txt.tmp" "$root/tests/golden/runs.txt" && say "wrote tests/golden/runs.txt" ;;
  soak)
    # the window under random keys for 100,000 steps: no crash, flat memory, every GIF readable
    shift; setup; find_raylib
    exec "$root/scripts/soak.sh" "$@" ;;
  export|sweep)
    setup; check_inputs "$@"; find_raylib; app_on_xvfb "$@" ;;
  bench)
    # DrawFrame and Export draw: like the tests, the benchmark gets a private virtual display
    shift; setup; find_raylib
    fifo=$(mktemp -u) && mkfifo "$fifo"
    # large enough for a shown 3840x2160 window: X copies a shown window's pixels at every present
    Xvfb -displayfd 3 -screen 0 3840x2160x24 -nolisten tcp -noreset 3>"$fifo" >/dev/null 2>&1 &
    xvfb_pid=$!
    trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
    read -r -t 10 display <"$fifo" || die "Xvfb did not start (is the xvfb package installed?)"
    rm -f "$fifo"
    DISPLAY=":$display" dotnet "$root/bench/BnLive.Bench/bin/Release/net10.0/BnLive.Bench.dll" "$@" ;;
  window|lecture)
    setup
    # their help needs no window
    for a in "$@"; do case "$a" in -h|--help) exec dotnet "$dll" "$@" ;; esac; done
    check_inputs "$@"; find_raylib
    has_display || die "no display: run ./run.sh export for files, or start an X server (e.g. Xvfb :1 & DISPLAY=:1 ./run.sh $cmd)"
    exec dotnet "$dll" "$@" ;;
  ""|-*)
    setup
    if has_display; then check_inputs window "$@"; find_raylib; exec dotnet "$dll" window "$@"
    else
      check_inputs export "$@"; find_raylib
      say "no display found (DISPLAY is not set): exporting files instead"; app_on_xvfb export "$@"
    fi ;;
  *) die "unknown command '$cmd': use window, lecture, export, sweep, test, golden, soak, bench or --help" ;;
esac

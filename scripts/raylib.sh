#!/usr/bin/env bash
# Print the absolute path of a usable native libraylib.so (building it once if needed).
# Usage: scripts/raylib.sh [window|memory]   (default: window)
#   window: X11/OpenGL desktop build (raylib PLATFORM=RGFW), or a system raylib >= 5.5
#   memory: headless software-rendered build (raylib PLATFORM=Memory), needs no display
# Overrides: BNLIVE_RAYLIB (window) / BNLIVE_RAYLIB_MEMORY (memory) = /path/to/libraylib.so
# BNLIVE_RAYLIB_SOURCE_ONLY=1 stops once the source is downloaded and verified (for offline set-up, and the tests).
# stdout gets only the path; progress and errors go to stderr.
set -euo pipefail

MIN_VERSION=5.5
variant="${1:-window}"
case "$variant" in
  window) kind=rgfw; platform=RGFW; override_var=BNLIVE_RAYLIB ;;
  memory) kind=memory; platform=Memory; override_var=BNLIVE_RAYLIB_MEMORY ;;
  *) echo "bnlive: usage: $0 [window|memory]" >&2; exit 2 ;;
esac
cache="${XDG_CACHE_HOME:-$HOME/.cache}/bnlive"

say() { echo "bnlive: $*" >&2; }
die() { echo "bnlive: error: $*" >&2; exit 1; }
# true when version $1 >= $2 (sort -V understands 5.5 < 5.10 < 6.0)
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
found() { say "using raylib $1: $2"; echo "$2"; exit 0; }

# 1. An explicit override wins, and a wrong one is an error rather than silently ignored.
if [ -n "${!override_var:-}" ]; then
  lib="${!override_var}"
  [ -f "$lib" ] || die "$override_var=$lib is not an existing file; point it at a libraylib.so or unset it"
  found "from $override_var" "$(readlink -f "$lib")"
fi

# 2. A system raylib >= 5.5 (a desktop build, so only for the window variant).
if [ "$kind" = rgfw ]; then
  if v=$(pkg-config --modversion raylib 2>/dev/null) && version_ge "$v" "$MIN_VERSION"; then
    libdir=$(pkg-config --variable=libdir raylib)
    [ -e "$libdir/libraylib.so" ] && found "$v (system, pkg-config)" "$(readlink -f "$libdir/libraylib.so")"
  fi
  # Without the -dev package there is no .pc file; the real file name carries the version.
  for so in $(ldconfig -p 2>/dev/null | awk '/libraylib\.so/ {print $NF}'); do
    real=$(readlink -f "$so"); v="${real##*/libraylib.so.}"
    [[ "$v" =~ ^[0-9]+\.[0-9]+ ]] && version_ge "$v" "$MIN_VERSION" && found "$v (system, ldconfig)" "$real"
  done
fi

# 3. The newest cached build of this variant; no network needed.
newest_cached() {
  local d v best=""
  for d in "$cache"/raylib-*-"$kind"; do
    [ -f "$d/libraylib.so" ] || continue
    v="${d##*/raylib-}"; v="${v%-"$kind"}"
    version_ge "$v" "$MIN_VERSION" && { [ -z "$best" ] || version_ge "$v" "$best"; } && best="$v"
  done
  [ -n "$best" ] && echo "$best"
}
# (quietly: this is every run after the first)
if v=$(newest_cached); then echo "$cache/raylib-$v-$kind/libraylib.so"; exit 0; fi

# 4. Build it. Install missing build dependencies first (checked with dpkg -s, which is fast).
need=(cmake gcc make libc6-dev)
[ "$kind" = rgfw ] && need+=(libx11-dev libxrandr-dev libxi-dev libxcursor-dev libgl-dev)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing build packages; run: sudo apt-get install ${missing[*]} (or set $override_var=/path/to/libraylib.so)"
  say "installing build packages: ${missing[*]}"
  # A fresh machine may have no package lists yet, so update once and retry.
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; } \
    || die "could not install ${missing[*]}; install them by hand or set $override_var=/path/to/libraylib.so"
fi

mkdir -p "$cache"
# Serialize concurrent builds; whoever waits re-checks the cache afterwards.
exec 9>"$cache/.build.lock"
flock 9
# (quietly: this is every run after the first)
if v=$(newest_cached); then echo "$cache/raylib-$v-$kind/libraylib.so"; exit 0; fi

# The source: Debian's raylib package, exactly the files pinned in scripts/raylib.sha256, fetched from Debian's pool
# (apt's own downloader, with apt's proxy settings) into the cache and checked before anything is unpacked.
# No apt repository is trusted and no keyring is needed: the pinned hashes are the trust.
sums="$(cd "$(dirname "$0")" && pwd)/raylib.sha256"
mirror="${BNLIVE_DEBIAN_MIRROR:-https://deb.debian.org/debian}"
src="$cache/src"
mkdir -p "$src"
log="$cache/build-$kind.log"
: >"$log"
# the pinned .dsc files, newest first: one per version
dscs=$(awk '!/^#/ && $2 ~ /^raylib_.*\.dsc$/ {print $2}' "$sums")
[ -n "$dscs" ] || die "no raylib source is pinned in $sums"
pinned() { awk -v f="$1" '!/^#/ && $2 == f {print $1}' "$sums"; }
# the files of a version: raylib_6.0+ds-2.dsc, raylib_6.0+ds.orig.tar.gz, raylib_6.0+ds-2.debian.tar.xz
files_of() {
  local base="${1%.dsc}"
  awk -v d="$1" -v o="${base%-*}.orig." -v t="$base.debian." '!/^#/ && ($2 == d || index($2, o) == 1 || index($2, t) == 1) {print $2}' "$sums"
}
fetch() {
  [ -f "$src/$1" ] && return 0
  say "downloading $1 from $mirror..."
  /usr/lib/apt/apt-helper -oAPT::Sandbox::User=root download-file "$mirror/pool/main/r/raylib/$1" "$src/$1.part" >>"$log" 2>&1 \
    && mv "$src/$1.part" "$src/$1" || { rm -f "$src/$1.part"; return 1; }
}
# A file that is not what was pinned stops everything, is removed (the next run downloads it afresh) and is named.
verify() {
  local want got
  want=$(pinned "$1"); got=$(sha256sum "$src/$1" | cut -d' ' -f1)
  [ "$got" = "$want" ] && return 0
  rm -f "$src/$1"
  die "$src/$1 is not the pinned raylib source: its SHA-256 is $got, $sums says $want; not unpacked (removed, so the next run downloads it again)"
}
dsc=""
for d in $dscs; do
  ok=1
  for f in $(files_of "$d"); do fetch "$f" || { ok=0; break; }; done
  [ $ok = 1 ] && { dsc="$d"; break; }
done
[ -n "$dsc" ] || die "could not download the raylib source from $mirror (see $log); set $override_var=/path/to/libraylib.so"
for f in $(files_of "$dsc"); do verify "$f"; done
[ "${BNLIVE_RAYLIB_SOURCE_ONLY:-}" = 1 ] && { say "raylib source verified: $src/$dsc"; exit 0; }

work=$(mktemp -d "$cache/.build-$kind.XXXXXX")
trap 'rm -rf "$work"' EXIT

# raylib_6.0+ds-2.dsc -> 6.0: drop epoch, Debian revision and repack suffix.
full="${dsc#raylib_}"; full="${full%.dsc}"
version="${full#*:}"; version="${version%-*}"; version="${version%%[+~]*}"
version_ge "$version" "$MIN_VERSION" || die "the pinned raylib $version is older than $MIN_VERSION; set $override_var=/path/to/libraylib.so"

say "building raylib $version ($kind) from Debian source (about a minute, once)..."
mkdir -p "$work/src"
# The Debian source has no patches of its own (only glfw is stripped), so the orig tarball is enough.
tar -xf "$src/$(files_of "$dsc" | grep '\.orig\.tar\.' | head -n1)" -C "$work/src" --strip-components=1
cmake_args=(-DBUILD_SHARED_LIBS=ON -DPLATFORM="$platform" -DBUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_PLATFORM_NO_VERSIONED_SONAME=ON) # soname libraylib.so = the cached file's name, so -lraylib works
# raylib's CMake links neither libm (Memory platform) nor Xrandr/XInput2/Xcursor (which RGFW calls).
extra_libs="-lm"
[ "$kind" = rgfw ] && extra_libs="-lXrandr -lXi -lXcursor -lm"
cmake_args+=(-DCMAKE_SHARED_LINKER_FLAGS="-Wl,--no-as-needed" -DCMAKE_C_STANDARD_LIBRARIES="$extra_libs")
{ cmake -S "$work/src" -B "$work/build" "${cmake_args[@]}" && cmake --build "$work/build" -j2; } >>"$log" 2>&1 \
  || die "raylib build failed (see $log); set $override_var=/path/to/libraylib.so to use another build"

# Copy the real file (not the symlink chain) plus the header, then publish the dir in one rename.
out="$work/out"
mkdir -p "$out"
cp -L "$work/build/raylib/libraylib.so" "$out/libraylib.so"
cp "$work/src/src/raylib.h" "$out/raylib.h"
echo "$full" >"$out/debian-version"
# An unresolved symbol here means a missing link library; catch it now, not at run time.
if ldd -r "$out/libraylib.so" 2>&1 | grep -E 'not found|undefined symbol' >>"$log"; then
  die "built libraylib.so has unresolved dependencies (see $log)"
fi
final="$cache/raylib-$version-$kind"
rm -rf "$final"
mv -T "$out" "$final"
say "cached in $final"
found "$version (built)" "$final/libraylib.so"

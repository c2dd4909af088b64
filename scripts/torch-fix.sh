#!/usr/bin/env bash
# torch-fix.sh DIR: makes every libLibTorchSharp.so under DIR load on a system whose
# libstdc++ predates GLIBCXX_3.4.32 (Debian 12). It marks that version need weak and adds,
# as DT_NEEDED, a tiny library that defines the one symbol asked for at that version.
# Does nothing where libstdc++ is new enough; safe to run again and again.
set -euo pipefail
dir=${1:?usage: torch-fix.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
say() { echo "bnlive: $*" >&2; }

libstdcxx=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
[ -n "$libstdcxx" ] || libstdcxx=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6/ {print $NF; exit}')
if [ -n "$libstdcxx" ] && grep -aq 'GLIBCXX_3\.4\.32' "$libstdcxx"; then exit 0; fi

mapfile -t libs < <(find "$dir" -name libLibTorchSharp.so 2>/dev/null)
[ ${#libs[@]} -gt 0 ] || exit 0
for tool in patchelf gcc g++; do
  command -v $tool >/dev/null || { say "error: '$tool' is needed to make TorchSharp load on this system's older libstdc++; install it (apt-get install patchelf g++) or run ./run.sh, which does."; exit 1; }
done

# The helper tools are built once per machine, outside the clone.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/bnlive/torchfix
mkdir -p "$cache"
if [ ! -x "$cache/elfweak" ] || [ "$here/elfweak.c" -nt "$cache/elfweak" ]; then
  gcc -O2 -o "$cache/elfweak.tmp" "$here/elfweak.c" && mv "$cache/elfweak.tmp" "$cache/elfweak"
fi
if [ ! -f "$cache/libbnlive_iosinit.so" ] || [ "$here/iosinit.cpp" -nt "$cache/libbnlive_iosinit.so" ]; then
  g++ -O2 -shared -fPIC -o "$cache/iosinit.tmp.so" "$here/iosinit.cpp" && mv "$cache/iosinit.tmp.so" "$cache/libbnlive_iosinit.so"
fi

for lib in "${libs[@]}"; do
  native=$(dirname "$lib")
  cp -f "$cache/libbnlive_iosinit.so" "$native/"
  "$cache/elfweak" "$lib" GLIBCXX_3.4.32 >/dev/null
  # libLibTorchSharp.so has RUNPATH $ORIGIN, so the loader finds the helper beside it.
  if ! patchelf --print-needed "$lib" | grep -qx libbnlive_iosinit.so; then
    patchelf --add-needed libbnlive_iosinit.so "$lib"
    say "patched $lib for this system's libstdc++"
  fi
done

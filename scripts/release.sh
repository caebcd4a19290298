#!/usr/bin/env bash
# Builds the release binary with the Swift runtime and Foundation linked statically, and packs
# dist/headroom-VERSION-linux-ARCH.tar.gz: the binary, LICENSE, README.md and deploy/.
#
#   scripts/release.sh           build and package
#   scripts/release.sh --check   build, package, then prove the binary stands alone:
#                                `ldd` lists no Swift or Foundation library, and the binary runs
#                                `headroom policy check` and `headroom simulate` inside an empty
#                                chroot holding only it, its inputs and the libraries `ldd` lists
#                                (needs root for chroot)
#
# The static build takes many minutes, so CI does not run it; RELIABILITY.md keeps the output
# of the last --check run. Build scratch lives in .build-static (git-ignored).
# Needs the toolchain's static SDK parts and libcurl4-openssl-dev + libssl-dev (FoundationNetworking
# links the system libcurl dynamically; the image then needs libcurl4, see README "Release binary").
set -euo pipefail
cd "$(dirname "$0")/.."

CHECK=0
case "${1:-}" in
    --check) CHECK=1 ;;
    "") ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

SCRATCH=.build-static
echo "building (release, --static-swift-stdlib) in $SCRATCH" >&2
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product headroom
BIN="$(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)/headroom"

VERSION="$("$BIN" --version)"
ARCH="$(uname -m)"
NAME="headroom-$VERSION-linux-$ARCH"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME" dist
cp "$BIN" "$STAGE/$NAME/headroom"
strip "$STAGE/$NAME/headroom"
if [ -f LICENSE ]; then
    cp LICENSE "$STAGE/$NAME/"
else
    echo "warning: no LICENSE file in the repository; the archive has none" >&2
fi
cp README.md "$STAGE/$NAME/"
cp -R deploy "$STAGE/$NAME/deploy"
tar -C "$STAGE" -czf "dist/$NAME.tar.gz" "$NAME"
echo "wrote dist/$NAME.tar.gz ($(du -h "dist/$NAME.tar.gz" | cut -f1); binary $(du -h "$STAGE/$NAME/headroom" | cut -f1))"
tar -tzf "dist/$NAME.tar.gz" | sed 's/^/  /' | head -20

[ "$CHECK" -eq 1 ] || exit 0

echo
echo "== ldd $NAME/headroom"
LIBS="$(ldd "$STAGE/$NAME/headroom")"
echo "$LIBS"
if echo "$LIBS" | grep -Ei 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime'; then
    echo "FAIL: the binary links a Swift or Foundation library dynamically" >&2
    exit 1
fi
echo "ok: no Swift or Foundation library"

ROOT="$STAGE/chroot"
mkdir -p "$ROOT/tmp" "$ROOT/in"
cp "$STAGE/$NAME/headroom" "$ROOT/headroom"
# Every library ldd resolved, at the same path, and the dynamic loader.
for lib in $(echo "$LIBS" | grep -oE '/[^ ]+'); do
    mkdir -p "$ROOT$(dirname "$lib")"
    cp -L "$lib" "$ROOT$lib"
done
cp policies/ecs-cpu-target-tracking.yaml "$ROOT/in/policy.yaml"
cp simulations/scenarios/cpu-web-api.yaml "$ROOT/in/scenario.yaml"
cp simulations/traces/nasa_http_jul1995_1min.csv "$ROOT/in/trace.csv"
echo
echo "== the chroot holds only:"
(cd "$ROOT" && find . -type f | sort | sed 's/^/  /')
# Foundation reads the arguments from /proc/self/cmdline: without /proc the binary sees none.
mkdir -p "$ROOT/proc"
mount -t proc proc "$ROOT/proc"
trap 'umount "$ROOT/proc" 2>/dev/null || true; rm -rf "$STAGE"' EXIT
echo
echo "== chroot: headroom policy check /in/policy.yaml"
chroot "$ROOT" /headroom policy check /in/policy.yaml | tee "$STAGE/check.out"
grep -q ': ok' "$STAGE/check.out" || { echo "FAIL: policy check did not run" >&2; exit 1; }
echo
echo "== chroot: headroom simulate --trace /in/trace.csv --scenario /in/scenario.yaml --policy /in/policy.yaml"
chroot "$ROOT" /headroom simulate --trace /in/trace.csv --scenario /in/scenario.yaml --policy /in/policy.yaml | tee "$STAGE/simulate.out"
grep -q 'oracle' "$STAGE/simulate.out" || { echo "FAIL: simulate did not run" >&2; exit 1; }
echo
echo "ok: dist/$NAME.tar.gz runs without the Swift toolchain"

#!/usr/bin/env bash
# Builds compress and runs the whole suite: lit tests (FileCheck, verifier,
# executed integration tests, plugin, C API, CMake package) and the gtest
# unit tests (through lit's GoogleTest format). The last line is
# "N passed, M failed"; the exit status is non-zero on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COMPRESS_BUILD_DIR:-$ROOT/build}"
LIT=/usr/lib/llvm-22/bin/lit

"$ROOT/scripts/build.sh" || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$LIT" -sv -j"${JOBS:-2}" "$BUILD/test" "$BUILD/test/Unit" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

count() { # sums lit's summary line "  <label>: N"
  awk -v label="$1" '$0 ~ "^  "label": " { n += $2 } END { print n + 0 }' "$log"
}
passed=$(( $(count "Passed") + $(count "Expectedly Failed") ))
failed=$(( $(count "Failed") + $(count "Unresolved") + $(count "Timed Out") + $(count "Unexpectedly Passed") ))
unsupported=$(count "Unsupported")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
[ "$unsupported" -gt 0 ] && echo "($unsupported unsupported on this machine)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

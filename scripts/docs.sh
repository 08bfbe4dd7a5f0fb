#!/usr/bin/env bash
# Regenerates the dialect and pass references from TableGen (add_mlir_doc)
# and copies them into docs/generated/, where they are versioned.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COMPRESS_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/build.sh" >/dev/null
ninja -C "$BUILD" mlir-doc
mkdir -p "$ROOT/docs/generated"
cp "$BUILD/docs/Dialects/CompressDialect.md" "$ROOT/docs/generated/CompressDialect.md"
cp "$BUILD/docs/CompressConversionPasses.md" "$ROOT/docs/generated/CompressPasses.md"
cp "$BUILD/docs/CompressTransformPasses.md" "$ROOT/docs/generated/CompressTransformPasses.md"
echo "docs: updated docs/generated/"

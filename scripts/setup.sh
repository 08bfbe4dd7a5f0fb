#!/usr/bin/env bash
# Installs, from Debian's packages, exactly what compress needs to build, test
# and run its demo; does nothing for packages already present.
set -euo pipefail

PACKAGES=(
  # Compiler and build.
  cmake ninja-build clang-22 lld-22
  # LLVM/MLIR 22: libMLIR.so, headers, mlir-opt/mlir-runner/mlir-tblgen,
  # FileCheck, lit, not.
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  # Unit tests, and gemmlowp's fixedpoint.h as the requantization reference.
  libgtest-dev libgemmlowp-dev
  # Reference numerics and the example model (Debian's /usr/bin/python3).
  python3 python3-numpy python3-sklearn
  # OpenMP runtime for --compress-cpu-pipeline="threads=N" programs.
  libomp-22-dev
)

# benchmarks/run.sh also compares with oneDNN and OpenBLAS.
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(libdnnl-dev libopenblas-dev)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"

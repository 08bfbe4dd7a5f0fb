//===- GpuTarget.cpp - what a GPU chip offers the pipeline ----------------===//

#include "GpuTarget.h"

using namespace mlir;
using namespace mlir::compress;

// PTX ISA 8.0 is the oldest that covers sm_90 (the upstream default +ptx60
// is rejected there) and is accepted for the Ampere/Ada chips too.
static const GpuTarget kTargets[] = {
    {"sm_80", GpuVendor::Nvidia, "+ptx80", true, true},
    {"sm_86", GpuVendor::Nvidia, "+ptx80", true, true},
    {"sm_89", GpuVendor::Nvidia, "+ptx80", true, true},
    {"sm_90", GpuVendor::Nvidia, "+ptx80", true, true},
    // CDNA3: int8 dot products (v_dot4_i32_i8); int8 MFMA not used yet.
    {"gfx942", GpuVendor::Amd, "", true, false},
};

std::optional<GpuTarget> compress::lookupGpuTarget(llvm::StringRef chip) {
  for (const GpuTarget &target : kTargets)
    if (target.chip == chip)
      return target;
  return std::nullopt;
}

llvm::StringRef compress::knownGpuChips() {
  return "sm_80, sm_86, sm_89, sm_90, gfx942";
}

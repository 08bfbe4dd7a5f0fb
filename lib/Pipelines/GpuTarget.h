//===- GpuTarget.h - what a GPU chip offers the pipeline --------*- C++ -*-===//
//
// The one place where GPU targets differ (in the spirit of Triton's
// TargetInfo): which vendor and code-generation path, which PTX features,
// and which int8 instructions the kernels may use.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_PIPELINES_GPUTARGET_H
#define COMPRESS_LIB_PIPELINES_GPUTARGET_H

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir {
namespace compress {

enum class GpuVendor { Nvidia, Amd };

struct GpuTarget {
  llvm::StringRef chip;
  GpuVendor vendor;
  /// NVVM: the PTX ISA feature string `nvvm-attach-target` needs.
  llvm::StringRef features;
  /// 4-way int8 dot product into i32 (`dp4a`, sm_61+).
  bool int8Dot;
  /// int8 tensor-core MMA (`mma.sync` s8 m16n8k32, sm_80+).
  bool int8Mma;
};

/// The description of `chip` (sm_80, sm_86, sm_89, sm_90, gfx942), or
/// nullopt for chips the pipeline does not know.
std::optional<GpuTarget> lookupGpuTarget(llvm::StringRef chip);

/// The chips lookupGpuTarget knows, for diagnostics.
llvm::StringRef knownGpuChips();

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_GPUTARGET_H

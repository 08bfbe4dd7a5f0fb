//===- X86Amx.h - int8 matmuls on AMX tiles ---------------------*- C++ -*-===//

#ifndef COMPRESS_LIB_PIPELINES_X86AMX_H
#define COMPRESS_LIB_PIPELINES_X86AMX_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <array>
#include <optional>

namespace mlir {
class RewritePatternSet;
namespace compress {

/// C tiles per block [rows, columns] for an i8 x i8 -> i32 matmul on AMX
/// (M, N multiples of 16, K of 64), or nullopt when it does not qualify.
std::optional<std::array<int64_t, 2>>
amxRegisterBlocking(linalg::MatmulOp matmul);

/// A as s8 [M, K/4, 4] times B packed [K/4, N, 4] into the matmul's
/// accumulator: a generic marked for the AMX kernel (no schedule tiles it).
linalg::GenericOp rewriteMatmulForAmx(OpBuilder &b, linalg::MatmulOp matmul);

/// Whether `op` is the generic rewriteMatmulForAmx made (schedules skip it).
bool isAmxKernel(Operation *op);

/// The marked generic on buffers -> loops of amx.tile_load / tile_muli /
/// tile_store (after buffer deallocation).
void populateX86AmxKernelPatterns(RewritePatternSet &patterns);

/// A module that uses AMX gets a constructor asking Linux for the tile
/// state (arch_prctl ARCH_REQ_XCOMP_PERM through libc's syscall).
LogicalResult requestAmxPermission(ModuleOp module);

/// Tile ops -> vector ops with the same semantics (tile loads/stores as
/// 2-D transfers, tile_muli as a contraction): runs the AMX kernels on CPUs
/// without AMX, for testing.
LogicalResult emulateAmxTiles(ModuleOp module);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_X86AMX_H

//===- X86Vnni.h - int8 matmuls on AVX-512 VNNI -----------------*- C++ -*-===//

#ifndef COMPRESS_LIB_PIPELINES_X86VNNI_H
#define COMPRESS_LIB_PIPELINES_X86VNNI_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

#include <array>
#include <optional>

namespace mlir {
class RewritePatternSet;
namespace compress {

/// (M, K, N) of a static i8 x i8 -> i32 linalg.matmul with the default
/// indexing maps, or nullopt.
std::optional<std::array<int64_t, 3>>
staticInt8MatmulShape(linalg::MatmulOp matmul);

/// Register tile (M, N, K/4) for the VNNI form of an i8 x i8 -> i32 matmul,
/// or nullopt when the matmul does not qualify.
std::optional<std::array<int64_t, 3>> vnniTileSizes(linalg::MatmulOp matmul);

/// int8 weights [K, N] in the [K/4][N][4] layout of vpdpbusd and AMX tiles
/// (rows padded, PaddedRows.h): folded for a constant, else a
/// linalg.transpose of the [K/4][4][N] view.
Value packWeightsForVnni(OpBuilder &b, Location loc, Value weights);

/// int8 weights [K, N] in column panels of `panel` columns, [N/p][K/4][p][4]:
/// a kernel that walks one panel down K reads it contiguously (in the
/// [K/4][N][4] layout each K/4 step of a panel is on another 4 KiB page).
/// Folded for a constant, else a transposing generic of the [K/4][4][N/p][p]
/// view. With `flipToUnsigned`, each byte is xor 0x80 (b + 128 as u8).
/// Requires N % panel == 0.
Value packWeightsInPanels(OpBuilder &b, Location loc, Value weights,
                          int64_t panel, bool flipToUnsigned = false);

/// Replaces `matmul` with a generic for vpdpbusd (u8 x s8), returned.
/// Constant B: (A xor 0x80) as u8 [M, K/4, 4] times B packed at compile time
/// into the accumulator shifted by -128 * colsum(B) (a constant). Run-time
/// B: A as s8 times B packed and flipped to u8 in one pass, the accumulator
/// shifted by -128 * rowsum(A). With `panel` == 0 (constant B only) the
/// generic runs over (m, n, kb, kk) and B is packed [K/4][N][4]; else over
/// (m, t, j, kb, kk) with B in panels of `panel` columns
/// (packWeightsInPanels) and the accumulator viewed [M][N/p][p].
linalg::GenericOp rewriteMatmulForVnni(OpBuilder &b, linalg::MatmulOp matmul,
                                       int64_t panel = 0);

/// Register tile for the run-time-B GEMV form (at most 4 rows, B row-major,
/// no packing pass), or nullopt.
std::optional<std::array<int64_t, 3>> vnniGemvTileSizes(linalg::MatmulOp mm);

/// (B xor 0x80) as u8 [K/4, 4, N] times A as s8 [M, K/4, 4] into the
/// accumulator shifted by -128 * rowsum(A): B is read as it is stored and
/// transposed into vpdpbusd's layout in registers.
linalg::GenericOp rewriteGemvForVnni(OpBuilder &b, linalg::MatmulOp matmul);

/// Register tile of the VNNI form of a many-loop int8 contraction with a
/// constant B (per-block partial sums: loops m, n, kb, kk), one size per
/// loop of that form (the original loops, K split into K/4 and 4), or
/// nullopt when the contraction does not qualify.
std::optional<SmallVector<int64_t>>
vnniBlockTileSizes(linalg::GenericOp contraction);

/// That contraction in the u8 x s8 form: A xor 0x80 (a separate
/// element-wise generic) viewed with K as (K/4, 4), B packed at compile time
/// with the four k-consecutive bytes innermost, the accumulator shifted by
/// -128 * colsum(B) (constants).
FailureOr<linalg::GenericOp>
rewriteBlockContractionForVnni(OpBuilder &b, linalg::GenericOp contraction);

/// The tiled contraction of that generic -> llvm.x86.avx512.vpdpbusd.512.
void populateX86VnniContractionPatterns(RewritePatternSet &patterns);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_X86VNNI_H

//===- CpuWeightOnlyMatmul.h - weight-only matmuls with few rows -*- C++
//-*-===//

#ifndef COMPRESS_LIB_PIPELINES_CPUWEIGHTONLYMATMUL_H
#define COMPRESS_LIB_PIPELINES_CPUWEIGHTONLYMATMUL_H

#include <cstdint>

namespace mlir {
class RewritePatternSet;
namespace compress {

/// linalg.matmul of a float A (at most `maxRows` rows) and the dequantized
/// constant int4 / int8 weights -> the packed-tile kernel (scf + vector on
/// tensors, before bufferization).
void populateCpuWeightOnlyMatmulPatterns(RewritePatternSet &patterns,
                                         int64_t maxRows);

/// A 4-bit field of 16 x i32 lanes converted to f32 -> one vpermps lookup
/// (llvm.x86.avx512.permvar.sf.512); after buffer deallocation.
void populateX86NibbleLookupPatterns(RewritePatternSet &patterns);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_CPUWEIGHTONLYMATMUL_H

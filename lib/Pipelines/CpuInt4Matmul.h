//===- CpuInt4Matmul.h - weight-only int4 matmuls with few rows -*- C++ -*-===//

#ifndef COMPRESS_LIB_PIPELINES_CPUINT4MATMUL_H
#define COMPRESS_LIB_PIPELINES_CPUINT4MATMUL_H

#include <cstdint>

namespace mlir {
class RewritePatternSet;
namespace compress {

/// linalg.matmul of a float A (at most `maxRows` rows) and the dequantized
/// constant int4 weights -> the nibble-packed kernel (scf + vector on
/// tensors, before bufferization).
void populateCpuInt4MatmulPatterns(RewritePatternSet &patterns,
                                   int64_t maxRows);

/// A 4-bit field of 16 x i32 lanes converted to f32 -> one vpermps lookup
/// (llvm.x86.avx512.permvar.sf.512); after buffer deallocation.
void populateX86NibbleLookupPatterns(RewritePatternSet &patterns);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_CPUINT4MATMUL_H

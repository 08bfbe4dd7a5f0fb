//===- ContractUnitDims.h - contractions without unit dimensions -*- C++
//-*-===//

#ifndef COMPRESS_LIB_PIPELINES_CONTRACTUNITDIMS_H
#define COMPRESS_LIB_PIPELINES_CONTRACTUNITDIMS_H

namespace mlir {
class RewritePatternSet;
namespace compress {

/// vector.contract over an iteration space with unit dimensions -> the same
/// contraction without them (operands and result through shape_cast), so a
/// register tile of a many-loop contraction (per-block partial sums
/// [m][kb][n], loops m, n, kb, kk with kb tiled by 1) reaches the
/// outer-product lowering, which takes matmul-like contractions only.
void populateDropContractUnitDimsPatterns(RewritePatternSet &patterns);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_CONTRACTUNITDIMS_H

//===- ParallelTiles.h - marking tile loops that may run on threads -*- C++
//-*-===//

#ifndef COMPRESS_LIB_PIPELINES_PARALLELTILES_H
#define COMPRESS_LIB_PIPELINES_PARALLELTILES_H

#include "llvm/ADT/StringRef.h"

namespace mlir {
namespace compress {

/// Marks a tile loop whose iterations write disjoint tiles of the output;
/// --compress-cpu-parallelize turns the outermost marked loop of each nest
/// into scf.parallel (threads=N).
inline constexpr llvm::StringLiteral kParallelTilesAttr =
    "compress.parallel_tiles";

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_PARALLELTILES_H

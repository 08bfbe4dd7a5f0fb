//===- Pipelines.h - compress pass pipelines --------------------*- C++ -*-===//

#ifndef COMPRESS_PIPELINES_PIPELINES_H
#define COMPRESS_PIPELINES_PIPELINES_H

namespace mlir {
class OpPassManager;

namespace compress {

/// The reference lowering of a whole module to the LLVM dialect: compress ops
/// to linalg, one-shot bufferization across function boundaries, plain loops,
/// LLVM. No tiling or vectorization: it defines the numbers faster pipelines
/// must reproduce.
void buildCompressReferencePipeline(OpPassManager &pm);

/// Registers `--compress-reference-pipeline`.
void registerCompressPipelines();

} // namespace compress
} // namespace mlir

#endif // COMPRESS_PIPELINES_PIPELINES_H

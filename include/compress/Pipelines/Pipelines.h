//===- Pipelines.h - compress pass pipelines --------------------*- C++ -*-===//

#ifndef COMPRESS_PIPELINES_PIPELINES_H
#define COMPRESS_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <memory>

namespace mlir {
class OpPassManager;
class Pass;

namespace compress {

/// Code generation targets of `--compress-cpu-pipeline`.
enum class CpuTarget { Generic, Avx512Vnni, Host };

/// Options of `--compress-cpu-pipeline`.
struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  PassOptions::Option<CpuTarget> target{
      *this, "target", llvm::cl::desc("Code generation target"),
      llvm::cl::init(CpuTarget::Generic),
      llvm::cl::values(
          clEnumValN(CpuTarget::Generic, "generic",
                     "register-tiled, vectorized kernels for the host's "
                     "vector ISA (LLVM picks AVX2/AVX-512 instructions)"),
          clEnumValN(CpuTarget::Avx512Vnni, "avx512-vnni",
                     "int8 matmuls on AVX-512 VNNI (vpdpbusd)"),
          clEnumValN(CpuTarget::Host, "host",
                     "avx512-vnni when the compiling CPU has it, else "
                     "generic"))};
};

/// The CPU pipeline: fold quantized constants, lower QDQ patterns to integer
/// kernels, lower compress ops, fuse element-wise ops, tile and vectorize
/// matmuls (compress-cpu-vectorize), bufferize, lower to the LLVM dialect.
/// Whole modules (a `main`, calls, printing) lower with it.
void buildCompressCpuPipeline(OpPassManager &pm,
                              const CpuPipelineOptions &options);

/// The tiling + vectorization + bufferization stage of the CPU pipeline.
std::unique_ptr<Pass> createCompressCpuVectorizePass(bool vnni = false);

/// The vector lowering stage of the CPU pipeline (after deallocation).
std::unique_ptr<Pass> createCompressCpuLowerVectorsPass(bool vnni = false);

/// The reference lowering of a whole module to the LLVM dialect: compress ops
/// to linalg, one-shot bufferization across function boundaries, plain loops,
/// LLVM. No tiling or vectorization: it defines the numbers faster pipelines
/// must reproduce.
void buildCompressReferencePipeline(OpPassManager &pm);

/// Registers `--compress-reference-pipeline`, `--compress-cpu-pipeline` and
/// `--compress-cpu-vectorize`.
void registerCompressPipelines();

} // namespace compress
} // namespace mlir

#endif // COMPRESS_PIPELINES_PIPELINES_H

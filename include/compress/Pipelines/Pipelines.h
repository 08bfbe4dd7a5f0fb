//===- Pipelines.h - compress pass pipelines --------------------*- C++ -*-===//

#ifndef COMPRESS_PIPELINES_PIPELINES_H
#define COMPRESS_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace mlir {
class OpPassManager;
class Pass;

namespace compress {

/// Code generation targets of `--compress-cpu-pipeline`.
enum class CpuTarget { Generic, Avx2, Avx512, Avx512Vnni, Amx, Host };

/// The instruction-set extensions the CPU stages use, from a target.
struct CpuIsa {
  bool avx512 = false; // AVX-512F peepholes (vpermps nibble lookup)
  bool vnni = false;   // int8 matmuls on vpdpbusd
  bool amx = false;    // int8 matmuls on AMX tiles
};

/// Options of `--compress-cpu-pipeline`.
struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  PassOptions::Option<CpuTarget> target{
      *this, "target", llvm::cl::desc("Code generation target"),
      llvm::cl::init(CpuTarget::Generic),
      llvm::cl::values(
          clEnumValN(CpuTarget::Generic, "generic",
                     "register-tiled, vectorized kernels for the host's "
                     "vector ISA (LLVM picks AVX2/AVX-512 instructions)"),
          clEnumValN(CpuTarget::Avx2, "avx2",
                     "generic vector code (ISA-neutral; llc -mcpu/-mattr "
                     "selects AVX2)"),
          clEnumValN(CpuTarget::Avx512, "avx512",
                     "generic vector code plus AVX-512F peepholes (int4 "
                     "nibbles to float by vpermps lookup)"),
          clEnumValN(CpuTarget::Avx512Vnni, "avx512-vnni",
                     "int8 matmuls on AVX-512 VNNI (vpdpbusd)"),
          clEnumValN(CpuTarget::Amx, "amx",
                     "int8 matmuls with M, N multiples of 16 and K of 64 on "
                     "AMX tiles (tdpbssd; the module asks Linux for the tile "
                     "state), the rest as avx512-vnni"),
          clEnumValN(CpuTarget::Host, "host",
                     "the best of amx, avx512-vnni, avx512 the compiling CPU "
                     "has, else generic"))};
  PassOptions::Option<bool> sparseStorage{
      *this, "sparse-storage",
      llvm::cl::desc("Run --compress-sparsify after integer lowering: "
                     "constant weights with zeros get compressed storage "
                     "and sparse kernels where its cost rule predicts a "
                     "speed-up"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> weightOnly{
      *this, "weight-only",
      llvm::cl::desc("Weight-only contractions (see --compress-lower-to-"
                     "integer): materialize (dequantize once per call, then "
                     "the vectorized float matmul) or fused"),
      llvm::cl::init("materialize")};
  PassOptions::Option<int64_t> weightOnlyMaxRows{
      *this, "weight-only-max-rows",
      llvm::cl::desc(
          "Weight-only matmuls with constant int4 / int8 weights and at "
          "most this many rows use the packed-tile kernel "
          "(--compress-cpu-weight-only-matmul); 0: never"),
      llvm::cl::init(16)};
  PassOptions::Option<bool> amxEmulation{
      *this, "amx-emulation",
      llvm::cl::desc("Testing aid for target=amx: run the AMX kernels' tile "
                     "ops as vector ops (any CPU, no tile instructions)"),
      llvm::cl::init(false)};
  PassOptions::Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads for the tiled kernels (OpenMP; programs link "
                     "libomp). 1: no threading"),
      llvm::cl::init(1)};
};

/// The CPU pipeline: fold quantized constants, lower QDQ patterns to integer
/// kernels, lower compress ops, fuse element-wise ops, tile and vectorize
/// matmuls (compress-cpu-vectorize), bufferize, lower to the LLVM dialect.
/// Whole modules (a `main`, calls, printing) lower with it.
void buildCompressCpuPipeline(OpPassManager &pm,
                              const CpuPipelineOptions &options);

/// The tiling + vectorization + bufferization stage of the CPU pipeline.
std::unique_ptr<Pass> createCompressCpuVectorizePass(CpuIsa isa = {},
                                                     unsigned threads = 1);

/// Weight-only matmuls with constant int4 / int8 weights and few rows to the
/// nibble-packed kernel (--compress-cpu-weight-only-matmul).
std::unique_ptr<Pass>
createCompressCpuWeightOnlyMatmulPass(int64_t maxRows = 16);
/// Elementwise fusion of linalg generics that does not fuse a producer into
/// a reduction that would recompute each of its elements more than
/// `maxRecompute` times (--compress-cpu-elementwise-fusion).
std::unique_ptr<Pass>
createCompressCpuElementwiseFusionPass(int64_t maxRecompute = 16);
/// Outer tile loops of the vectorized kernels to scf.parallel (threads=N).
std::unique_ptr<Pass> createCompressCpuParallelizePass();

/// The vector lowering stage of the CPU pipeline (after deallocation).
std::unique_ptr<Pass>
createCompressCpuLowerVectorsPass(CpuIsa isa = {}, bool amxEmulation = false);

/// GPUs `--compress-gpu-pipeline` generates code for.
enum class GpuChip { Sm80, Sm86, Sm89, Sm90, Gfx942 };
llvm::StringRef gpuChipName(GpuChip chip);

/// Options of `--compress-gpu-pipeline`.
struct GpuPipelineOptions : public PassPipelineOptions<GpuPipelineOptions> {
  PassOptions::Option<GpuChip> chip{
      *this, "chip", llvm::cl::desc("Target GPU"),
      llvm::cl::init(GpuChip::Sm80),
      llvm::cl::values(
          clEnumValN(GpuChip::Sm80, "sm_80",
                     "NVIDIA Ampere (A100): mma.sync, dp4a"),
          clEnumValN(GpuChip::Sm86, "sm_86",
                     "NVIDIA Ampere (RTX 30): mma.sync, dp4a"),
          clEnumValN(GpuChip::Sm89, "sm_89", "NVIDIA Ada: mma.sync, dp4a"),
          clEnumValN(GpuChip::Sm90, "sm_90",
                     "NVIDIA Hopper (H100/H200): mma.sync, dp4a"),
          clEnumValN(GpuChip::Gfx942, "gfx942",
                     "AMD CDNA3 (MI300): ROCDL, AMDGPU ISA"))};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu-module-to-binary embeds: isa (PTX / AMDGPU "
                     "assembly, needs no toolkit), bin (cubin via ptxas, "
                     "hsaco via ld.lld), fatbin"),
      llvm::cl::init("isa")};
  PassOptions::Option<bool> mma{
      *this, "mma",
      llvm::cl::desc("int8 matmuls and batch_matmuls with M % 16, N % 8, "
                     "K % 32 == 0 on "
                     "tensor cores (mma.sync m16n8k32, sm_80+); false: dp4a"),
      llvm::cl::init(true)};
};

/// The GPU pipeline: the compress stages of the CPU pipeline, int8 matmuls
/// and batch_matmuls on tensor cores (sm_80+, --compress-gpu-int8-mma) or as
/// 4-way dot products (dp4a), f32 matmuls and convolutions (through im2col)
/// staged in workgroup memory (--compress-gpu-float-matmul), bufferization,
/// the rest of linalg to 16 x 16 thread blocks, kernel outlining, NVVM
/// (upstream's pipeline) or ROCDL, and gpu-module-to-binary. Host code calls
/// the `mgpu*` runtime entry points.
void buildCompressGpuPipeline(OpPassManager &pm,
                              const GpuPipelineOptions &options);

/// The int8 stage of the GPU pipeline (--compress-gpu-int8-dot): int8
/// matmuls become contractions over 32-bit words; with `finalize` (after
/// buffer deallocation) their bodies become NVVM dp4a.
std::unique_ptr<Pass> createCompressGpuInt8DotPass(bool finalize = false,
                                                   bool amd = false);

/// The tensor-core stage of the GPU pipeline (--compress-gpu-int8-mma):
/// `stage` tensor (int8 matmuls -> contractions with B transposed), kernel
/// (on buffers: gpu.launch with nvgpu.mma.sync m16n8k32), emulate (the
/// kernel's tiling as loops a CPU runs) or align (after outlining).
std::unique_ptr<Pass>
createCompressGpuInt8MmaPass(llvm::StringRef stage = "tensor");

/// The float matmul stage of the GPU pipeline (--compress-gpu-float-matmul,
/// on buffers): f32 matmuls become kernels that stage tiles of A and B in
/// workgroup memory (with the pass option `emulate`: the same tiling as
/// loops a CPU runs); with `im2col` (before bufferization) f32
/// convolutions become matmuls over their windows first.
std::unique_ptr<Pass> createCompressGpuFloatMatmulPass(bool im2col = false);

/// The host-memory stage of the GPU pipeline (--compress-gpu-shared-buffers):
/// host allocations become device or managed memory; with `sinkConstants`
/// (after the launches exist) kernels read constant globals in place.
std::unique_ptr<Pass>
createCompressGpuSharedBuffersPass(bool sinkConstants = false);

/// The reference lowering of a whole module to the LLVM dialect: compress ops
/// to linalg, one-shot bufferization across function boundaries, plain loops,
/// LLVM. No tiling or vectorization: it defines the numbers faster pipelines
/// must reproduce.
void buildCompressReferencePipeline(OpPassManager &pm);

/// Registers `--compress-reference-pipeline`, `--compress-cpu-pipeline`,
/// `--compress-gpu-pipeline` and their stage passes.
void registerCompressPipelines();

} // namespace compress
} // namespace mlir

#endif // COMPRESS_PIPELINES_PIPELINES_H

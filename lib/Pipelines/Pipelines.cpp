//===- Pipelines.cpp - compress pass pipelines ----------------------------===//
//
// Pipelines are built from pass constructors, not from pass-name strings, so
// they work in any process (a library consumer, a unit test, the calibration
// JIT) whether or not the upstream passes were registered globally.
//
//===----------------------------------------------------------------------===//

#include "compress/Pipelines/Pipelines.h"
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ConvertToLLVM/ToLLVMPass.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

/// Buffers to the LLVM dialect: shared by both pipelines (after the buffer
/// deallocation pipeline). `amx`: tile ops to their LLVM intrinsics.
static void addBufferToLLVMPasses(OpPassManager &pm, bool amx = false) {
  // Copies the deallocation pipeline introduced (bufferization.clone).
  pm.addPass(createConvertBufferizationToMemRefPass());
  // What was not vectorized runs as plain loops.
  pm.addPass(createConvertLinalgToLoopsPass());
  VectorTransferToSCFOptions vectorToSCF;
  vectorToSCF.enableFullUnroll();
  pm.addPass(createConvertVectorToSCFPass(vectorToSCF));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.amx = amx;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void compress::buildCompressReferencePipeline(OpPassManager &pm) {
  // Every compress op becomes element-wise linalg/arith/math on tensors.
  pm.addPass(createCompressLowerOps());
  // Element-wise arith on tensors (e.g. extsi of a result to print it).
  pm.addPass(createConvertElementwiseToLinalgPass());
  // Fuse element-wise producers (int4 unpacking, dequantization) into their
  // consumers so no intermediate tensor is materialized.
  pm.addPass(createLinalgElementwiseOpFusionPass());
  // Tensors to buffers across calls, so `main` can call the model.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  // Plain loops: the reference, not the fast path.
  addBufferToLLVMPasses(pm);
}

/// Whether the CPU running the compiler has `feature` (target=host).
static bool hostHas(StringRef feature) {
  return llvm::sys::getHostCPUFeatures().lookup(feature);
}

void compress::buildCompressCpuPipeline(OpPassManager &pm,
                                        const CpuPipelineOptions &options) {
  bool host = options.target == CpuTarget::Host;
  CpuTarget t = options.target;
  CpuIsa isa;
  isa.amx = t == CpuTarget::Amx || (host && hostHas("amx-int8"));
  isa.vnni =
      isa.amx || t == CpuTarget::Avx512Vnni || (host && hostHas("avx512vnni"));
  isa.avx512 =
      isa.vnni || t == CpuTarget::Avx512 || (host && hostHas("avx512f"));
  // Quantized weights become integer constants; QDQ patterns become integer
  // kernels (no-ops on float models).
  pm.addPass(createCompressFoldConstants());
  // Constant int4 / int8 weights times few float rows: a kernel that reads the
  // packed weights (before integer lowering picks fused / materialize).
  if (options.weightOnlyMaxRows > 0)
    pm.addPass(
        createCompressCpuWeightOnlyMatmulPass(options.weightOnlyMaxRows));
  CompressLowerToIntegerOptions toInteger;
  toInteger.weightOnly = options.weightOnly;
  pm.addPass(createCompressLowerToInteger(toInteger));
  pm.addPass(createCanonicalizerPass());
  // Constant weights with enough zeros: compressed storage + sparse kernels.
  if (options.sparseStorage)
    pm.addPass(createCompressSparsify());
  pm.addPass(createCompressLowerOps());
  pm.addPass(createConvertElementwiseToLinalgPass());
  // Producers fuse into consumers unless a reduction would recompute them
  // (an activation quantization stays a pass of its own, vectorized).
  pm.addPass(createCompressCpuElementwiseFusionPass());
  // Register tiles + vectors for matmuls, then bufferize everything.
  pm.addPass(createCompressCpuVectorizePass(isa, options.threads));
  // Bufferized tile loops copy each written tile onto itself (two equal
  // subviews): CSE makes them one value and canonicalization drops the copy.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createCompressCpuLowerVectorsPass(isa, options.amxEmulation));
  if (options.threads > 1) {
    pm.addPass(createCompressCpuParallelizePass());
    ConvertSCFToOpenMPPassOptions openmp;
    openmp.numThreads = options.threads;
    pm.addPass(createConvertSCFToOpenMPPass(openmp));
    // Inlines the memref.alloca_scope the conversion wraps around each body
    // (the kernels allocate nothing on the stack), which scf-to-cf would
    // otherwise fill with blocks it may not hold.
    pm.addPass(createCanonicalizerPass());
  }
  addBufferToLLVMPasses(pm, isa.amx && !options.amxEmulation);
}

void compress::registerCompressPipelines() {
  PassRegistration<Pass>([] { return createCompressCpuVectorizePass(); });
  PassRegistration<Pass>([] { return createCompressCpuLowerVectorsPass(); });
  PassRegistration<Pass>([] { return createCompressCpuParallelizePass(); });
  PassRegistration<Pass>(
      [] { return createCompressCpuElementwiseFusionPass(); });
  PassRegistration<Pass>(
      [] { return createCompressCpuWeightOnlyMatmulPass(); });
  PassRegistration<Pass>([] { return createCompressGpuInt8DotPass(); });
  PassRegistration<Pass>([] { return createCompressGpuInt8MmaPass(); });
  PassRegistration<Pass>([] { return createCompressGpuFloatMatmulPass(); });
  PassRegistration<Pass>([] { return createCompressGpuSharedBuffersPass(); });
  PassPipelineRegistration<GpuPipelineOptions>(
      "compress-gpu-pipeline",
      "GPU code generation for a whole module: the compress stages, int8 "
      "matmuls on tensor cores (mma.sync, sm_80+) or as dp4a dot products, "
      "f32 matmuls and convolutions (im2col) staged in workgroup memory, "
      "bufferization, 16x16 thread blocks for the rest, NVVM or ROCDL, "
      "gpu-module-to-binary (PTX / AMDGPU ISA)",
      [](OpPassManager &pm, const GpuPipelineOptions &options) {
        buildCompressGpuPipeline(pm, options);
      });
  PassPipelineRegistration<CpuPipelineOptions>(
      "compress-cpu-pipeline",
      "CPU code generation for a whole module: fold quantized constants, "
      "weight-only kernels for few rows, integer lowering, compressed sparse "
      "weights, compress-lower-ops, tiled and vectorized matmuls (VNNI / AMX "
      "int8 kernels by target), bufferization, OpenMP threads, LLVM dialect "
      "(runs with mlir-runner or AOT)",
      [](OpPassManager &pm, const CpuPipelineOptions &options) {
        buildCompressCpuPipeline(pm, options);
      });
  PassPipelineRegistration<>(
      "compress-reference-pipeline",
      "Reference lowering of a whole module to LLVM: compress-lower-ops, "
      "bufferization, plain loops, LLVM dialect (runs with mlir-runner)",
      buildCompressReferencePipeline);
}

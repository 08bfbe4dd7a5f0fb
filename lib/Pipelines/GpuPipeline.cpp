//===- GpuPipeline.cpp - --compress-gpu-pipeline --------------------------===//
//
// Quantized linalg to GPU binaries, composed from upstream passes: the
// compress stages (fold constants, integer lowering, compress ops to linalg,
// int8 matmuls on tensor cores or as dp4a contractions), one-shot
// bufferization, linalg to parallel loops tiled 16 x 16 and mapped to
// blocks x threads, kernel outlining, then upstream's NVVM pipeline
// (PTX/cubin) or the ROCDL passes (AMDGPU ISA).
// What differs between chips comes from GpuTarget.
//
//===----------------------------------------------------------------------===//

#include "GpuTarget.h"
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ConvertToLLVM/ToLLVMPass.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

StringRef compress::gpuChipName(GpuChip chip) {
  switch (chip) {
  case GpuChip::Sm80:
    return "sm_80";
  case GpuChip::Sm86:
    return "sm_86";
  case GpuChip::Sm89:
    return "sm_89";
  case GpuChip::Sm90:
    return "sm_90";
  case GpuChip::Gfx942:
    return "gfx942";
  }
  llvm_unreachable("unknown chip");
}

void compress::buildCompressGpuPipeline(OpPassManager &pm,
                                        const GpuPipelineOptions &options) {
  GpuTarget target = *lookupGpuTarget(gpuChipName(options.chip));
  // The compress stages, as on CPUs.
  pm.addPass(createCompressFoldConstants());
  pm.addPass(createCompressLowerToInteger());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCompressLowerOps());
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createLinalgElementwiseOpFusionPass());
  // Tensor cores take the int8 matmuls whose shape fits mma.sync tiles;
  // dp4a the rest.
  bool mma = target.int8Mma && options.mma;
  if (mma)
    pm.addPass(createCompressGpuInt8MmaPass("tensor"));
  if (target.int8Dot)
    pm.addPass(createCompressGpuInt8DotPass());
  // f32 convolutions as matmuls over their windows, for the staged kernel.
  pm.addPass(createCompressGpuFloatMatmulPass(/*im2col=*/true));
  // Buffers, then one GPU thread per output element in 16 x 16 blocks.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  if (mma)
    pm.addPass(createCompressGpuInt8MmaPass("kernel"));
  // f32 matmuls: tiles of A and B staged in workgroup memory.
  pm.addPass(createCompressGpuFloatMatmulPass());
  if (target.int8Dot)
    pm.addPass(createCompressGpuInt8DotPass(/*finalize=*/true));
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCompressGpuSharedBuffersPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(
      createParallelLoopTilingPass(ArrayRef<int64_t>{16, 16},
                                   /*noMinMaxBounds=*/true));
  // The innermost (contiguous, row-major) dimension on threadIdx.x, so a
  // warp's loads of B and stores of C are coalesced.
  GpuMapParallelLoopsPassOptions mapping;
  mapping.mappingPolicyStr = "innermost-first";
  pm.addNestedPass<func::FuncOp>(createGpuMapParallelLoopsPass(mapping));
  pm.addNestedPass<func::FuncOp>(createConvertParallelLoopToGpuPass());
  pm.addPass(createCompressGpuSharedBuffersPass(/*sinkConstants=*/true));
  pm.addPass(createCanonicalizerPass());

  if (target.vendor == GpuVendor::Nvidia) {
    gpu::GPUToNVVMPipelineOptions nvvm;
    nvvm.cubinChip = target.chip.str();
    nvvm.cubinFeatures = target.features.str();
    nvvm.cubinFormat = options.format;
    nvvm.optLevel = 3;
    // Outlined here (upstream's pipeline then finds nothing left to outline)
    // so the tensor-core kernels' workgroup buffers can be aligned first.
    pm.addPass(createGpuKernelOutliningPass());
    if (mma)
      pm.addPass(createCompressGpuInt8MmaPass("align"));
    gpu::buildLowerToNVVMPassPipeline(pm, nvvm);
    return;
  }
  pm.addPass(createGpuKernelOutliningPass());
  if (target.int8Dot)
    pm.addPass(createCompressGpuInt8DotPass(/*finalize=*/false, /*amd=*/true));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  GpuROCDLAttachTargetOptions rocdl;
  rocdl.chip = target.chip.str();
  rocdl.optLevel = 3;
  pm.addPass(createGpuROCDLAttachTarget(rocdl));
  ConvertGpuOpsToROCDLOpsOptions toRocdl;
  toRocdl.chipset = target.chip.str();
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToROCDLOps(toRocdl));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

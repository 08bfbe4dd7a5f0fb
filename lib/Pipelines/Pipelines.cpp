//===- Pipelines.cpp - compress pass pipelines ----------------------------===//

#include "compress/Pipelines/Pipelines.h"
#include "compress/Conversion/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;

void compress::buildCompressReferencePipeline(OpPassManager &pm) {
  // Every compress op becomes element-wise linalg/arith/math on tensors.
  pm.addPass(createCompressLowerOps());
  // The pass list carries no `builtin.module(...)` anchor: `pm` is already
  // anchored on the module, and an anchor would nest the passes one level
  // deeper where they would run on nothing.
  if (failed(parsePassPipeline(
          // Element-wise arith on tensors (extsi of a result to print it).
          "convert-elementwise-to-linalg,"
          // Tensors to buffers across calls, so `main` can call the model.
          "one-shot-bufferize{bufferize-function-boundaries},"
          "buffer-deallocation-pipeline,"
          // Plain loops: the reference, not the fast path.
          "convert-linalg-to-loops,"
          "convert-vector-to-scf{full-unroll=true},"
          "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
          "convert-to-llvm,reconcile-unrealized-casts",
          pm)))
    llvm::report_fatal_error("compress: malformed reference pipeline");
}

void compress::registerCompressPipelines() {
  PassPipelineRegistration<>(
      "compress-reference-pipeline",
      "Reference lowering of a whole module to LLVM: compress-lower-ops, "
      "bufferization, plain loops, LLVM dialect (runs with mlir-runner)",
      buildCompressReferencePipeline);
}

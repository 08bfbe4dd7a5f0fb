//===- InitAllCompress.cpp - register everything compress -----------------===//

#include "compress/InitAllCompress.h"

#include "compress/Calibration/Calibration.h"
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::compress::registerAllCompressDialects(DialectRegistry &registry) {
  registry.insert<CompressDialect>();
}

void mlir::compress::registerAllCompressPasses() {
  registerCompressConversionPasses();
  registerCompressTransformsPasses();
  registerCompressPipelines();
}

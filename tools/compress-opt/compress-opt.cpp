//===- compress-opt.cpp - the compress optimizer driver -------------------===//
//
// mlir-opt with the compress dialect, passes and pipelines added: every
// upstream dialect, extension, pass and LLVM/GPU translation is registered so
// whole programs (not just the model) go through one tool.
//
//===----------------------------------------------------------------------===//

#include "compress/InitAllCompress.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary needs the LLVM IR translations of every target.
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::registerAllGPUToLLVMIRTranslations(registry);
  mlir::registerAllPasses();

  mlir::compress::registerAllCompressDialects(registry);
  mlir::compress::registerAllCompressPasses();

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "compress optimizer: pruning and quantization for MLIR\n",
      registry));
}

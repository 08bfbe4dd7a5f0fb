//===- CompressPlugin.cpp - compress as an mlir-opt plugin ----------------===//

#include "compress/InitAllCompress.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

using namespace mlir;

extern "C" LLVM_ATTRIBUTE_WEAK DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Compress", LLVM_VERSION_STRING,
          [](DialectRegistry *registry) {
            compress::registerAllCompressDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "CompressPasses", LLVM_VERSION_STRING,
          []() { compress::registerAllCompressPasses(); }};
}

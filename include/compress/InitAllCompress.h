//===- InitAllCompress.h - register everything compress ---------*- C++ -*-===//
//
// One entry point for tools and other compilers: the compress dialect, all
// compress passes and pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_INITALLCOMPRESS_H
#define COMPRESS_INITALLCOMPRESS_H

#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir {
namespace compress {

inline void registerAllCompressDialects(DialectRegistry &registry) {
  registry.insert<CompressDialect>();
}

inline void registerAllCompressPasses() {
  registerCompressConversionPasses();
  registerCompressPipelines();
}

} // namespace compress
} // namespace mlir

#endif // COMPRESS_INITALLCOMPRESS_H

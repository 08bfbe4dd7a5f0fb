//===- InitAllCompress.h - register everything compress ---------*- C++ -*-===//
//
// One entry point for tools and other compilers: the compress dialect, all
// compress passes and pipelines. Library: MLIRCompressRegistration.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_INITALLCOMPRESS_H
#define COMPRESS_INITALLCOMPRESS_H

namespace mlir {
class DialectRegistry;
namespace compress {

/// Inserts the compress dialect (and what its passes create) into `registry`.
void registerAllCompressDialects(DialectRegistry &registry);

/// Registers every compress pass and pipeline with the global registry.
void registerAllCompressPasses();

} // namespace compress
} // namespace mlir

#endif // COMPRESS_INITALLCOMPRESS_H

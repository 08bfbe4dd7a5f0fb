//===- Passes.h - compress conversion passes --------------------*- C++ -*-===//

#ifndef COMPRESS_CONVERSION_PASSES_H
#define COMPRESS_CONVERSION_PASSES_H

#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Conversion/QuantToCompress/QuantToCompress.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace compress {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "compress/Conversion/Passes.h.inc"

} // namespace compress
} // namespace mlir

#endif // COMPRESS_CONVERSION_PASSES_H

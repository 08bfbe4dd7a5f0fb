//===- DiagnosticFormat.h - numbers in diagnostics --------------*- C++ -*-===//

#ifndef COMPRESS_LIB_DIALECT_COMPRESS_IR_DIAGNOSTICFORMAT_H
#define COMPRESS_LIB_DIALECT_COMPRESS_IR_DIAGNOSTICFORMAT_H

#include <cstdio>
#include <string>

namespace mlir {
namespace compress {

/// Doubles in diagnostics read as users write them (0.5, not 5.000000e-01).
inline std::string formatForDiagnostic(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.9g", value);
  return buffer;
}

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_DIALECT_COMPRESS_IR_DIAGNOSTICFORMAT_H

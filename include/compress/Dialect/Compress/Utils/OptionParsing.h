//===- OptionParsing.h - pass option values shared by passes ----*- C++ -*-===//

#ifndef COMPRESS_DIALECT_COMPRESS_UTILS_OPTIONPARSING_H
#define COMPRESS_DIALECT_COMPRESS_UTILS_OPTIONPARSING_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace mlir {
namespace compress {

/// "RxC" (e.g. "4x16") as (R, C), both positive; nullopt otherwise.
inline std::optional<std::pair<int64_t, int64_t>>
parseBlockShape(llvm::StringRef text) {
  auto [r, c] = text.split('x');
  int64_t rows = 0, cols = 0;
  if (r.getAsInteger(10, rows) || c.getAsInteger(10, cols) || rows <= 0 ||
      cols <= 0)
    return std::nullopt;
  return std::make_pair(rows, cols);
}

} // namespace compress
} // namespace mlir

#endif // COMPRESS_DIALECT_COMPRESS_UTILS_OPTIONPARSING_H

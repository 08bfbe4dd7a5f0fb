//===- Calibration.h - calibration inputs and pass --------------*- C++ -*-===//

#ifndef COMPRESS_CALIBRATION_CALIBRATION_H
#define COMPRESS_CALIBRATION_CALIBRATION_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir {
namespace compress {

/// A float32, C-order NumPy array read from a `.npy` file.
struct NpyArray {
  SmallVector<int64_t> shape;
  std::vector<float> data;
};

/// Reads a `.npy` file (format versions 1-3), checking the magic string, the
/// dtype (little-endian float32), the memory order (C) and that the data size
/// matches the shape. Errors say what was found and what is expected.
llvm::Expected<NpyArray> readNpy(StringRef path);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_CALIBRATION_CALIBRATION_H

//===- ConstantValues.h - reading and writing integer constants -*- C++ -*-===//
//
// Integer weight constants, including int4 values stored two per byte
// behind a compress.unpack (byte j holds element 2j in its low nibble and
// element 2j + 1 in its high nibble), read and written in one place.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECT_COMPRESS_UTILS_CONSTANTVALUES_H
#define COMPRESS_DIALECT_COMPRESS_UTILS_CONSTANTVALUES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir {
namespace compress {

/// The integer values of a constant (dense integer constant, or int4 values
/// packed behind a compress.unpack of a constant), interpreted as signed or
/// unsigned, row-major.
FailureOr<SmallVector<int64_t>> getConstantIntValues(Value value,
                                                     bool isSigned);

/// int4 values (low 4 bits of each) two per byte; an odd count is padded
/// with a zero nibble.
SmallVector<int8_t> packInt4(ArrayRef<int64_t> values);

/// A constant of `type` (element i4, last dimension even) stored packed: an
/// i8 constant with the last dimension halved and a compress.unpack.
Value createPackedInt4Constant(OpBuilder &b, Location loc,
                               RankedTensorType type, ArrayRef<int64_t> values);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_DIALECT_COMPRESS_UTILS_CONSTANTVALUES_H

//===- QuantToCompress.h - upstream quant IR to compress --------*- C++ -*-===//

#ifndef COMPRESS_CONVERSION_QUANTTOCOMPRESS_QUANTTOCOMPRESS_H
#define COMPRESS_CONVERSION_QUANTTOCOMPRESS_QUANTTOCOMPRESS_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace compress {

/// Converts `!quant.uniform` element types (and shaped types of them) to
/// their signless storage integer types.
class QuantToStorageTypeConverter : public TypeConverter {
public:
  QuantToStorageTypeConverter();
};

/// qcast -> compress.quantize, dcast -> compress.dequantize, scast -> its
/// operand.
void populateQuantToCompressConversionPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_CONVERSION_QUANTTOCOMPRESS_QUANTTOCOMPRESS_H

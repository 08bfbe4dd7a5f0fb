//===- CompressAttrs.cpp - compress attributes ----------------------------===//

#include "compress/Dialect/Compress/IR/CompressAttrs.h"
#include "DiagnosticFormat.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace mlir::compress;

static std::string fmt(double value) { return formatForDiagnostic(value); }

#include "compress/Dialect/Compress/IR/CompressEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "compress/Dialect/Compress/IR/CompressAttrs.cpp.inc"

void CompressDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "compress/Dialect/Compress/IR/CompressAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// QuantAttr
//===----------------------------------------------------------------------===//

int64_t QuantAttr::getDefaultMin(unsigned width, bool isSigned) {
  return isSigned ? -(int64_t(1) << (width - 1)) : 0;
}

int64_t QuantAttr::getDefaultMax(unsigned width, bool isSigned) {
  return isSigned ? (int64_t(1) << (width - 1)) - 1 : (int64_t(1) << width) - 1;
}

IntegerType QuantAttr::getStorageType() const {
  return IntegerType::get(getContext(), getStorageWidth());
}

static std::string storageName(unsigned width, bool isSigned) {
  return (isSigned ? "i" : "u") + std::to_string(width);
}

LogicalResult QuantAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                unsigned storageWidth, bool storageSigned,
                                FloatType expressedType, int64_t storageMin,
                                int64_t storageMax, int64_t axis,
                                int64_t blockSize,
                                DenseF64ArrayAttr scaleValues,
                                ArrayRef<int64_t> zeroPoints) {
  if (!scaleValues)
    return emitError() << "scales are required";
  ArrayRef<double> scales = scaleValues.asArrayRef();
  bool widthOk = storageWidth == 4 || storageWidth == 8 || storageWidth == 16 ||
                 (storageWidth == 32 && storageSigned);
  if (!widthOk)
    return emitError() << "storage type "
                       << storageName(storageWidth, storageSigned)
                       << " is not supported; use i4, u4, i8, u8, i16, u16 "
                          "(or i32 for accumulators)";
  if (!expressedType.isF32() && !expressedType.isF16() &&
      !expressedType.isBF16())
    return emitError() << "expressed type " << expressedType
                       << " is not supported; use f32, f16 or bf16";
  int64_t lo = getDefaultMin(storageWidth, storageSigned);
  int64_t hi = getDefaultMax(storageWidth, storageSigned);
  if (storageMin < lo || storageMax > hi || storageMin >= storageMax)
    return emitError() << "storage range [" << storageMin << ", " << storageMax
                       << "] must be a non-empty sub-range of [" << lo << ", "
                       << hi << "] for "
                       << storageName(storageWidth, storageSigned);
  if (axis < kNoAxis)
    return emitError() << "axis must be non-negative, got " << axis;
  if (blockSize < 0 || (blockSize > 0 && axis == kNoAxis))
    return emitError() << "block size " << blockSize
                       << " needs an axis and must be positive";
  if (scales.empty())
    return emitError() << "at least one scale is required";
  if (axis == kNoAxis && scales.size() != 1)
    return emitError() << "per-tensor parameters take exactly one scale, got "
                       << scales.size() << "; add `axis = N` for per-axis";
  if (zeroPoints.size() != scales.size())
    return emitError() << "got " << scales.size() << " scales but "
                       << zeroPoints.size()
                       << " zero points; the counts must match";
  for (auto [i, s] : llvm::enumerate(scales)) {
    if (!std::isfinite(s) || s <= 0.0)
      return emitError() << "scale #" << i << " is " << fmt(s)
                         << "; scales must be finite and positive";
    // Lowered code computes in f32: the scale must survive that conversion.
    float asF32 = static_cast<float>(s);
    if (!std::isfinite(asF32) || asF32 <= 0.0f)
      return emitError() << "scale #" << i << " is " << fmt(s)
                         << ", which is not a positive finite f32 (the "
                            "precision quantized code computes in)";
  }
  for (auto [i, z] : llvm::enumerate(zeroPoints))
    if (z < storageMin || z > storageMax)
      return emitError() << "zero point #" << i << " is " << z
                         << ", outside the storage range [" << storageMin
                         << ", " << storageMax << "]";
  return success();
}

SmallVector<int64_t> QuantAttr::getParamShape(ArrayRef<int64_t> shape) const {
  if (isPerTensor())
    return {};
  if (isPerAxis())
    return {shape[getAxis()]};
  SmallVector<int64_t> result(shape);
  if (!ShapedType::isDynamic(result[getAxis()]))
    result[getAxis()] /= getBlockSize();
  return result;
}

LogicalResult
QuantAttr::verifyForShape(function_ref<InFlightDiagnostic()> emitError,
                          ArrayRef<int64_t> shape) const {
  if (isPerTensor())
    return success();
  int64_t axis = getAxis();
  int64_t rank = shape.size();
  if (axis >= rank)
    return emitError() << "quantization axis " << axis
                       << " is out of range for a value of rank " << rank;
  int64_t dim = shape[axis];
  int64_t count = getScales().size();
  if (isPerAxis()) {
    if (!ShapedType::isDynamic(dim) && dim != count)
      return emitError() << "per-axis quantization along axis " << axis
                         << " needs " << dim << " scales (the size of that "
                         << "dimension), got " << count;
    return success();
  }
  int64_t block = getBlockSize();
  if (ShapedType::isDynamic(dim))
    return emitError() << "per-block quantization needs a static size along "
                          "axis "
                       << axis;
  if (dim % block != 0)
    return emitError() << "block size " << block
                       << " does not divide dimension " << axis << " of size "
                       << dim;
  if (llvm::any_of(shape, ShapedType::isDynamic))
    return success();
  int64_t expected = 1;
  for (int64_t d : getParamShape(shape))
    expected *= d;
  if (expected != count)
    return emitError() << "per-block quantization of shape ["
                       << llvm::make_range(shape.begin(), shape.end())
                       << "] with block " << block << " along axis " << axis
                       << " needs " << expected << " scales, got " << count;
  return success();
}

static ParseResult parseStorage(AsmParser &parser, unsigned &width,
                                bool &isSigned) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (succeeded(parser.parseOptionalKeyword(&keyword))) {
    // `i8` / `u8` read as keywords; the signedness is the first letter.
    isSigned = keyword.starts_with("i") || keyword.starts_with("si");
    bool isUnsigned = keyword.starts_with("u") || keyword.starts_with("ui");
    keyword = keyword.ltrim("usi");
    if ((!isSigned && !isUnsigned) || keyword.getAsInteger(10, width))
      return parser.emitError(loc, "expected a storage type such as i8 or u8");
    return success();
  }
  Type type;
  if (parser.parseType(type))
    return failure();
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType)
    return parser.emitError(loc, "expected an integer storage type, got ")
           << type;
  width = intType.getWidth();
  isSigned = !intType.isUnsigned();
  return success();
}

template <typename T>
static ParseResult parseList(AsmParser &parser, SmallVectorImpl<T> &values) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        T v;
        if constexpr (std::is_same_v<T, double>)
          return parser.parseFloat(v) ? failure()
                                      : (values.push_back(v), success());
        else
          return parser.parseInteger(v) ? failure()
                                        : (values.push_back(v), success());
      });
}

Attribute QuantAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  unsigned width = 0;
  bool isSigned = true;
  if (parser.parseLess() || parseStorage(parser, width, isSigned))
    return {};
  FloatType expressed = Float32Type::get(parser.getContext());
  if (succeeded(parser.parseOptionalColon())) {
    Type type;
    SMLoc typeLoc = parser.getCurrentLocation();
    if (parser.parseType(type))
      return {};
    expressed = dyn_cast<FloatType>(type);
    if (!expressed) {
      parser.emitError(typeLoc, "expected a float expressed type, got ")
          << type;
      return {};
    }
  }
  if (width == 0 || width > 32) {
    parser.emitError(loc, "unsupported storage width ") << width;
    return {};
  }
  int64_t lo = getDefaultMin(width, isSigned);
  int64_t hi = getDefaultMax(width, isSigned);
  int64_t axis = kNoAxis, block = 0;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  bool sawZeroPoints = false;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    ParseResult result = success();
    if (key == "scale") {
      double s;
      result = parser.parseFloat(s);
      scales.push_back(s);
    } else if (key == "zero_point") {
      int64_t z;
      result = parser.parseInteger(z);
      zeroPoints.push_back(z);
      sawZeroPoints = true;
    } else if (key == "scales") {
      result = parseList(parser, scales);
    } else if (key == "zero_points") {
      result = parseList(parser, zeroPoints);
      sawZeroPoints = true;
    } else if (key == "axis") {
      result = parser.parseInteger(axis);
    } else if (key == "block") {
      result = parser.parseInteger(block);
    } else if (key == "range") {
      result = failure(parser.parseLSquare() || parser.parseInteger(lo) ||
                       parser.parseComma() || parser.parseInteger(hi) ||
                       parser.parseRSquare());
    } else {
      parser.emitError(keyLoc, "unknown key '")
          << key << "'; expected scale, zero_point, scales, zero_points, "
          << "axis, block or range";
      return {};
    }
    if (failed(result))
      return {};
  }
  if (parser.parseGreater())
    return {};
  if (!sawZeroPoints)
    zeroPoints.assign(scales.size(), 0);
  return getChecked(
      [&]() { return parser.emitError(loc); }, parser.getContext(), width,
      isSigned, expressed, lo, hi, axis, block,
      DenseF64ArrayAttr::get(parser.getContext(), scales), zeroPoints);
}

void QuantAttr::print(AsmPrinter &printer) const {
  raw_ostream &os = printer.getStream();
  os << '<' << storageName(getStorageWidth(), getStorageSigned()) << ':';
  printer.printType(getExpressedType());
  if (getStorageMin() != getDefaultMin(getStorageWidth(), getStorageSigned()) ||
      getStorageMax() != getDefaultMax(getStorageWidth(), getStorageSigned()))
    os << ", range = [" << getStorageMin() << ", " << getStorageMax() << ']';
  bool allZero =
      llvm::all_of(getZeroPoints(), [](int64_t z) { return z == 0; });
  auto printScale = [&](double s) { printer.printFloat(APFloat(s)); };
  if (isPerTensor()) {
    os << ", scale = ";
    printScale(getScales()[0]);
    if (!allZero)
      os << ", zero_point = " << getZeroPoints()[0];
  } else {
    os << ", axis = " << getAxis();
    if (isPerBlock())
      os << ", block = " << getBlockSize();
    os << ", scales = [";
    llvm::interleaveComma(getScales(), os, printScale);
    os << ']';
    if (!allZero) {
      os << ", zero_points = [";
      llvm::interleaveComma(getZeroPoints(), os);
      os << ']';
    }
  }
  os << '>';
}

//===----------------------------------------------------------------------===//
// SparsityAttr
//===----------------------------------------------------------------------===//

LogicalResult SparsityAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   SparsityKind kind, int64_t n, int64_t m,
                                   int64_t blockRows, int64_t blockCols,
                                   int64_t axis) {
  switch (kind) {
  case SparsityKind::unstructured:
    return success();
  case SparsityKind::n_m:
    if (m <= 0 || n <= 0 || n > m)
      return emitError() << "n:m sparsity needs 0 < n <= m, got " << n << ":"
                         << m;
    break;
  case SparsityKind::block:
    if (blockRows <= 0 || blockCols <= 0)
      return emitError() << "block sparsity needs positive block sizes, got "
                         << blockRows << "x" << blockCols;
    return success();
  case SparsityKind::channel:
    break;
  }
  if (axis < 0)
    return emitError() << "axis must be non-negative, got " << axis;
  return success();
}

Attribute SparsityAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef kindName;
  if (parser.parseLess() || parser.parseKeyword(&kindName))
    return {};
  SparsityKind kind;
  int64_t n = 0, m = 0, rows = 0, cols = 0, axis = 0;
  if (kindName == "unstructured") {
    kind = SparsityKind::unstructured;
  } else if (kindName == "n") {
    kind = SparsityKind::n_m;
    if (parser.parseColon() || parser.parseKeyword("m") ||
        parser.parseInteger(n) || parser.parseColon() ||
        parser.parseInteger(m) || parser.parseComma() ||
        parser.parseKeyword("axis") || parser.parseEqual() ||
        parser.parseInteger(axis))
      return {};
  } else if (kindName == "block") {
    kind = SparsityKind::block;
    SmallVector<int64_t> dims;
    SMLoc dimsLoc = parser.getCurrentLocation();
    if (parser.parseDimensionList(dims, /*allowDynamic=*/false,
                                  /*withTrailingX=*/false))
      return {};
    if (dims.size() != 2) {
      parser.emitError(dimsLoc, "expected a block shape RxC");
      return {};
    }
    rows = dims[0];
    cols = dims[1];
  } else if (kindName == "channel") {
    kind = SparsityKind::channel;
    if (parser.parseComma() || parser.parseKeyword("axis") ||
        parser.parseEqual() || parser.parseInteger(axis))
      return {};
  } else {
    parser.emitError(loc, "unknown sparsity structure '")
        << kindName << "'; expected unstructured, n:m, block or channel";
    return {};
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&]() { return parser.emitError(loc); },
                    parser.getContext(), kind, n, m, rows, cols, axis);
}

void SparsityAttr::print(AsmPrinter &printer) const {
  raw_ostream &os = printer.getStream();
  os << '<';
  switch (getKind()) {
  case SparsityKind::unstructured:
    os << "unstructured";
    break;
  case SparsityKind::n_m:
    os << "n:m " << getN() << ':' << getM() << ", axis = " << getAxis();
    break;
  case SparsityKind::block:
    os << "block " << getBlockRows() << 'x' << getBlockCols();
    break;
  case SparsityKind::channel:
    os << "channel, axis = " << getAxis();
    break;
  }
  os << '>';
}

LogicalResult
SparsityAttr::verifyForShape(function_ref<InFlightDiagnostic()> emitError,
                             ArrayRef<int64_t> shape) const {
  int64_t rank = shape.size();
  switch (getKind()) {
  case SparsityKind::unstructured:
    return success();
  case SparsityKind::block:
    if (rank < 2)
      return emitError() << "block sparsity needs a value of rank >= 2, got "
                         << rank;
    if ((!ShapedType::isDynamic(shape[rank - 2]) &&
         shape[rank - 2] % getBlockRows() != 0) ||
        (!ShapedType::isDynamic(shape[rank - 1]) &&
         shape[rank - 1] % getBlockCols() != 0))
      return emitError() << "block " << getBlockRows() << "x" << getBlockCols()
                         << " does not tile the trailing dimensions "
                         << shape[rank - 2] << "x" << shape[rank - 1];
    return success();
  case SparsityKind::n_m:
  case SparsityKind::channel:
    break;
  }
  if (getAxis() >= rank)
    return emitError() << "sparsity axis " << getAxis()
                       << " is out of range for a value of rank " << rank;
  if (getKind() == SparsityKind::n_m &&
      !ShapedType::isDynamic(shape[getAxis()]) &&
      shape[getAxis()] % getM() != 0)
    return emitError() << "n:m group size " << getM()
                       << " does not divide dimension " << getAxis()
                       << " of size " << shape[getAxis()];
  return success();
}

LogicalResult
SparsityAttr::verifyMask(function_ref<InFlightDiagnostic()> emitError,
                         DenseElementsAttr mask) const {
  auto shape = mask.getType().getShape();
  int64_t rank = shape.size();
  if (getKind() == SparsityKind::unstructured || mask.isSplat())
    return success();
  SmallVector<bool> values(mask.getValues<bool>());
  // Strides of the row-major layout.
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  auto coord = [&](int64_t linear, int64_t dim) {
    return (linear / strides[dim]) % shape[dim];
  };
  int64_t numElements = values.size();
  switch (getKind()) {
  case SparsityKind::unstructured:
    return success();
  case SparsityKind::n_m: {
    int64_t axis = getAxis(), m = getM();
    for (int64_t i = 0; i < numElements; ++i) {
      if (coord(i, axis) % m != 0)
        continue; // Count each group from its first element.
      int64_t kept = 0;
      for (int64_t j = 0; j < m; ++j)
        kept += values[i + j * strides[axis]];
      if (kept > getN())
        return emitError() << "mask breaks its n:m " << getN() << ":" << m
                           << " structure: a group along axis " << axis
                           << " starting at element " << i << " keeps " << kept;
    }
    return success();
  }
  case SparsityKind::block: {
    int64_t r = getBlockRows(), c = getBlockCols();
    for (int64_t i = 0; i < numElements; ++i) {
      int64_t row = coord(i, rank - 2), col = coord(i, rank - 1);
      int64_t first = i - (row % r) * strides[rank - 2] - (col % c);
      if (values[i] != values[first])
        return emitError() << "mask breaks its block " << r << "x" << c
                           << " structure: element " << i
                           << " differs from the first element of its block";
    }
    return success();
  }
  case SparsityKind::channel: {
    int64_t axis = getAxis();
    SmallVector<int> channelValue(shape[axis], -1);
    for (int64_t i = 0; i < numElements; ++i) {
      int &seen = channelValue[coord(i, axis)];
      if (seen == -1)
        seen = values[i];
      else if (seen != values[i])
        return emitError() << "mask breaks its channel structure: slice "
                           << coord(i, axis) << " along axis " << axis
                           << " is partly kept and partly pruned";
    }
    return success();
  }
  }
  return success();
}

//===- NpyReader.cpp - read NumPy .npy float32 arrays ---------------------===//

#include "compress/Calibration/Calibration.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

using namespace mlir;
using namespace mlir::compress;

static llvm::Error npyError(StringRef path, const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + message);
}

/// The value of `'key': value` in the header's Python dict literal.
static std::optional<StringRef> headerValue(StringRef header, StringRef key) {
  std::string quoted = ("'" + key + "'").str();
  size_t pos = header.find(quoted);
  if (pos == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(pos + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

llvm::Expected<NpyArray> compress::readNpy(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
    return npyError(path, "not a NumPy .npy file (bad magic string)");
  uint8_t major = bytes[6];
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError(path, "truncated header");
    headerLen = uint32_t(uint8_t(bytes[8])) |
                (uint32_t(uint8_t(bytes[9])) << 8) |
                (uint32_t(uint8_t(bytes[10])) << 16) |
                (uint32_t(uint8_t(bytes[11])) << 24);
    headerStart = 12;
  } else {
    return npyError(path, "unsupported .npy format version " +
                              Twine(unsigned(major)));
  }
  if (bytes.size() < headerStart + headerLen)
    return npyError(path, "truncated header");
  StringRef header = bytes.substr(headerStart, headerLen);

  std::optional<StringRef> descr = headerValue(header, "descr");
  if (!descr)
    return npyError(path, "header has no 'descr'");
  StringRef dtype = descr->take_until([](char c) { return c == ','; }).trim();
  if (dtype != "'<f4'" && dtype != "'=f4'")
    return npyError(path, "dtype is " + dtype +
                              "; expected little-endian float32 ('<f4'): "
                              "save with array.astype(numpy.float32)");
  std::optional<StringRef> order = headerValue(header, "fortran_order");
  if (!order || !order->starts_with("False"))
    return npyError(path, "array is in Fortran order; expected C order "
                          "(numpy.ascontiguousarray)");
  std::optional<StringRef> shapeText = headerValue(header, "shape");
  if (!shapeText || !shapeText->starts_with("("))
    return npyError(path, "header has no 'shape'");
  StringRef dims =
      shapeText->drop_front().take_until([](char c) { return c == ')'; });
  NpyArray array;
  int64_t count = 1;
  while (!(dims = dims.ltrim(" ,")).empty()) {
    StringRef token = dims.take_until([](char c) { return c == ','; }).trim();
    dims = dims.drop_front(token.size()).ltrim();
    int64_t d;
    if (token.getAsInteger(10, d) || d < 0)
      return npyError(path, "malformed shape " + *shapeText);
    array.shape.push_back(d);
    count *= d;
  }
  if (array.shape.empty())
    return npyError(path, "expected an array of samples, got a scalar");
  size_t dataStart = headerStart + headerLen;
  if (bytes.size() - dataStart != static_cast<size_t>(count) * sizeof(float))
    return npyError(path, "holds " + Twine(bytes.size() - dataStart) +
                              " data bytes, but its shape needs " +
                              Twine(count * sizeof(float)));
  array.data.resize(count);
  std::memcpy(array.data.data(), bytes.data() + dataStart,
              count * sizeof(float));
  return array;
}

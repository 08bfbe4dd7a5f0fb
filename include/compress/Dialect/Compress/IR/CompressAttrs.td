//===- CompressAttrs.td - compress attributes --------------*- tablegen -*-===//

#ifndef COMPRESS_DIALECT_COMPRESS_IR_COMPRESSATTRS_TD
#define COMPRESS_DIALECT_COMPRESS_IR_COMPRESSATTRS_TD

include "compress/Dialect/Compress/IR/CompressBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Compress_Rounding_HalfEven : I32EnumAttrCase<"half_even", 0>;
def Compress_Rounding_HalfAway : I32EnumAttrCase<"half_away", 1>;
def Compress_RoundingMode : I32EnumAttr<"RoundingMode",
    "rounding of float values to the integer grid",
    [Compress_Rounding_HalfEven, Compress_Rounding_HalfAway]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::compress";
}
def Compress_RoundingModeAttr
    : EnumAttr<Compress_Dialect, Compress_RoundingMode, "rounding"> {
  let summary = "Rounding of float values to integers";
  let description = [{
    `half_even` rounds ties to the even integer (ONNX `QuantizeLinear`,
    PyTorch); `half_away` rounds ties away from zero (TFLite reference
    kernels).

    ```mlir
    #compress<rounding half_away>
    ```
  }];
  let assemblyFormat = "$value";
}

def Compress_Requant_Single : I32EnumAttrCase<"single", 0>;
def Compress_Requant_Double : I32EnumAttrCase<"double_", 1, "double">;
def Compress_RequantRounding : I32EnumAttr<"RequantRounding",
    "rounding of the fixed-point requantization multiply",
    [Compress_Requant_Single, Compress_Requant_Double]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::compress";
}
def Compress_RequantRoundingAttr
    : EnumAttr<Compress_Dialect, Compress_RequantRounding, "requant_rounding"> {
  let summary = "Rounding of fixed-point requantization";
  let description = [{
    `double` is gemmlowp/TFLite `MultiplyByQuantizedMultiplier`:
    `SaturatingRoundingDoublingHighMul` then `RoundingDivideByPOT` (TOSA
    `DOUBLE_ROUND`). `single` is one 64-bit multiply and one rounding shift,
    `(acc * M0 + 2^(30 + right)) >> (31 + right)` (TFLite single rounding,
    TOSA `SINGLE_ROUND`).

    ```mlir
    #compress<requant_rounding double>
    ```
  }];
  let assemblyFormat = "$value";
}

def Compress_SparsityKind_Unstructured : I32EnumAttrCase<"unstructured", 0>;
def Compress_SparsityKind_NM : I32EnumAttrCase<"n_m", 1, "n:m">;
def Compress_SparsityKind_Block : I32EnumAttrCase<"block", 2>;
def Compress_SparsityKind_Channel : I32EnumAttrCase<"channel", 3>;
def Compress_SparsityKind : I32EnumAttr<"SparsityKind",
    "structure of a pruning mask",
    [Compress_SparsityKind_Unstructured, Compress_SparsityKind_NM,
     Compress_SparsityKind_Block, Compress_SparsityKind_Channel]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::compress";
}

//===----------------------------------------------------------------------===//
// #compress.quant
//===----------------------------------------------------------------------===//

class Compress_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Compress_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Compress_QuantAttr : Compress_Attr<"Quant", "quant"> {
  let summary = "Uniform affine quantization parameters r = S * (q - Z)";
  let description = [{
    Describes how an integer tensor encodes real values: `r = S * (q - Z)`.

    * storage type: `i8`, `u8`, `i4`, `u4`, `i16`, `u16` (and `i32` for
      accumulators); the signedness is explicit because the tensors that hold
      the values are signless;
    * expressed type: `f32` (default), `f16` or `bf16`;
    * optional storage range `range = [lo, hi]`, e.g. `[-127, 127]` for narrow
      range int8 (default: the full range of the storage type);
    * granularity:
      - per tensor: `scale = S, zero_point = Z`;
      - per axis: `axis = a, scales = [...], zero_points = [...]`, one pair
        per slice along dimension `a`;
      - per block: `axis = a, block = b, scales = [...], zero_points = [...]`:
        dimension `a` is split into groups of `b` consecutive elements; the
        parameters form a row-major array whose shape is the tensor's shape
        with dimension `a` divided by `b` (e.g. int4 weights `[K, N]` with
        `axis = 0, block = 32` have `K/32 * N` scales).

    Zero points default to 0 (symmetric). Scales must be finite and positive,
    zero points within the storage range. Scales print with the shortest
    decimal form that reads back to the same double.

    ```mlir
    #compress.quant<i8:f32, scale = 0.5, zero_point = 3>
    #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.5, 0.25]>
    #compress.quant<i4:f16, axis = 0, block = 32, scales = [0.1, 0.2], zero_points = [1, -2]>
    ```
  }];
  let parameters = (ins
    "unsigned":$storageWidth,
    "bool":$storageSigned,
    "::mlir::FloatType":$expressedType,
    "int64_t":$storageMin,
    "int64_t":$storageMax,
    "int64_t":$axis,
    "int64_t":$blockSize,
    // A DenseF64ArrayAttr rather than ArrayRef<double>: doubles have no
    // llvm::hash_value, attributes hash by pointer.
    "::mlir::DenseF64ArrayAttr":$scaleValues,
    ArrayRefParameter<"int64_t">:$zeroPoints
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// No axis: one scale and one zero point for the whole tensor.
    static constexpr int64_t kNoAxis = -1;

    ::llvm::ArrayRef<double> getScales() const {
      return getScaleValues().asArrayRef();
    }

    bool isPerTensor() const { return getAxis() == kNoAxis; }
    bool isPerAxis() const { return getAxis() != kNoAxis && getBlockSize() == 0; }
    bool isPerBlock() const { return getBlockSize() != 0; }

    /// Full range of a storage type of `width` bits.
    static int64_t getDefaultMin(unsigned width, bool isSigned);
    static int64_t getDefaultMax(unsigned width, bool isSigned);

    /// The signless integer type that holds stored values.
    ::mlir::IntegerType getStorageType() const;

    /// Verifies these parameters against the shape of a tensor they describe
    /// (axis in range, block dividing the dimension, parameter counts).
    ::llvm::LogicalResult verifyForShape(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
        ::llvm::ArrayRef<int64_t> shape) const;

    /// Shape of the scale / zero-point array for a tensor of `shape`:
    /// {} per tensor, {dim} per axis, the blocked shape per block.
    ::llvm::SmallVector<int64_t> getParamShape(::llvm::ArrayRef<int64_t> shape) const;
  }];
  let builders = [
    AttrBuilder<(ins "unsigned":$storageWidth, "bool":$storageSigned,
                     "::mlir::FloatType":$expressedType, "double":$scale,
                     "int64_t":$zeroPoint), [{
      return $_get($_ctxt, storageWidth, storageSigned, expressedType,
                   getDefaultMin(storageWidth, storageSigned),
                   getDefaultMax(storageWidth, storageSigned), kNoAxis, 0,
                   ::mlir::DenseF64ArrayAttr::get($_ctxt, scale),
                   ::llvm::ArrayRef<int64_t>(zeroPoint));
    }]>,
    AttrBuilder<(ins "unsigned":$storageWidth, "bool":$storageSigned,
                     "::mlir::FloatType":$expressedType, "int64_t":$storageMin,
                     "int64_t":$storageMax, "int64_t":$axis,
                     "int64_t":$blockSize, "::llvm::ArrayRef<double>":$scales,
                     "::llvm::ArrayRef<int64_t>":$zeroPoints), [{
      return $_get($_ctxt, storageWidth, storageSigned, expressedType,
                   storageMin, storageMax, axis, blockSize,
                   ::mlir::DenseF64ArrayAttr::get($_ctxt, scales), zeroPoints);
    }]>
  ];
  let skipDefaultBuilders = 0;
}

//===----------------------------------------------------------------------===//
// #compress.sparsity
//===----------------------------------------------------------------------===//

def Compress_SparsityAttr : Compress_Attr<"Sparsity", "sparsity"> {
  let summary = "Structure a pruning mask obeys";
  let description = [{
    * `unstructured`: any element may be zero;
    * `n:m N:M, axis = a`: along dimension `a`, every group of `M` consecutive
      elements keeps at most `N` (2:4 is the sparse tensor core case);
    * `block RxC`: the last two dimensions are tiled by `R x C` blocks and
      each block is kept or pruned whole;
    * `channel, axis = a`: whole slices along dimension `a` are kept or pruned
      (neurons of a matmul, filters of a convolution).

    ```mlir
    #compress.sparsity<unstructured>
    #compress.sparsity<n:m 2:4, axis = 0>
    #compress.sparsity<block 4x8>
    #compress.sparsity<channel, axis = 1>
    ```
  }];
  let parameters = (ins
    "::mlir::compress::SparsityKind":$kind,
    "int64_t":$n,
    "int64_t":$m,
    "int64_t":$blockRows,
    "int64_t":$blockCols,
    "int64_t":$axis
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Checks that a constant mask of the given shape conforms.
    ::llvm::LogicalResult verifyMask(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
        ::mlir::DenseElementsAttr mask) const;
    /// Checks that the declared structure fits a tensor shape.
    ::llvm::LogicalResult verifyForShape(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
        ::llvm::ArrayRef<int64_t> shape) const;
  }];
}

#endif // COMPRESS_DIALECT_COMPRESS_IR_COMPRESSATTRS_TD

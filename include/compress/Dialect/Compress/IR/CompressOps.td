//===- CompressOps.td - compress operations ----------------*- tablegen -*-===//

#ifndef COMPRESS_DIALECT_COMPRESS_IR_COMPRESSOPS_TD
#define COMPRESS_DIALECT_COMPRESS_IR_COMPRESSOPS_TD

include "compress/Dialect/Compress/IR/CompressBase.td"
include "compress/Dialect/Compress/IR/CompressAttrs.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonTypeConstraints.td"

def Compress_FloatLike : AnyTypeOf<[
    RankedTensorOf<[F16, BF16, F32]>, F16, BF16, F32],
    "f16, bf16 or f32 scalar or ranked tensor">;
def Compress_IntLike : AnyTypeOf<[
    RankedTensorOf<[AnySignlessInteger]>, AnySignlessInteger],
    "signless integer scalar or ranked tensor">;
def Compress_I32Like : AnyTypeOf<[RankedTensorOf<[I32]>, I32],
    "i32 scalar or ranked tensor">;
def Compress_Mask : RankedTensorOf<[I1]>;

def Compress_QuantizeOp : Compress_Op<"quantize",
    [Pure, SameOperandsAndResultShape]> {
  let summary = "float to integer: q = clamp(round(x / S) + Z)";
  let description = [{
    Quantizes real values with the parameters of `quant`:
    `q = clamp(round(x / S) + Z, lo, hi)`. The clamp happens in floating point
    before the conversion to integer, so out-of-range values saturate instead
    of wrapping; NaN maps to `Z`; `+Inf`/`-Inf` saturate to `hi`/`lo`.
    `rounding` is `half_even` (ONNX, the default) or `half_away` (TFLite).

    ```mlir
    %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>}
        : tensor<4xf32> -> tensor<4xi8>
    ```
  }];
  let arguments = (ins Compress_FloatLike:$input,
                   Compress_QuantAttr:$quant,
                   DefaultValuedAttr<Compress_RoundingModeAttr,
                       "::mlir::compress::RoundingMode::half_even">:$rounding);
  let results = (outs Compress_IntLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Compress_DequantizeOp : Compress_Op<"dequantize",
    [Pure, SameOperandsAndResultShape]> {
  let summary = "integer to float: r = S * (q - Z)";
  let description = [{
    ```mlir
    %r = compress.dequantize %q {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>}
        : tensor<4xi8> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Compress_IntLike:$input, Compress_QuantAttr:$quant);
  let results = (outs Compress_FloatLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Compress_RequantizeOp : Compress_Op<"requantize",
    [Pure, SameOperandsAndResultShape]> {
  let summary = "i32 accumulator to a storage type in integer arithmetic";
  let description = [{
    Rescales an integer accumulator `acc` with real value
    `S_in * (acc - Z_in)` (`input`, storage `i32`, typically
    `S_in = S_a * S_w` and `Z_in = 0`) to the output parameters:
    `q = clamp(Z_out + M * (acc - Z_in))` with `M = S_in / S_out` applied as
    a 32-bit fixed-point multiplier `M0 in [2^30, 2^31)` and a shift, rounded
    as `rounding` says. Per-axis input and/or output parameters give one
    multiplier per channel. `clamp_min`/`clamp_max` narrow the clamp (ReLU
    and ReLU6 folded into requantization); they default to the output range.

    ```mlir
    %q = compress.requantize %acc {
        input_quant = #compress.quant<i32:f32, scale = 0.0025>,
        output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>,
        rounding = #compress<requant_rounding double>}
        : tensor<4x8xi32> -> tensor<4x8xi8>
    ```
  }];
  let arguments = (ins Compress_I32Like:$input,
                   Compress_QuantAttr:$input_quant,
                   Compress_QuantAttr:$output_quant,
                   DefaultValuedAttr<Compress_RequantRoundingAttr,
                       "::mlir::compress::RequantRounding::double_">:$rounding,
                   OptionalAttr<I64Attr>:$clamp_min,
                   OptionalAttr<I64Attr>:$clamp_max);
  let results = (outs Compress_IntLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Effective clamp bounds (attributes, else the output storage range).
    int64_t getEffectiveClampMin();
    int64_t getEffectiveClampMax();
  }];
}

def Compress_FakeQuantOp : Compress_Op<"fake_quant",
    [Pure, SameOperandsAndResultType]> {
  let summary = "float to float: dequantize(quantize(x))";
  let description = [{
    Rounds real values to the quantization grid and back, as QAT graphs and
    post-training exports do.

    ```mlir
    %y = compress.fake_quant %x {quant = #compress.quant<u8:f32, scale = 0.02, zero_point = 128>}
        : tensor<16xf32>
    ```
  }];
  let arguments = (ins Compress_FloatLike:$input,
                   Compress_QuantAttr:$quant,
                   DefaultValuedAttr<Compress_RoundingModeAttr,
                       "::mlir::compress::RoundingMode::half_even">:$rounding);
  let results = (outs Compress_FloatLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Compress_PruneOp : Compress_Op<"prune",
    [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "m ⊙ w: zero the elements a mask removes";
  let description = [{
    Multiplies `input` element-wise by the `i1` `mask` (kept elements keep
    their value, pruned ones become 0). `sparsity` declares the structure the
    mask obeys; a constant mask is checked against it. Masks from training
    (lottery tickets, iterative magnitude pruning) and masks computed by
    `--compress-prune` are both written with this op.

    ```mlir
    %p = compress.prune %w, %mask {sparsity = #compress.sparsity<n:m 2:4, axis = 0>}
        : tensor<8x4xf32>, tensor<8x4xi1>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$input,
                   Compress_Mask:$mask,
                   Compress_SparsityAttr:$sparsity);
  let results = (outs RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$result);
  let assemblyFormat =
      "$input `,` $mask attr-dict `:` type($input) `,` type($mask)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Compress_ObserveOp : Compress_Op<"observe",
    [Pure, SameOperandsAndResultType]> {
  let summary = "records the observed range [min, max] of an activation";
  let description = [{
    Identity on its operand; carries the range of values seen during
    calibration or quantization-aware training. Static quantization reads it.

    ```mlir
    %a = compress.observe %x {min = -1.5 : f32, max = 4.0 : f32} : tensor<1x64xf32>
    ```
  }];
  let arguments = (ins Compress_FloatLike:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs Compress_FloatLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Compress_UnpackOp : Compress_Op<"unpack", [Pure]> {
  let summary = "4-bit values stored two per byte, unpacked";
  let description = [{
    Reads `i4` values packed two per `i8` along the last dimension: byte `j`
    holds element `2j` in its low nibble and element `2j + 1` in its high
    nibble. `--compress-fold-constants` stores int4 weight constants this way
    (half the bytes of one element per byte); the unpacking lowers to a
    `linalg.generic` that elementwise fusion merges into its consumer, so no
    unpacked copy is materialized.

    ```mlir
    %w = compress.unpack %packed : tensor<64x16xi8> -> tensor<64x32xi4>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I8]>:$input);
  let results = (outs RankedTensorOf<[I<4>]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Compress_SparseMatmulOp : Compress_Op<"sparse_matmul", [Pure]> {
  let summary = "matmul with block-compressed constant weights";
  let description = [{
    `result = init + a × W` where the `K × N` weight matrix `W` is stored
    block-compressed by output columns (block-CSR of `Wᵀ`): `W` is cut into
    `block = [bk, bn]` tiles (`bk` rows along `K`, `bn` columns along `N`);
    block column `j` (output columns `j·bn … j·bn + bn − 1`) owns the stored
    tiles `offsets[j] … offsets[j + 1] − 1`; tile `t` covers rows
    `indices[t]·bk …` and holds `values[t][c][r] = W[indices[t]·bk + r][j·bn + c]`
    (column-major inside the tile, so `bk = 4` gives the four `k`-consecutive
    bytes that one `vpdpbusd` lane reads). Tiles not stored are zero.
    `block = [1, 1]` is CSR of `Wᵀ` (unstructured masks); `[4, 16]` is the
    shape the AVX-512 VNNI kernel uses. `indices` and `offsets` are read as
    unsigned integers, so the narrowest type that holds them can be used
    (`i8` indices for up to 256 row blocks; `i8` offsets for up to 255
    tiles, `i16` for up to 65535).

    Integer operands accumulate sign-extended products in the `init` type
    (`i8 × i8 → i32`); float operands accumulate in float.
    `--compress-sparsify` creates this op for constant weights where its cost
    rule says the compressed kernel is faster than the dense one;
    `--compress-lower-ops` lowers it to loops over the stored tiles with
    vector contractions per tile.

    ```mlir
    %c = compress.sparse_matmul %a, %values, %indices, %offsets, %init
        {block = array<i64: 4, 16>}
        : tensor<8x64xi8>, tensor<5x16x4xi8>, tensor<5xi16>, tensor<5xi32>,
          tensor<8x64xi32> -> tensor<8x64xi32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$a,
                   RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$values,
                   RankedTensorOf<[I8, I16, I32]>:$indices,
                   RankedTensorOf<[I8, I16, I32]>:$offsets,
                   RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$init,
                   DenseI64ArrayAttr:$block);
  let results = (outs RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$result);
  let assemblyFormat = [{
    $a `,` $values `,` $indices `,` $offsets `,` $init attr-dict `:`
    type($a) `,` type($values) `,` type($indices) `,` type($offsets) `,`
    type($init) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getBlockRows() { return getBlock()[0]; }
    int64_t getBlockCols() { return getBlock()[1]; }
  }];
}

#endif // COMPRESS_DIALECT_COMPRESS_IR_COMPRESSOPS_TD

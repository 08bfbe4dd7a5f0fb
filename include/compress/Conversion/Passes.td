//===- Passes.td - compress conversion passes --------------*- tablegen -*-===//

#ifndef COMPRESS_CONVERSION_PASSES_TD
#define COMPRESS_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def CompressLowerOps : Pass<"compress-lower-ops"> {
  let summary = "Lower every compress op to linalg, arith and math on tensors";
  let description = [{
    Rewrites `compress.quantize`, `dequantize`, `requantize`, `fake_quant`,
    `prune` and `observe` into `linalg.generic` ops (and plain arith on
    scalars). Afterwards no compress op remains and the upstream
    bufferization-to-LLVM pipeline can run the module.

    * quantize: `x / S`, round (`math.roundeven` for `half_even`, `math.round`
      for `half_away`), `+ Z`, clamp to the storage range in floating point,
      NaN selected to `Z`, then `arith.fptosi` (never truncation of an
      out-of-range value);
    * dequantize: `(q - Z)` in i32 (`extui` for unsigned storage), `sitofp`,
      `* S`;
    * requantize: integer arithmetic only; the real multiplier `S_in / S_out`
      becomes an i32 `M0` and shift at compile time (one per channel for
      per-axis parameters), applied with gemmlowp double rounding or
      single rounding, then `+ Z_out` and the clamp;
    * per-axis / per-block parameters become constant tensors read through
      indexing maps (`d_axis` or `d_axis floordiv block`).

    ```mlir
    // compress-opt --compress-lower-ops
    %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>}
        : tensor<4xf32> -> tensor<4xi8>
    // becomes a linalg.generic with divf, math.roundeven, addf,
    // maximumf/minimumf, cmpf uno + select, fptosi, trunci
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // COMPRESS_CONVERSION_PASSES_TD

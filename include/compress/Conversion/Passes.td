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
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CompressImportQuant : Pass<"compress-import-quant", "::mlir::ModuleOp"> {
  let summary = "Import upstream quant IR (!quant.uniform, qcast/dcast/scast) into compress";
  let description = [{
    Rewrites upstream `quant` IR into compress ops on integer tensors, so that
    models quantized with upstream types enter the compress pipeline (and get
    its rounding and saturation instead of `lower-quant-ops`' truncation):

    * `!quant.uniform` element types become their signless storage integer
      type everywhere (function signatures, calls, returns, block arguments);
    * `quant.qcast` becomes `compress.quantize`, `quant.dcast` becomes
      `compress.dequantize`, `quant.scast` disappears (the storage is already
      the integer tensor);
    * per-tensor, per-axis and sub-channel parameters map to
      `#compress.quant` per tensor, per axis and per block (sub-channel types
      must block exactly one dimension and keep one parameter per element
      along the others), with the storage range (narrow ranges included).

    ```mlir
    // compress-opt --compress-import-quant
    %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.5:3>>
    // becomes
    %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>}
        : tensor<4xf32> -> tensor<4xi8>
    ```
  }];
  let dependentDialects = [
    "::mlir::compress::CompressDialect",
    "::mlir::func::FuncDialect",
  ];
}

#endif // COMPRESS_CONVERSION_PASSES_TD

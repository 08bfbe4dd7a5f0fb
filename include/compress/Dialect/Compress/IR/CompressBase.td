//===- CompressBase.td - compress dialect definition -------*- tablegen -*-===//
//
// The compress dialect: pruning masks and affine quantization parameters as
// attributes on ordinary integer/float tensors.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECT_COMPRESS_IR_COMPRESSBASE_TD
#define COMPRESS_DIALECT_COMPRESS_IR_COMPRESSBASE_TD

include "mlir/IR/OpBase.td"

def Compress_Dialect : Dialect {
  let name = "compress";
  let cppNamespace = "::mlir::compress";
  let summary = "Pruning masks and affine quantization for neural networks";
  let description = [{
    The `compress` dialect makes neural networks smaller and faster. Quantized
    values are ordinary integer tensors (`tensor<...xi8>`); their meaning
    (`r = S * (q - Z)`) lives in `#compress.quant` attributes on the ops that
    produce or consume them. Pruning masks are ordinary `i1` tensors whose
    structure (`unstructured`, `n:m`, `block`, `channel`) is declared with a
    `#compress.sparsity` attribute on `compress.prune`. Keeping the values in
    builtin types means every upstream dialect (linalg, tensor, arith, vector,
    bufferization) keeps working on them.

    ```mlir
    %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>}
        : tensor<4xf32> -> tensor<4xi8>
    ```
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    /// Adds the attributes (defined next to their storage classes).
    void registerAttributes();
  }];
}

class Compress_Op<string mnemonic, list<Trait> traits = []>
    : Op<Compress_Dialect, mnemonic, traits>;

#endif // COMPRESS_DIALECT_COMPRESS_IR_COMPRESSBASE_TD

// RUN: compress-opt %s --compress-reference-pipeline | FileCheck %s
// RUN: compress-opt %s --pass-pipeline="builtin.module(compress-reference-pipeline)" | FileCheck %s
// RUN: compress-opt %s --compress-reference-pipeline --mlir-print-ir-after-all 2>&1 >/dev/null | FileCheck %s --check-prefix=AFTER

// The reference pipeline lowers a whole module (model + main + calls) to the
// LLVM dialect; nothing of compress, linalg, tensor or memref survives.
// CHECK-NOT: compress.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK-LABEL: llvm.func @model
// CHECK: llvm.intr.roundeven
// CHECK: llvm.fptosi
// CHECK-LABEL: llvm.func @main
// CHECK: llvm.call @model
// AFTER: IR Dump After CompressLowerOps (compress-lower-ops)
// AFTER: IR Dump After OneShotBufferizePass (one-shot-bufferize)
func.func @model(%x: tensor<4xf32>) -> tensor<4xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

func.func @main() {
  %x = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %q = call @model(%x) : (tensor<4xf32>) -> tensor<4xi8>
  return
}

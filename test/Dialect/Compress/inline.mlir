// RUN: compress-opt %s --inline --canonicalize | FileCheck %s

// compress ops are inlinable; once the constant weight reaches the quantize,
// it folds to an integer constant while the dequantize stays.
// CHECK-LABEL: func.func @main
// CHECK-NOT:     call @layer
// CHECK:         %[[W:.*]] = arith.constant dense<[2, -4, 127, -128]> : tensor<4xi8>
// CHECK:         %[[D:.*]] = compress.dequantize %[[W]]
// CHECK:         return %[[D]]
func.func @layer(%w: tensor<4xf32>) -> tensor<4xf32> {
  %q = compress.quantize %w {quant = #compress.quant<i8:f32, scale = 0.25>} : tensor<4xf32> -> tensor<4xi8>
  %d = compress.dequantize %q {quant = #compress.quant<i8:f32, scale = 0.25>} : tensor<4xi8> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

func.func @main() -> tensor<4xf32> {
  %w = arith.constant dense<[0.5, -1.0, 100.0, -100.0]> : tensor<4xf32>
  %r = call @layer(%w) : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

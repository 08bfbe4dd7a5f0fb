// RUN: compress-opt %s --compress-quantize --verify-diagnostics | FileCheck %s

// What static quantization cannot do it says, and leaves correct IR.

// CHECK-LABEL: func.func @no_observe
// CHECK:         compress.quantize %{{.*}} : tensor<4x3xf32> -> tensor<4x3xi8>
// CHECK-NOT:     compress.quantize %{{.*}} : tensor<2x4xf32>
func.func @no_observe(%x: tensor<2x4xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<0.5> : tensor<4x3xf32>
  // expected-remark @+1 {{activation has no compress.observe range (run --compress-calibrate); only the weights are quantized}}
  %m = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @runtime_weights
// CHECK-NOT:     compress.quantize
func.func @runtime_weights(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-remark @+1 {{weights are not a static constant; not quantized}}
  %m = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}

// Functions without contractions are not touched.
// CHECK-LABEL: func.func @main_is_left_alone
// CHECK-NOT:     compress.
func.func @main_is_left_alone() {
  %c = arith.constant dense<1.0> : tensor<4xf32>
  return
}

// RUN: compress-opt %s --compress-lower-to-integer | FileCheck %s --check-prefix=FUSED
// RUN: compress-opt %s --compress-lower-to-integer=weight-only=materialize | FileCheck %s --check-prefix=MATERIALIZE
// RUN: not compress-opt %s --compress-lower-to-integer=weight-only=lazy 2>&1 | FileCheck %s --check-prefix=BAD

// Weight-only (f32 activations, int8 weights): fused dequantizes inside the
// reduction; materialize keeps the dequantization as its own op (run once
// per call) and the matmul in f32 (the vectorized float kernel).
// FUSED-LABEL: func.func @weight_only
// FUSED:       linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x3xi8>
// FUSED-NOT:   linalg.matmul
// MATERIALIZE-LABEL: func.func @weight_only
// MATERIALIZE:       %[[W:.*]] = compress.dequantize %{{.*}} : tensor<4x3xi8> -> tensor<4x3xf32>
// MATERIALIZE:       linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x4xf32>, tensor<4x3xf32>)
// BAD: error: compress-lower-to-integer: weight-only='lazy' is not one of fused, materialize
func.func @weight_only(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %q = arith.constant dense<[[1, -2, 3], [4, 5, -6], [7, -8, 9], [10, 11, -12]]> : tensor<4x3xi8>
  %w = compress.dequantize %q {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.5, 0.25, 0.125]>} : tensor<4x3xi8> -> tensor<4x3xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  %r = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%f : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

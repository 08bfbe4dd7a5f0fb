// RUN: compress-opt %s --compress-quantize="weights=block block-size=3 activations=none" --verify-diagnostics | FileCheck %s

// K = 4 is not a multiple of 3: per-channel parameters instead, with a remark.
// CHECK: compress.quantize %{{.*}} {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.003937007874015748, 0.0078740157480314959]>}
func.func @f(%x: tensor<1x4xf32>, %init: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.5, 1.0], [0.25, -1.0], [0.0, 0.0], [-0.5, 0.5]]> : tensor<4x2xf32>
  // expected-remark @+1 {{block size 3 does not divide the reduction dimension; quantizing weights per channel instead}}
  %m = linalg.matmul ins(%x, %w : tensor<1x4xf32>, tensor<4x2xf32>) outs(%init : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}

// RUN: compress-opt %s --compress-sparsify --verify-diagnostics | FileCheck %s

// A channel-pruned layer whose output also leaves the function cannot lose
// its channels: it stays as it is, with a remark.
// CHECK-LABEL: func.func @escapes
// CHECK:         compress.prune
// CHECK:         linalg.matmul {{.*}} tensor<2x4xf32>, tensor<4x4xf32>
func.func @escapes(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  %m = arith.constant dense<[[true, false, true, false], [true, false, true, false], [true, false, true, false], [true, false, true, false]]> : tensor<4x4xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<channel, axis = 1>} : tensor<4x4xf32>, tensor<4x4xi1>
  %w2 = arith.constant dense<0.5> : tensor<4x2xf32>
  %e = tensor.empty() : tensor<2x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  // expected-remark @+1 {{channel-pruned layer not shrunk: its channels do not flow through element-wise ops into one linalg.matmul}}
  %h = linalg.matmul ins(%x, %p : tensor<2x4xf32>, tensor<4x4xf32>) outs(%f : tensor<2x4xf32>) -> tensor<2x4xf32>
  %e2 = tensor.empty() : tensor<2x2xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%h, %w2 : tensor<2x4xf32>, tensor<4x2xf32>) outs(%f2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %h, %y : tensor<2x4xf32>, tensor<2x2xf32>
}

// The next layer's weights are a run-time value: nothing to shrink them to.
// CHECK-LABEL: func.func @runtime_next_weights
// CHECK:         compress.prune
func.func @runtime_next_weights(%x: tensor<2x4xf32>, %w2: tensor<4x2xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  %m = arith.constant dense<[[true, false, true, false], [true, false, true, false], [true, false, true, false], [true, false, true, false]]> : tensor<4x4xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<channel, axis = 1>} : tensor<4x4xf32>, tensor<4x4xi1>
  %e = tensor.empty() : tensor<2x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  // expected-remark @+1 {{channel-pruned layer not shrunk: the next layer's weights are not constant}}
  %h = linalg.matmul ins(%x, %p : tensor<2x4xf32>, tensor<4x4xf32>) outs(%f : tensor<2x4xf32>) -> tensor<2x4xf32>
  %e2 = tensor.empty() : tensor<2x2xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%h, %w2 : tensor<2x4xf32>, tensor<4x2xf32>) outs(%f2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// RUN: compress-opt %s --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-sparsify --compress-report -o %t.mlir 2> %t.report
// RUN: FileCheck %s --check-prefix=REPORT < %t.report
// RUN: compress-opt %t.mlir --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %t.mlir --compress-cpu-pipeline | %run-main | FileCheck %s

// Channel-pruned layers shrink out of the graph and the model computes the
// same numbers (dyadic values: exact in either order). Layer 0 loses output
// channels 1 and 3, including their biases 0.5 and -0.25 whose ReLU (0.5,
// 0) still reaches layer 1: that becomes layer 1's initial accumulator.
// Layer 1 loses its output channel 0, and layer 2 the matching row.
// REPORT: 0      linalg.matmul 3x2 6 6 0.0% - 32 24 24
// REPORT: 1      linalg.matmul 2x2 4 4 0.0% - 32 16 16
// REPORT: 2      linalg.matmul 2x2 4 4 0.0% - 32 16 16
// REPORT: total {{.*}} 56 56 compression 1.0x
// CHECK:      [-2.25,   0.5625]
// CHECK-NEXT: [-3.9375,   -2.0625]

#id = affine_map<(d0, d1) -> (d0, d1)>
#bias = affine_map<(d0, d1) -> (d1)>
func.func private @printMemrefF32(tensor<*xf32>)

func.func @net(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %w0 = arith.constant dense<[[1.0, 2.0, -1.0, 0.5], [0.5, -1.0, 2.0, 1.0], [-0.5, 0.25, 1.0, -2.0]]> : tensor<3x4xf32>
  %m0 = arith.constant dense<[[true, false, true, false], [true, false, true, false], [true, false, true, false]]> : tensor<3x4xi1>
  %p0 = compress.prune %w0, %m0 {sparsity = #compress.sparsity<channel, axis = 1>} : tensor<3x4xf32>, tensor<3x4xi1>
  %b0 = arith.constant dense<[0.25, 0.5, -0.5, -0.25]> : tensor<4xf32>
  %w1 = arith.constant dense<[[0.5, 1.0, -1.0], [1.0, 0.5, 0.25], [-0.5, 2.0, 1.0], [2.0, -1.0, 0.5]]> : tensor<4x3xf32>
  %m1 = arith.constant dense<[[false, true, true], [false, true, true], [false, true, true], [false, true, true]]> : tensor<4x3xi1>
  %p1 = compress.prune %w1, %m1 {sparsity = #compress.sparsity<channel, axis = 1>} : tensor<4x3xf32>, tensor<4x3xi1>
  %w2 = arith.constant dense<[[1.0, 0.5], [-1.0, 0.25], [0.5, -2.0]]> : tensor<3x2xf32>
  %e0 = tensor.empty() : tensor<2x4xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %h0 = linalg.matmul ins(%x, %p0 : tensor<2x3xf32>, tensor<3x4xf32>) outs(%f0 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %a0 = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel"]} ins(%h0, %b0 : tensor<2x4xf32>, tensor<4xf32>) outs(%e0 : tensor<2x4xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %s = arith.addf %in, %bb : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  %r0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a0 : tensor<2x4xf32>) outs(%e0 : tensor<2x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.maximumf %in, %zero : f32
    linalg.yield %v : f32
  } -> tensor<2x4xf32>
  %e1 = tensor.empty() : tensor<2x3xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %h1 = linalg.matmul ins(%r0, %p1 : tensor<2x4xf32>, tensor<4x3xf32>) outs(%f1 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %r1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%h1 : tensor<2x3xf32>) outs(%e1 : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.maximumf %in, %zero : f32
    linalg.yield %v : f32
  } -> tensor<2x3xf32>
  %e2 = tensor.empty() : tensor<2x2xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%r1, %w2 : tensor<2x3xf32>, tensor<3x2xf32>) outs(%f2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

func.func @main() {
  %x = arith.constant dense<[[1.0, 0.5, -1.0], [0.0, 1.0, 0.5]]> : tensor<2x3xf32>
  %y = call @net(%x) : (tensor<2x3xf32>) -> tensor<2x2xf32>
  %u = tensor.cast %y : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

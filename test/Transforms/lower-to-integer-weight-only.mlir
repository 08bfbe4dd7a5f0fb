// RUN: compress-opt %s --compress-lower-to-integer | FileCheck %s --check-prefix=FUSED
// RUN: compress-opt %s --compress-lower-to-integer=weight-only=materialize | FileCheck %s --check-prefix=MATERIALIZE
// RUN: not compress-opt %s --compress-lower-to-integer=weight-only=lazy 2>&1 | FileCheck %s --check-prefix=BAD

// Weight-only (f32 activations, int8 weights): fused dequantizes inside the
// reduction; materialize dequantizes once per call in an element-wise
// generic of its own (weights as int8, parameters per [block][column] over a
// split K loop: no floordiv maps, so the CPU schedule vectorizes it) and
// keeps the matmul in f32 (the vectorized float kernel).
// FUSED-LABEL: func.func @weight_only
// FUSED:       linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x3xi8>
// FUSED-NOT:   linalg.matmul
// MATERIALIZE-LABEL: func.func @weight_only
// MATERIALIZE-DAG:   %[[Q:.*]] = arith.constant dense<{{\[\[\[}}1, -2, 3], [4, 5, -6], [7, -8, 9], [10, 11, -12]]]> : tensor<1x4x3xi8>
// MATERIALIZE-DAG:   %[[S:.*]] = arith.constant dense<{{\[\[}}5.000000e-01, 2.500000e-01, 1.250000e-01]]> : tensor<1x3xf32>
// MATERIALIZE:       %[[D:.*]] = linalg.generic {{.*}} ins(%[[Q]], %[[S]], %{{.*}} : tensor<1x4x3xi8>, tensor<1x3xf32>, tensor<1x3xi32>) outs(%{{.*}} : tensor<1x4x3xf32>)
// MATERIALIZE:         arith.extsi %{{.*}} : i8 to i32
// MATERIALIZE:         arith.subi
// MATERIALIZE:         arith.sitofp
// MATERIALIZE:         arith.mulf
// MATERIALIZE:       %[[W:.*]] = tensor.collapse_shape %[[D]] {{\[}}[0, 1], [2]] : tensor<1x4x3xf32> into tensor<4x3xf32>
// MATERIALIZE:       linalg.matmul ins(%{{.*}}, %[[W]] : tensor<2x4xf32>, tensor<4x3xf32>)
// MATERIALIZE-NOT:   compress.dequantize
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

// int4 weights in blocks of 2 along K (packed two per byte): unpacked at
// compile time, parameters [K/2][N] read by (block, column).
// MATERIALIZE-LABEL: func.func @weight_only_int4_block
// MATERIALIZE-DAG:   arith.constant dense<{{\[\[\[}}1, -2], [3, 4]], {{\[\[}}-5, 6], [7, -8]]]> : tensor<2x2x2xi8>
// MATERIALIZE-DAG:   arith.constant dense<{{\[\[}}5.000000e-01, 2.500000e-01], [1.000000e+00, 1.250000e-01]]> : tensor<2x2xf32>
// MATERIALIZE:       linalg.generic {{.*}} outs(%{{.*}} : tensor<2x2x2xf32>)
// MATERIALIZE:       tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x2x2xf32> into tensor<4x2xf32>
// MATERIALIZE-NOT:   compress.unpack
func.func @weight_only_int4_block(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1, -2], [3, 4], [-5, 6], [7, -8]]> : tensor<4x2xi4>
  %wd = compress.dequantize %w {quant = #compress.quant<i4:f32, axis = 0, block = 2, scales = [0.5, 0.25, 1.0, 0.125]>} : tensor<4x2xi4> -> tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<3x2xf32>) -> tensor<3x2xf32>
  %r = linalg.matmul ins(%x, %wd : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

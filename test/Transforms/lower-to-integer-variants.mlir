// RUN: compress-opt %s --compress-lower-to-integer -split-input-file | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// ReLU6 folds into both clamp bounds (Z_o = -128, 6 / S_o = 240 -> 112); no
// bias: the accumulator starts at -Z_a * colsum only; per-tensor weights.
// CHECK-LABEL: func.func @relu6_no_bias
// CHECK:         arith.constant dense<[-30, 60]> : tensor<2xi32>
// CHECK:         compress.requantize %{{.*}} {clamp_max = 112 : i64, clamp_min = -128 : i64, input_quant = #compress.quant<i32:f32, scale = 1.250000e-01>, output_quant = #compress.quant<i8:f32, scale = 2.500000e-02, zero_point = -128>}
func.func @relu6_no_bias(%a: tensor<1x2xi8>) -> tensor<1x2xi8> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %w = arith.constant dense<[[1, -2], [2, -4]]> : tensor<2x2xi8>
  %ad = compress.dequantize %a {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 10>} : tensor<1x2xi8> -> tensor<1x2xf32>
  %wd = compress.dequantize %w {quant = #compress.quant<i8:f32, scale = 0.25>} : tensor<2x2xi8> -> tensor<2x2xf32>
  %e = tensor.empty() : tensor<1x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2xf32>) -> tensor<1x2xf32>
  %m = linalg.matmul ins(%ad, %wd : tensor<1x2xf32>, tensor<2x2xf32>) outs(%f : tensor<1x2xf32>) -> tensor<1x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<1x2xf32>) outs(%e : tensor<1x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %lo = arith.maximumf %in, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  } -> tensor<1x2xf32>
  %q = compress.quantize %r {quant = #compress.quant<i8:f32, scale = 0.025, zero_point = -128>} : tensor<1x2xf32> -> tensor<1x2xi8>
  return %q : tensor<1x2xi8>
}

// -----

// Asymmetric weights: K * Z_a * Z_w joins the constant, and a row-sum
// reduction subtracts Z_w[n] * sum_k q_a[m, k] at run time.
//   colsum = [3, -6], Z_a = 10, Z_w = [1, -2], K = 2:
//   init = -10 * colsum + 2 * 10 * Z_w = [-30 + 20, 60 - 40] = [-10, 20]
// CHECK-LABEL: func.func @asymmetric_weights
// CHECK-DAG:     %[[INIT:.*]] = arith.constant dense<[-10, 20]> : tensor<2xi32>
// CHECK-DAG:     %[[ZW:.*]] = arith.constant dense<[1, -2]> : tensor<2xi32>
// CHECK:         %[[ACC:.*]] = linalg.matmul
// CHECK:         %[[CORR:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %[[ZW]] : tensor<1x2xi8>, tensor<2xi32>) outs(%[[ACC]] : tensor<1x2xi32>)
// CHECK:           arith.extsi
// CHECK:           arith.muli
// CHECK:           arith.subi
// CHECK:         compress.requantize %[[CORR]]
func.func @asymmetric_weights(%a: tensor<1x2xi8>) -> tensor<1x2xi8> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[1, -2], [2, -4]]> : tensor<2x2xi8>
  %ad = compress.dequantize %a {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 10>} : tensor<1x2xi8> -> tensor<1x2xf32>
  %wd = compress.dequantize %w {quant = #compress.quant<i8:f32, axis = 1, scales = [0.25, 0.5], zero_points = [1, -2]>} : tensor<2x2xi8> -> tensor<2x2xf32>
  %e = tensor.empty() : tensor<1x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2xf32>) -> tensor<1x2xf32>
  %m = linalg.matmul ins(%ad, %wd : tensor<1x2xf32>, tensor<2x2xf32>) outs(%f : tensor<1x2xf32>) -> tensor<1x2xf32>
  %q = compress.quantize %m {quant = #compress.quant<i8:f32, scale = 0.1>} : tensor<1x2xf32> -> tensor<1x2xi8>
  return %q : tensor<1x2xi8>
}

// -----

// Weight-only int4 with blocks of 2 along K: one contraction over
// (m, n, kb, kk) on x viewed [M, K/2, 2] and w viewed [K/2, 2, N] that
// dequantizes each weight inside the reduction loop; no float copy of the
// weights exists and every indexing map is a plain projection.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>
// CHECK-DAG: #[[P:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d1)>
// CHECK-LABEL: func.func @weight_only_block
// CHECK-NOT:     compress.dequantize
// CHECK-DAG:     %[[S:.*]] = arith.constant dense<{{\[}}[5.000000e-01, 2.500000e-01], [1.000000e+00, 1.250000e-01]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[Z:.*]] = arith.constant dense<0> : tensor<2x2xi32>
// CHECK-DAG:     %[[X3:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [3, 2, 2] : tensor<3x4xf32> into tensor<3x2x2xf32>
// CHECK-DAG:     %[[W3:.*]] = arith.constant dense<{{\[}}[{{\[}}1, -2], [3, 4]], {{\[}}[-5, 6], [7, -8]]]> : tensor<2x2x2xi4>
// CHECK:         linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[P]], #[[P]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[X3]], %[[W3]], %[[S]], %[[Z]] : tensor<3x2x2xf32>, tensor<2x2x2xi4>, tensor<2x2xf32>, tensor<2x2xi32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK:         ^bb0(%[[XV:.*]]: f32, %[[Q:.*]]: i4, %[[SC:.*]]: f32, %[[ZP:.*]]: i32, %[[ACC:.*]]: f32):
// CHECK:           %[[QI:.*]] = arith.extsi %[[Q]] : i4 to i32
// CHECK:           %[[D:.*]] = arith.subi %[[QI]], %[[ZP]] : i32
// CHECK:           %[[F:.*]] = arith.sitofp %[[D]] : i32 to f32
// CHECK:           %[[WV:.*]] = arith.mulf %[[F]], %[[SC]] : f32
// CHECK:           %[[PR:.*]] = arith.mulf %[[XV]], %[[WV]] : f32
// CHECK:           %[[R:.*]] = arith.addf %[[ACC]], %[[PR]] : f32
// CHECK:           linalg.yield %[[R]] : f32
func.func @weight_only_block(%x: tensor<3x4xf32>, %init: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1, -2], [3, 4], [-5, 6], [7, -8]]> : tensor<4x2xi4>
  %wd = compress.dequantize %w {quant = #compress.quant<i4:f32, axis = 0, block = 2, scales = [0.5, 0.25, 1.0, 0.125]>} : tensor<4x2xi4> -> tensor<4x2xf32>
  %m = linalg.matmul ins(%x, %wd : tensor<3x4xf32>, tensor<4x2xf32>) outs(%init : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %m : tensor<3x2xf32>
}

// -----

// Per-tensor weight-only parameters are captured scalars; a zero point of 0
// folds away.
// CHECK-LABEL: func.func @weight_only_per_tensor
// CHECK:         %[[S:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2xf32>, tensor<2x2xi8>)
// CHECK-NOT:       arith.subi
// CHECK:           arith.mulf %{{.*}}, %[[S]] : f32
func.func @weight_only_per_tensor(%x: tensor<1x2xf32>, %init: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>
  %wd = compress.dequantize %w {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<2x2xi8> -> tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %wd : tensor<1x2xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}

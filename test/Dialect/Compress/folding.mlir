// RUN: compress-opt %s -canonicalize -split-input-file | FileCheck %s

// Quantize of a constant folds to the integer constant: half-even ties
// (1.25 / 0.5 = 2.5 -> 2, 1.5 -> 2, -1.5 -> -2), saturation instead of wrap-around (63.0 -> 127),
// NaN -> Z, +-Inf saturate.
// CHECK-LABEL: func.func @fold_quantize_per_tensor
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[5, 127, -128, 3, 127, -128, 5, 1]> : tensor<8xi8>
// CHECK-NEXT:    return %[[C]]
func.func @fold_quantize_per_tensor() -> tensor<8xi8> {
  %x = arith.constant dense<[1.25, 63.0, -1000.0, 0x7FC00000, 0x7F800000, 0xFF800000, 0.75, -0.75]> : tensor<8xf32>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>} : tensor<8xf32> -> tensor<8xi8>
  return %q : tensor<8xi8>
}

// -----

// Half-away ties: 2.5 -> 3, -2.5 -> -3.
// CHECK-LABEL: func.func @fold_quantize_half_away
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[6, 0, 4]> : tensor<3xi8>
func.func @fold_quantize_half_away() -> tensor<3xi8> {
  %x = arith.constant dense<[1.25, -1.25, 0.25]> : tensor<3xf32>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>, rounding = #compress<rounding half_away>} : tensor<3xf32> -> tensor<3xi8>
  return %q : tensor<3xi8>
}

// -----

// Per-axis: one scale per column.
// CHECK-LABEL: func.func @fold_quantize_per_axis
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[2, 4], [-2, -4]]> : tensor<2x2xi8>
func.func @fold_quantize_per_axis() -> tensor<2x2xi8> {
  %x = arith.constant dense<[[1.0, 1.0], [-1.0, -1.0]]> : tensor<2x2xf32>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 1, scales = [0.5, 0.25], zero_points = [0, 0]>} : tensor<2x2xf32> -> tensor<2x2xi8>
  return %q : tensor<2x2xi8>
}

// -----

// Per-block int4 along axis 0 (blocks of 2 rows), with u4 saturation at 15.
// CHECK-LABEL: func.func @fold_quantize_per_block
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[1, 2], [3, 4], [1, -1], [-1, -8]]> : tensor<4x2xi4>
func.func @fold_quantize_per_block() -> tensor<4x2xi4> {
  %x = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [10.0, -10.0], [-10.0, -1000.0]]> : tensor<4x2xf32>
  %q = compress.quantize %x {quant = #compress.quant<i4:f32, axis = 0, block = 2, scales = [1.0, 1.0, 10.0, 10.0]>} : tensor<4x2xf32> -> tensor<4x2xi4>
  return %q : tensor<4x2xi4>
}

// -----

// Unsigned storage: 200 is stored as the i8 bit pattern -56.
// CHECK-LABEL: func.func @fold_quantize_unsigned
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[-56, -1, 0]> : tensor<3xi8>
func.func @fold_quantize_unsigned() -> tensor<3xi8> {
  %x = arith.constant dense<[200.0, 1000.0, -5.0]> : tensor<3xf32>
  %q = compress.quantize %x {quant = #compress.quant<u8:f32, scale = 1.0>} : tensor<3xf32> -> tensor<3xi8>
  return %q : tensor<3xi8>
}

// -----

// Splat and scalar constants.
// CHECK-LABEL: func.func @fold_quantize_splat_and_scalar
// CHECK-DAG:     %[[S:.*]] = arith.constant dense<-127> : tensor<16xi8>
// CHECK-DAG:     %[[X:.*]] = arith.constant 7 : i8
// CHECK:         return %[[S]], %[[X]]
func.func @fold_quantize_splat_and_scalar() -> (tensor<16xi8>, i8) {
  %x = arith.constant dense<-1000.0> : tensor<16xf32>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, range = [-127, 127], scale = 0.5>} : tensor<16xf32> -> tensor<16xi8>
  %s = arith.constant 3.5 : f32
  %qs = compress.quantize %s {quant = #compress.quant<i8:f32, scale = 0.5>} : f32 -> i8
  return %q, %qs : tensor<16xi8>, i8
}

// -----

// dequantize is never folded: not of a constant (the integer lowering must
// see it), and dequantize(quantize(x)) is not x.
// CHECK-LABEL: func.func @no_fold_dequantize
// CHECK:         %[[Q:.*]] = compress.quantize %arg0
// CHECK:         %[[D:.*]] = compress.dequantize %[[Q]]
// CHECK:         %[[W:.*]] = compress.dequantize %{{.*}}
// CHECK:         return %[[D]], %[[W]]
func.func @no_fold_dequantize(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<4xf32> -> tensor<4xi8>
  %d = compress.dequantize %q {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<4xi8> -> tensor<4xf32>
  %c = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi8>
  %w = compress.dequantize %c {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<4xi8> -> tensor<4xf32>
  return %d, %w : tensor<4xf32>, tensor<4xf32>
}

// -----

// A prune whose mask keeps everything is its input.
// CHECK-LABEL: func.func @fold_prune_all_true
// CHECK-NEXT:    return %arg0
func.func @fold_prune_all_true(%w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %m = arith.constant dense<true> : tensor<4x4xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<4x4xf32>, tensor<4x4xi1>
  return %p : tensor<4x4xf32>
}

// -----

// Any other mask stays: the mask is information later passes use.
// CHECK-LABEL: func.func @keep_prune
// CHECK:         compress.prune
func.func @keep_prune(%w: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %m = arith.constant dense<[[true, false, true, false]]> : tensor<1x4xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<n:m 2:4, axis = 1>} : tensor<1x4xf32>, tensor<1x4xi1>
  return %p : tensor<1x4xf32>
}

// -----

// Observe and unused pure ops are removed when dead.
// CHECK-LABEL: func.func @dead_ops
// CHECK-NEXT:    return
func.func @dead_ops(%x: tensor<4xf32>) {
  %o = compress.observe %x {min = -1.0 : f32, max = 1.0 : f32} : tensor<4xf32>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<4xf32> -> tensor<4xi8>
  return
}

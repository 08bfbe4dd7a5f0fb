// RUN: compress-opt %s | compress-opt | FileCheck %s
// RUN: compress-opt %s --mlir-print-op-generic | compress-opt | FileCheck %s

// Round trip of every op and attribute form; scales print losslessly.

// CHECK-LABEL: func.func @quantize_per_tensor
func.func @quantize_per_tensor(%x: tensor<4xf32>) -> tensor<4xi8> {
  // CHECK: compress.quantize %{{.*}} {quant = #compress.quant<i8:f32, scale = 5.000000e-01, zero_point = 3>} : tensor<4xf32> -> tensor<4xi8>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>} : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

// CHECK-LABEL: func.func @lossless_scales
func.func @lossless_scales(%x: tensor<4xf32>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>) {
  // CHECK: scale = 0.33333333333333331, zero_point = -3
  %a = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.3333333333333333, zero_point = -3>} : tensor<4xf32> -> tensor<4xi8>
  // CHECK: scale = 0.1000000000000001>
  %b = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.1000000000000001>} : tensor<4xf32> -> tensor<4xi8>
  // Hexadecimal bit patterns are accepted (0x3FB999999999999A == 0.1).
  // CHECK: scale = 1.000000e-01>
  %c = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0x3FB999999999999A>} : tensor<4xf32> -> tensor<4xi8>
  return %a, %b, %c : tensor<4xi8>, tensor<4xi8>, tensor<4xi8>
}

// CHECK-LABEL: func.func @storage_types
func.func @storage_types(%x: tensor<4xf32>, %h: tensor<4xf16>, %b: tensor<4xbf16>) {
  // CHECK: #compress.quant<u8:f32, scale = 2.500000e-01, zero_point = 128>
  %0 = compress.quantize %x {quant = #compress.quant<u8:f32, scale = 0.25, zero_point = 128>} : tensor<4xf32> -> tensor<4xi8>
  // CHECK: #compress.quant<i4:f32, scale = 1.000000e+00, zero_point = -1>
  %1 = compress.quantize %x {quant = #compress.quant<i4, scale = 1.0, zero_point = -1>} : tensor<4xf32> -> tensor<4xi4>
  // CHECK: #compress.quant<u4:f16, scale = 1.250000e-01, zero_point = 8>
  %2 = compress.quantize %h {quant = #compress.quant<u4:f16, scale = 0.125, zero_point = 8>} : tensor<4xf16> -> tensor<4xi4>
  // CHECK: #compress.quant<i16:bf16, scale = 3.000000e+00>
  %3 = compress.quantize %b {quant = #compress.quant<i16:bf16, scale = 3.0>} : tensor<4xbf16> -> tensor<4xi16>
  // CHECK: #compress.quant<u16:f32, scale = 1.000000e+00>
  %4 = compress.quantize %x {quant = #compress.quant<u16:f32, scale = 1.0, zero_point = 0>} : tensor<4xf32> -> tensor<4xi16>
  return
}

// CHECK-LABEL: func.func @narrow_range
func.func @narrow_range(%x: tensor<4xf32>) -> tensor<4xi8> {
  // CHECK: #compress.quant<i8:f32, range = [-127, 127], scale = 1.000000e-01>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, range = [-127, 127], scale = 0.1>} : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

// CHECK-LABEL: func.func @per_axis
func.func @per_axis(%x: tensor<2x3xf32>) -> tensor<2x3xi8> {
  // CHECK: #compress.quant<i8:f32, axis = 1, scales = [5.000000e-01, 2.500000e-01, 1.250000e-01], zero_points = [1, 0, -1]>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 1, scales = [0.5, 0.25, 0.125], zero_points = [1, 0, -1]>} : tensor<2x3xf32> -> tensor<2x3xi8>
  return %q : tensor<2x3xi8>
}

// CHECK-LABEL: func.func @per_block
func.func @per_block(%w: tensor<64x2xf32>) -> tensor<64x2xi4> {
  // CHECK: #compress.quant<i4:f32, axis = 0, block = 32, scales = [1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01]>
  %q = compress.quantize %w {quant = #compress.quant<i4:f32, axis = 0, block = 32, scales = [0.1, 0.2, 0.3, 0.4]>} : tensor<64x2xf32> -> tensor<64x2xi4>
  return %q : tensor<64x2xi4>
}

// CHECK-LABEL: func.func @rounding_modes
func.func @rounding_modes(%x: tensor<4xf32>) -> (tensor<4xi8>, tensor<4xf32>) {
  // CHECK: rounding = #compress<rounding half_away>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5>, rounding = #compress<rounding half_away>} : tensor<4xf32> -> tensor<4xi8>
  // CHECK: compress.fake_quant %{{.*}} {quant = #compress.quant<i8:f32, scale = 5.000000e-01>} : tensor<4xf32>
  %f = compress.fake_quant %x {quant = #compress.quant<i8:f32, scale = 0.5>, rounding = #compress<rounding half_even>} : tensor<4xf32>
  return %q, %f : tensor<4xi8>, tensor<4xf32>
}

// CHECK-LABEL: func.func @dequantize_scalar
func.func @dequantize_scalar(%q: i8) -> f32 {
  // CHECK: compress.dequantize %{{.*}} {quant = #compress.quant<i8:f32, scale = 5.000000e-01, zero_point = 3>} : i8 -> f32
  %r = compress.dequantize %q {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>} : i8 -> f32
  return %r : f32
}

// CHECK-LABEL: func.func @requantize
func.func @requantize(%acc: tensor<2x3xi32>) -> (tensor<2x3xi8>, tensor<2x3xi8>) {
  // CHECK: compress.requantize %{{.*}} {input_quant = #compress.quant<i32:f32, scale = 2.500000e-03>, output_quant = #compress.quant<i8:f32, scale = 1.000000e-01, zero_point = -3>} : tensor<2x3xi32> -> tensor<2x3xi8>
  %a = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.0025>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>} : tensor<2x3xi32> -> tensor<2x3xi8>
  // CHECK: compress.requantize %{{.*}} {clamp_max = 127 : i64, clamp_min = -3 : i64, input_quant = #compress.quant<i32:f32, axis = 1, scales = [1.000000e-03, 2.000000e-03, 3.000000e-03]>, output_quant = #compress.quant<i8:f32, scale = 1.000000e-01, zero_point = -3>, rounding = #compress<requant_rounding single>}
  %b = compress.requantize %acc {input_quant = #compress.quant<i32:f32, axis = 1, scales = [0.001, 0.002, 0.003]>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>, rounding = #compress<requant_rounding single>, clamp_min = -3, clamp_max = 127} : tensor<2x3xi32> -> tensor<2x3xi8>
  return %a, %b : tensor<2x3xi8>, tensor<2x3xi8>
}

// CHECK-LABEL: func.func @prune
func.func @prune(%w: tensor<4x8xf32>, %m: tensor<4x8xi1>, %wi: tensor<4x8xi8>) {
  // CHECK: compress.prune %{{.*}}, %{{.*}} {sparsity = #compress.sparsity<unstructured>} : tensor<4x8xf32>, tensor<4x8xi1>
  %0 = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<4x8xf32>, tensor<4x8xi1>
  // CHECK: {sparsity = #compress.sparsity<n:m 2:4, axis = 1>}
  %1 = compress.prune %w, %m {sparsity = #compress.sparsity<n:m 2:4, axis = 1>} : tensor<4x8xf32>, tensor<4x8xi1>
  // CHECK: {sparsity = #compress.sparsity<block 2x4>}
  %2 = compress.prune %w, %m {sparsity = #compress.sparsity<block 2x4>} : tensor<4x8xf32>, tensor<4x8xi1>
  // CHECK: {sparsity = #compress.sparsity<channel, axis = 0>} : tensor<4x8xi8>, tensor<4x8xi1>
  %3 = compress.prune %wi, %m {sparsity = #compress.sparsity<channel, axis = 0>} : tensor<4x8xi8>, tensor<4x8xi1>
  return
}

// CHECK-LABEL: func.func @constant_masks
func.func @constant_masks(%w: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %nm = arith.constant dense<[[true, false, false, true], [false, true, true, false]]> : tensor<2x4xi1>
  // CHECK: #compress.sparsity<n:m 2:4, axis = 1>
  %0 = compress.prune %w, %nm {sparsity = #compress.sparsity<n:m 2:4, axis = 1>} : tensor<2x4xf32>, tensor<2x4xi1>
  %ch = arith.constant dense<[[true, true, true, true], [false, false, false, false]]> : tensor<2x4xi1>
  // CHECK: #compress.sparsity<channel, axis = 0>
  %1 = compress.prune %w, %ch {sparsity = #compress.sparsity<channel, axis = 0>} : tensor<2x4xf32>, tensor<2x4xi1>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @observe
func.func @observe(%x: tensor<1x64xf32>) -> tensor<1x64xf32> {
  // CHECK: compress.observe %{{.*}} {max = 4.000000e+00 : f32, min = -1.500000e+00 : f32} : tensor<1x64xf32>
  %0 = compress.observe %x {min = -1.5 : f32, max = 4.0 : f32} : tensor<1x64xf32>
  return %0 : tensor<1x64xf32>
}

// CHECK-LABEL: func.func @dynamic_shapes
func.func @dynamic_shapes(%x: tensor<?x3xf32>) -> tensor<?x3xi8> {
  // CHECK: tensor<?x3xf32> -> tensor<?x3xi8>
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 1, scales = [1.0, 2.0, 4.0]>} : tensor<?x3xf32> -> tensor<?x3xi8>
  return %q : tensor<?x3xi8>
}

// CHECK-LABEL: func.func @unpack
func.func @unpack(%p: tensor<4x8xi8>) -> tensor<4x16xi4> {
  // CHECK: compress.unpack %{{.*}} : tensor<4x8xi8> -> tensor<4x16xi4>
  %w = compress.unpack %p : tensor<4x8xi8> -> tensor<4x16xi4>
  return %w : tensor<4x16xi4>
}

// dense_resource weights are ordinary operands.
// CHECK-LABEL: func.func @dense_resource_weights
func.func @dense_resource_weights() -> tensor<2x2xi8> {
  %w = arith.constant dense_resource<weights> : tensor<2x2xf32>
  // CHECK: compress.quantize
  %q = compress.quantize %w {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<2x2xf32> -> tensor<2x2xi8>
  return %q : tensor<2x2xi8>
}

// CHECK-LABEL: func.func @sparse_matmul
// CHECK: compress.sparse_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<3x16x4xi8>, tensor<3xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
func.func @sparse_matmul(%a: tensor<2x8xi8>, %v: tensor<3x16x4xi8>, %c: tensor<2x32xi32>) -> tensor<2x32xi32> {
  %i = arith.constant dense<[0, 1, 1]> : tensor<3xi16>
  %o = arith.constant dense<[0, 2, 3]> : tensor<3xi32>
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<3x16x4xi8>, tensor<3xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return %r : tensor<2x32xi32>
}

// CHECK-LABEL: func.func @sparse_matmul_f32_dynamic_rows
// CHECK: compress.sparse_matmul {{.*}} {block = array<i64: 1, 1>} : tensor<?x4xf32>, tensor<2x1x1xf32>, tensor<2xi32>, tensor<3xi32>, tensor<?x2xf32> -> tensor<?x2xf32>
func.func @sparse_matmul_f32_dynamic_rows(%a: tensor<?x4xf32>, %v: tensor<2x1x1xf32>, %i: tensor<2xi32>, %o: tensor<3xi32>, %c: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 1, 1>} : tensor<?x4xf32>, tensor<2x1x1xf32>, tensor<2xi32>, tensor<3xi32>, tensor<?x2xf32> -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

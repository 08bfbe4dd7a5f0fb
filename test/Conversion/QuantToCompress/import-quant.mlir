// RUN: compress-opt %s --compress-import-quant -split-input-file -verify-diagnostics | FileCheck %s

// Per tensor: qcast / dcast become compress ops on i8 tensors; signatures,
// calls and returns lose their quantized types; scast disappears.
// CHECK-LABEL: func.func @per_tensor
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>) -> tensor<4xi8>
// CHECK:         %[[Q:.*]] = compress.quantize %[[X]] {quant = #compress.quant<i8:f32, scale = 5.000000e-01, zero_point = 3>} : tensor<4xf32> -> tensor<4xi8>
// CHECK:         return %[[Q]] : tensor<4xi8>
func.func @per_tensor(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>> {
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
}

// CHECK-LABEL: func.func @consumer
// CHECK-SAME:    (%[[Q:.*]]: tensor<4xi8>) -> (tensor<4xf32>, tensor<4xi8>)
// CHECK:         %[[D:.*]] = compress.dequantize %[[Q]] {quant = #compress.quant<i8:f32, scale = 5.000000e-01, zero_point = 3>} : tensor<4xi8> -> tensor<4xf32>
// CHECK:         return %[[D]], %[[Q]] : tensor<4xf32>, tensor<4xi8>
func.func @consumer(%q: tensor<4x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<4xf32>, tensor<4xi8>) {
  %d = quant.dcast %q : tensor<4x!quant.uniform<i8:f32, 0.5:3>> to tensor<4xf32>
  %s = quant.scast %q : tensor<4x!quant.uniform<i8:f32, 0.5:3>> to tensor<4xi8>
  return %d, %s : tensor<4xf32>, tensor<4xi8>
}

// CHECK-LABEL: func.func @caller
// CHECK:         %[[Q:.*]] = call @per_tensor(%{{.*}}) : (tensor<4xf32>) -> tensor<4xi8>
// CHECK:         call @consumer(%[[Q]]) : (tensor<4xi8>) -> (tensor<4xf32>, tensor<4xi8>)
func.func @caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = call @per_tensor(%x) : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %d, %s = call @consumer(%q) : (tensor<4x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<4xf32>, tensor<4xi8>)
  return %d : tensor<4xf32>
}

// -----

// Per axis, unsigned storage, narrow range and f16 expressed type.
// CHECK-LABEL: func.func @per_axis
// CHECK:         compress.quantize %{{.*}} {quant = #compress.quant<u8:f16, range = [1, 255], axis = 1, scales = [5.000000e-01, 2.500000e-01], zero_points = [128, 100]>} : tensor<3x2xf16> -> tensor<3x2xi8>
func.func @per_axis(%x: tensor<3x2xf16>) -> tensor<3x2x!quant.uniform<u8<1:255>:f16:1, {0.5:128, 0.25:100}>> {
  %q = quant.qcast %x : tensor<3x2xf16> to tensor<3x2x!quant.uniform<u8<1:255>:f16:1, {0.5:128, 0.25:100}>>
  return %q : tensor<3x2x!quant.uniform<u8<1:255>:f16:1, {0.5:128, 0.25:100}>>
}

// -----

// Sub-channel (blocks of 2 along axis 0, one parameter per column): per block.
// CHECK-LABEL: func.func @sub_channel
// CHECK:         compress.dequantize %{{.*}} {quant = #compress.quant<i4:f32, axis = 0, block = 2, scales = [1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], zero_points = [0, 1, 0, -1]>} : tensor<4x2xi4> -> tensor<4x2xf32>
func.func @sub_channel(%q: tensor<4x2x!quant.uniform<i4:f32:{0:2, 1:1}, {{1.0:0, 2.0:1}, {3.0:0, 4.0:-1}}>>) -> tensor<4x2xf32> {
  %d = quant.dcast %q : tensor<4x2x!quant.uniform<i4:f32:{0:2, 1:1}, {{1.0:0, 2.0:1}, {3.0:0, 4.0:-1}}>> to tensor<4x2xf32>
  return %d : tensor<4x2xf32>
}

// -----

// Blocking two dimensions has no compress equivalent: a clear error.
func.func @two_blocked_dims(%q: tensor<4x4x!quant.uniform<i8:f32:{0:2, 1:2}, {{1.0, 2.0}, {3.0, 4.0}}>>) -> tensor<4x4xf32> {
  // expected-error @+2 {{'quant.dcast' op sub-channel quantization blocking more than one dimension cannot be represented; compress blocks one axis}}
  // expected-error @+1 {{failed to legalize operation 'quant.dcast'}}
  %d = quant.dcast %q : tensor<4x4x!quant.uniform<i8:f32:{0:2, 1:2}, {{1.0, 2.0}, {3.0, 4.0}}>> to tensor<4x4xf32>
  return %d : tensor<4x4xf32>
}

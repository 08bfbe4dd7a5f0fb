// RUN: compress-opt %s --compress-fold-constants="pack-int4=false" -split-input-file | FileCheck %s
// RUN: compress-opt %s --compress-fold-constants -split-input-file | FileCheck %s --check-prefix=PACKED

// Quantized weights become integer constants at compile time, per channel.
// CHECK-LABEL: func.func @quantize_weights
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<{{\[}}[64, -127], [32, 127]]> : tensor<2x2xi8>
// CHECK-NEXT:    %[[D:.*]] = compress.dequantize %[[W]]
// CHECK-NEXT:    return %[[D]]
func.func @quantize_weights() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [0.25, 1.0]]> : tensor<2x2xf32>
  %q = compress.quantize %w {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.0078740157480314959, 0.0078740157480314959]>} : tensor<2x2xf32> -> tensor<2x2xi8>
  %d = compress.dequantize %q {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.0078740157480314959, 0.0078740157480314959]>} : tensor<2x2xi8> -> tensor<2x2xf32>
  return %d : tensor<2x2xf32>
}

// -----

// The mask is applied before quantization, through compress.prune.
// CHECK-LABEL: func.func @pruned_weights
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<{{\[}}[4, 0], [0, -8]]> : tensor<2x2xi4>
// CHECK-NOT:     compress.prune
// By default int4 values are stored two per byte, element 2j in the low
// nibble: [4, 0] -> 0x04, [0, -8] -> 0x80.
// PACKED-LABEL: func.func @pruned_weights
// PACKED-NEXT:    %[[P:.*]] = arith.constant dense<{{\[}}[4], [-128]]> : tensor<2x1xi8>
// PACKED-NEXT:    %[[W:.*]] = compress.unpack %[[P]] : tensor<2x1xi8> -> tensor<2x2xi4>
// PACKED-NEXT:    return %[[W]]
func.func @pruned_weights() -> tensor<2x2xi4> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, -2.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<[[true, false], [false, true]]> : tensor<2x2xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<2x2xf32>, tensor<2x2xi1>
  %q = compress.quantize %p {quant = #compress.quant<i4:f32, scale = 0.25>} : tensor<2x2xf32> -> tensor<2x2xi4>
  return %q : tensor<2x2xi4>
}

// -----

// A constant masked by a constant mask is the masked constant.
// CHECK-LABEL: func.func @prune_constant
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 0.000000e+00], [0.000000e+00, -2.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    return %[[W]]
func.func @prune_constant() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, -2.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<[[true, false], [false, true]]> : tensor<2x2xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<2x2xf32>, tensor<2x2xi1>
  return %p : tensor<2x2xf32>
}

// -----

// dense_resource weights are read from their blob.
// CHECK-LABEL: func.func @resource_weights
// CHECK-NEXT:    arith.constant dense<[2, 4, 6, 8]> : tensor<4xi8>
func.func @resource_weights() -> tensor<4xi8> {
  %w = arith.constant dense_resource<weights> : tensor<4xf32>
  %q = compress.quantize %w {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// Run-time values are not touched.
// CHECK-LABEL: func.func @runtime
// CHECK:         compress.quantize %arg0
// CHECK:         compress.prune %arg0
func.func @runtime(%x: tensor<2xf32>) -> (tensor<2xi8>, tensor<2xf32>) {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<2xf32> -> tensor<2xi8>
  %m = arith.constant dense<[true, false]> : tensor<2xi1>
  %p = compress.prune %x, %m {sparsity = #compress.sparsity<unstructured>} : tensor<2xf32>, tensor<2xi1>
  return %q, %p : tensor<2xi8>, tensor<2xf32>
}

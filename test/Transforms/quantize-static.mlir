// RUN: compress-opt %S/Inputs/dense-relu-layer.mlir --compress-quantize | FileCheck %s

// Static PTQ: symmetric narrow-range int8 weights per output channel (an
// all-zero channel still gets a valid scale of 1), asymmetric int8
// activations from the observed range [-1, 3] (S = 4/255, Z = -64), and the
// observed result leaves through quantize/dequantize so the function keeps
// its float interface.
// CHECK-LABEL: func.func @layer
// CHECK-SAME:    (%[[X:.*]]: tensor<2x4xf32>) -> tensor<2x3xf32>
// CHECK:         %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<4x3xf32>
// CHECK:         %[[WQ:.*]] = compress.quantize %[[W]] {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.0078740157480314959, 0.0078740157480314959, 1.000000e+00]>} : tensor<4x3xf32> -> tensor<4x3xi8>
// CHECK:         %[[WD:.*]] = compress.dequantize %[[WQ]] {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.0078740157480314959, 0.0078740157480314959, 1.000000e+00]>} : tensor<4x3xi8> -> tensor<4x3xf32>
// CHECK:         %[[XO:.*]] = compress.observe %[[X]]
// CHECK:         %[[XQ:.*]] = compress.quantize %[[XO]] {quant = #compress.quant<i8:f32, scale = 0.015686274509803921, zero_point = -64>}
// CHECK:         %[[XD:.*]] = compress.dequantize %[[XQ]] {quant = #compress.quant<i8:f32, scale = 0.015686274509803921, zero_point = -64>}
// CHECK:         linalg.matmul ins(%[[XD]], %[[WD]] : tensor<2x4xf32>, tensor<4x3xf32>)
// CHECK:         %[[RO:.*]] = compress.observe
// CHECK:         %[[RQ:.*]] = compress.quantize %[[RO]] {quant = #compress.quant<i8:f32, scale = 0.0078431372549019607, zero_point = -128>}
// CHECK:         %[[RD:.*]] = compress.dequantize %[[RQ]]
// CHECK:         return %[[RD]] : tensor<2x3xf32>

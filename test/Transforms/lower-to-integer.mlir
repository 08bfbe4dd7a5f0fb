// RUN: compress-opt %S/Inputs/dense-relu-layer.mlir --compress-quantize --compress-lower-to-integer | FileCheck %s

// dequant -> matmul -> bias -> relu -> quant becomes int8 x int8 -> i32 with
// the accumulator initialized to the folded constant terms, then one
// requantization with per-channel multipliers and ReLU as the clamp floor.
//   S_a = 4/255, Z_a = -64; channel 0: S_w = 1/127, q_w = [64, 32, -16, 127]
//   bias_q = round(0.1 / (S_a S_w)) = 810, -Z_a colsum = 64 * 207 = 13248
//   -> 14058. The all-zero channel keeps its quantized bias only: 19.
// CHECK-LABEL: func.func @layer
// CHECK-DAG:     %[[INIT:.*]] = arith.constant dense<[14058, -3667, 19]> : tensor<3xi32>
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[}}[64, -127, 0], [32, 64, 0], [-16, 95, 0], [127, -64, 0]]> : tensor<4x3xi8>
// CHECK:         %[[XQ:.*]] = compress.quantize %{{.*}} {quant = #compress.quant<i8:f32, scale = 0.015686274509803921, zero_point = -64>}
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x3xi32>
// CHECK:         %[[B:.*]] = linalg.broadcast ins(%[[INIT]] : tensor<3xi32>) outs(%[[E]] : tensor<2x3xi32>) dimensions = [0]
// CHECK:         %[[ACC:.*]] = linalg.matmul ins(%[[XQ]], %[[W]] : tensor<2x4xi8>, tensor<4x3xi8>) outs(%[[B]] : tensor<2x3xi32>) -> tensor<2x3xi32>
// CHECK:         %[[Q:.*]] = compress.requantize %[[ACC]] {clamp_min = -128 : i64, input_quant = #compress.quant<i32:f32, axis = 1, scales = [1.2351397251814111E-4, 1.2351397251814111E-4, 0.015686274509803921]>, output_quant = #compress.quant<i8:f32, scale = 0.0078431372549019607, zero_point = -128>} : tensor<2x3xi32> -> tensor<2x3xi8>
// CHECK:         %[[D:.*]] = compress.dequantize %[[Q]]
// CHECK:         return %[[D]]
// No float arithmetic between the input quantize and the output dequantize.
// CHECK-NOT:     arith.addf
// CHECK-NOT:     arith.mulf

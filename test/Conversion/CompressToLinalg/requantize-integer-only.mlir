// RUN: compress-opt %s --compress-lower-ops | FileCheck %s

// Requantization is integer arithmetic only: no float op, no math op, in
// either rounding mode, per tensor or per channel.
// CHECK-LABEL: func.func @requantize_modes
// CHECK-NOT:     {{arith\.(divf|mulf|addf|subf|sitofp|uitofp|fptosi|fptoui|truncf|extf)|math\.}}
// CHECK:         return
func.func @requantize_modes(%acc: tensor<4x3xi32>) -> (tensor<4x3xi8>, tensor<4x3xi8>) {
  %a = compress.requantize %acc {input_quant = #compress.quant<i32:f32, axis = 1, scales = [0.001, 0.002, 0.003]>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>} : tensor<4x3xi32> -> tensor<4x3xi8>
  %b = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.001>, output_quant = #compress.quant<u8:f32, axis = 1, scales = [0.1, 0.2, 0.3], zero_points = [128, 120, 0]>, rounding = #compress<requant_rounding single>} : tensor<4x3xi32> -> tensor<4x3xi8>
  return %a, %b : tensor<4x3xi8>, tensor<4x3xi8>
}

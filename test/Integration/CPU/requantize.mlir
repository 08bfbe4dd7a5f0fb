// RUN: compress-opt %s --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-cpu-pipeline | %run-main | FileCheck %s

// Executed requantization, integer arithmetic only. Expected values come from
// an independent Python transcription of gemmlowp's
// SaturatingRoundingDoublingHighMul + RoundingDivideByPOT (double) and
// TFLite's single-rounding MultiplyByQuantizedMultiplier; the accumulators
// include exact halves (-20, 20 at M = 0.025) where the two roundings differ,
// and INT32_MIN / INT32_MAX.

func.func private @printMemrefI32(tensor<*xi32>)

func.func @print(%q: tensor<?xi8>) {
  %e = arith.extsi %q : tensor<?xi8> to tensor<?xi32>
  %u = tensor.cast %e : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

func.func @double(%acc: tensor<12xi32>) -> tensor<12xi8> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.0025>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>} : tensor<12xi32> -> tensor<12xi8>
  return %q : tensor<12xi8>
}

func.func @single(%acc: tensor<12xi32>) -> tensor<12xi8> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.0025>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>, rounding = #compress<requant_rounding single>} : tensor<12xi32> -> tensor<12xi8>
  return %q : tensor<12xi8>
}

// Per-channel multipliers with ReLU folded into the clamp (floor = Z_out).
func.func @per_axis_relu(%acc: tensor<2x3xi32>) -> tensor<2x3xi8> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, axis = 1, scales = [0.001, 0.002, 0.003]>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>, clamp_min = -3} : tensor<2x3xi32> -> tensor<2x3xi8>
  return %q : tensor<2x3xi8>
}

// M = 4 / 1.5 > 1 (a left shift), input zero point 10, u8 output.
func.func @left_shift_u8(%acc: tensor<7xi32>) -> tensor<7xi8> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 4.0, zero_point = 10>, output_quant = #compress.quant<u8:f32, scale = 1.5, zero_point = 128>, rounding = #compress<requant_rounding single>} : tensor<7xi32> -> tensor<7xi8>
  return %q : tensor<7xi8>
}

func.func @main() {
  %acc = arith.constant dense<[-20, 20, -60, 60, 0, 1000000, -1000000, 2147483647, -2147483648, 123456, -7, -3000]> : tensor<12xi32>
  %d = call @double(%acc) : (tensor<12xi32>) -> tensor<12xi8>
  %dd = tensor.cast %d : tensor<12xi8> to tensor<?xi8>
  // CHECK: [-4,  -2,  -5,  -1,  -3,  127,  -128,  127,  -128,  127,  -3,  -78]
  call @print(%dd) : (tensor<?xi8>) -> ()
  %s = call @single(%acc) : (tensor<12xi32>) -> tensor<12xi8>
  %sd = tensor.cast %s : tensor<12xi8> to tensor<?xi8>
  // CHECK: [-3,  -3,  -4,  -2,  -3,  127,  -128,  127,  -128,  127,  -3,  -78]
  call @print(%sd) : (tensor<?xi8>) -> ()

  %acc2 = arith.constant dense<[[100, -100, 7], [-2980, 2980, 0]]> : tensor<2x3xi32>
  %r = call @per_axis_relu(%acc2) : (tensor<2x3xi32>) -> tensor<2x3xi8>
  %r32 = arith.extsi %r : tensor<2x3xi8> to tensor<2x3xi32>
  %ru = tensor.cast %r32 : tensor<2x3xi32> to tensor<*xi32>
  // CHECK:      [-2,   -3,   -3]
  // CHECK-NEXT: [-3,   57,   -3]
  call @printMemrefI32(%ru) : (tensor<*xi32>) -> ()

  %acc3 = arith.constant dense<[0, 10, 11, 12, 50, 100, -100]> : tensor<7xi32>
  %l = call @left_shift_u8(%acc3) : (tensor<7xi32>) -> tensor<7xi8>
  %l32 = arith.extui %l : tensor<7xi8> to tensor<7xi32>
  %lu = tensor.cast %l32 : tensor<7xi32> to tensor<*xi32>
  // CHECK: [101,  128,  131,  133,  235,  255,  0]
  call @printMemrefI32(%lu) : (tensor<*xi32>) -> ()
  return
}

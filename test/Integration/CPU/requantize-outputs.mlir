// RUN: compress-opt %s --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-cpu-pipeline | %run-main | FileCheck %s

// Requantization to per-axis u8 outputs (one scale and zero point per
// channel), i16 and u4 outputs, executed. Expected values from the Python
// transcription of gemmlowp/TFLite in Inputs/random_reference.py.

func.func private @printMemrefI32(tensor<*xi32>)

func.func @u8_per_axis(%acc: tensor<3x3xi32>) -> tensor<3x3xi8> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.001>, output_quant = #compress.quant<u8:f32, axis = 1, scales = [0.05, 0.1, 0.2], zero_points = [128, 100, 0]>} : tensor<3x3xi32> -> tensor<3x3xi8>
  return %q : tensor<3x3xi8>
}

func.func @i16(%acc: tensor<6xi32>) -> tensor<6xi16> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.01>, output_quant = #compress.quant<i16:f32, scale = 0.5, zero_point = -5>} : tensor<6xi32> -> tensor<6xi16>
  return %q : tensor<6xi16>
}

func.func @u4(%acc: tensor<8xi32>) -> tensor<8xi4> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.1>, output_quant = #compress.quant<u4:f32, scale = 0.4, zero_point = 8>, rounding = #compress<requant_rounding single>} : tensor<8xi32> -> tensor<8xi4>
  return %q : tensor<8xi4>
}

func.func @main() {
  %a = arith.constant dense<[[1000, -1000, 50], [123456, -7, 0], [-2147483648, 2147483647, 333]]> : tensor<3x3xi32>
  %q = call @u8_per_axis(%a) : (tensor<3x3xi32>) -> tensor<3x3xi8>
  %q32 = arith.extui %q : tensor<3x3xi8> to tensor<3x3xi32>
  %qu = tensor.cast %q32 : tensor<3x3xi32> to tensor<*xi32>
  // CHECK:      [148,   90,   0]
  // CHECK-NEXT: [255,   100,   0]
  // CHECK-NEXT: [0,   255,   2]
  call @printMemrefI32(%qu) : (tensor<*xi32>) -> ()

  %b = arith.constant dense<[100000, -100000, 7, 2147483647, -2147483648, 123]> : tensor<6xi32>
  %r = call @i16(%b) : (tensor<6xi32>) -> tensor<6xi16>
  %r32 = arith.extsi %r : tensor<6xi16> to tensor<6xi32>
  %ru = tensor.cast %r32 : tensor<6xi32> to tensor<*xi32>
  // CHECK: [1995,  -2005,  -5,  32767,  -32768,  -3]
  call @printMemrefI32(%ru) : (tensor<*xi32>) -> ()

  %c = arith.constant dense<[0, 10, -10, 25, 30, -100, 13, 14]> : tensor<8xi32>
  %s = call @u4(%c) : (tensor<8xi32>) -> tensor<8xi4>
  %s32 = arith.extui %s : tensor<8xi4> to tensor<8xi32>
  %su = tensor.cast %s32 : tensor<8xi32> to tensor<*xi32>
  // CHECK: [8,  11,  6,  14,  15,  0,  11,  12]
  call @printMemrefI32(%su) : (tensor<*xi32>) -> ()
  return
}

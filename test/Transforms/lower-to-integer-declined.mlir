// RUN: compress-opt %s --compress-lower-to-integer --verify-diagnostics | FileCheck %s

// K = 70000 with |q_a - Z_a| up to 255 and |q_w| = 127 could overflow the i32
// accumulator: the layer stays in float, with a remark saying why.
// CHECK-LABEL: func.func @overflow
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x70000xf32>, tensor<70000x1xf32>)
// CHECK:         compress.quantize
// CHECK-NOT:     compress.requantize
func.func @overflow(%a: tensor<1x70000xi8>) -> tensor<1x1xi8> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<127> : tensor<70000x1xi8>
  %ad = compress.dequantize %a {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 127>} : tensor<1x70000xi8> -> tensor<1x70000xf32>
  %wd = compress.dequantize %w {quant = #compress.quant<i8:f32, scale = 0.25>} : tensor<70000x1xi8> -> tensor<70000x1xf32>
  %e = tensor.empty() : tensor<1x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1xf32>) -> tensor<1x1xf32>
  // expected-remark @+1 {{left in float: the int32 accumulator could overflow for output channel 0 (70000 products, max|q_a - Z_a| = 255, sum|q_w - Z_w| = 8890000, |bias| = 0)}}
  %m = linalg.matmul ins(%ad, %wd : tensor<1x70000xf32>, tensor<70000x1xf32>) outs(%f : tensor<1x1xf32>) -> tensor<1x1xf32>
  %q = compress.quantize %m {quant = #compress.quant<i8:f32, scale = 0.1>} : tensor<1x1xf32> -> tensor<1x1xi8>
  return %q : tensor<1x1xi8>
}

// Activations that were not quantized (no output quantize) keep the float
// matmul on two dequantized operands: correct, not fused.
// CHECK-LABEL: func.func @no_output_quantize
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x2xf32>, tensor<2x2xf32>)
func.func @no_output_quantize(%a: tensor<1x2xi8>, %init: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1, -2], [2, -4]]> : tensor<2x2xi8>
  %ad = compress.dequantize %a {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<1x2xi8> -> tensor<1x2xf32>
  %wd = compress.dequantize %w {quant = #compress.quant<i8:f32, scale = 0.25>} : tensor<2x2xi8> -> tensor<2x2xf32>
  %m = linalg.matmul ins(%ad, %wd : tensor<1x2xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}

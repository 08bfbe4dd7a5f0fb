// RUN: compress-opt %s --compress-import-quant --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-import-quant --compress-cpu-pipeline | %run-main | FileCheck %s

// Upstream-quantized IR through compress gets rounding and saturation:
// 63.0 with S = 0.5, Z = 3 is 127 (upstream lower-quant-ops truncates and
// wraps it), 1.25 rounds half to even to 2 (+3 = 5), NaN is Z.

func.func private @printMemrefI32(tensor<*xi32>)

func.func @quantize(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>> {
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
}

func.func @main() {
  %x = arith.constant dense<[63.0, 1.25, -1000.0, 0x7FC00000]> : tensor<4xf32>
  %q = call @quantize(%x) : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %s = quant.scast %q : tensor<4x!quant.uniform<i8:f32, 0.5:3>> to tensor<4xi8>
  %e = arith.extsi %s : tensor<4xi8> to tensor<4xi32>
  %u = tensor.cast %e : tensor<4xi32> to tensor<*xi32>
  // CHECK: [127,  5,  -128,  3]
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

// RUN: compress-opt %s --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-cpu-pipeline | %run-main | FileCheck %s

// Executed dequantize / fake_quant / prune, checked against hand-computed
// values.

func.func private @printMemrefF32(tensor<*xf32>)

func.func @dequant_per_axis(%q: tensor<2x2xi8>) -> tensor<2x2xf32> {
  %r = compress.dequantize %q {quant = #compress.quant<i8:f32, axis = 1, scales = [0.5, 0.25], zero_points = [1, -2]>} : tensor<2x2xi8> -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

func.func @dequant_u8(%q: tensor<3xi8>) -> tensor<3xf32> {
  %r = compress.dequantize %q {quant = #compress.quant<u8:f32, scale = 0.5, zero_point = 128>} : tensor<3xi8> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

func.func @dequant_i4_block(%q: tensor<4xi4>) -> tensor<4xf32> {
  %r = compress.dequantize %q {quant = #compress.quant<i4:f32, axis = 0, block = 2, scales = [0.5, 2.0], zero_points = [-1, 0]>} : tensor<4xi4> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

func.func @dequant_packed_i4(%p: tensor<2xi8>) -> tensor<4xf32> {
  %q = compress.unpack %p : tensor<2xi8> -> tensor<4xi4>
  %r = compress.dequantize %q {quant = #compress.quant<i4:f32, scale = 0.5>} : tensor<4xi4> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

func.func @fake_quant(%x: tensor<5xf32>) -> tensor<5xf32> {
  %r = compress.fake_quant %x {quant = #compress.quant<i8:f32, scale = 0.25>} : tensor<5xf32>
  return %r : tensor<5xf32>
}

func.func @prune(%w: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %m = arith.constant dense<[[true, false, false, true], [false, true, true, false]]> : tensor<2x4xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<n:m 2:4, axis = 1>} : tensor<2x4xf32>, tensor<2x4xi1>
  return %p : tensor<2x4xf32>
}

func.func @main() {
  %q = arith.constant dense<[[-128, 127], [0, 5]]> : tensor<2x2xi8>
  %r = call @dequant_per_axis(%q) : (tensor<2x2xi8>) -> tensor<2x2xf32>
  %ru = tensor.cast %r : tensor<2x2xf32> to tensor<*xf32>
  // CHECK:      [-64.5,   32.25]
  // CHECK-NEXT: [-0.5,   1.75]
  call @printMemrefF32(%ru) : (tensor<*xf32>) -> ()

  // 255, 0 and 128 as i8 bit patterns.
  %qu = arith.constant dense<[-1, 0, -128]> : tensor<3xi8>
  %u = call @dequant_u8(%qu) : (tensor<3xi8>) -> tensor<3xf32>
  %uu = tensor.cast %u : tensor<3xf32> to tensor<*xf32>
  // CHECK: [63.5,  -64,  0]
  call @printMemrefF32(%uu) : (tensor<*xf32>) -> ()

  %q4 = arith.constant dense<[-8, 7, -8, 7]> : tensor<4xi4>
  %b = call @dequant_i4_block(%q4) : (tensor<4xi4>) -> tensor<4xf32>
  %bu = tensor.cast %b : tensor<4xf32> to tensor<*xf32>
  // CHECK: [-3.5,  4,  -16,  14]
  call @printMemrefF32(%bu) : (tensor<*xf32>) -> ()

  // Bytes 0x8F and 0x71: nibbles -1, -8, 1, 7.
  %pk = arith.constant dense<[-113, 113]> : tensor<2xi8>
  %pd = call @dequant_packed_i4(%pk) : (tensor<2xi8>) -> tensor<4xf32>
  %pu = tensor.cast %pd : tensor<4xf32> to tensor<*xf32>
  // CHECK: [-0.5,  -4,  0.5,  3.5]
  call @printMemrefF32(%pu) : (tensor<*xf32>) -> ()

  %x = arith.constant dense<[0.3, -0.3, 100.0, 0x7FC00000, 0.375]> : tensor<5xf32>
  %f = call @fake_quant(%x) : (tensor<5xf32>) -> tensor<5xf32>
  %fu = tensor.cast %f : tensor<5xf32> to tensor<*xf32>
  // CHECK: [0.25,  -0.25,  31.75,  0,  0.5]
  call @printMemrefF32(%fu) : (tensor<*xf32>) -> ()

  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>
  %p = call @prune(%w) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %pru = tensor.cast %p : tensor<2x4xf32> to tensor<*xf32>
  // CHECK:      [1,   0,   0,   4]
  // CHECK-NEXT: [0,   6,   7,   0]
  call @printMemrefF32(%pru) : (tensor<*xf32>) -> ()
  return
}

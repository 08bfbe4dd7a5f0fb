// RUN: compress-opt %s --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-cpu-pipeline | %run-main | FileCheck %s

// Executed quantize semantics, every element checked against hand-computed
// values: ties, saturation instead of wrap-around, NaN -> Z, +-Inf, narrow
// range, unsigned storage, per-axis and per-block parameters, i4/u4.

func.func private @printMemrefI32(tensor<*xi32>)

func.func @print_i8(%q: tensor<?xi8>) {
  %e = arith.extsi %q : tensor<?xi8> to tensor<?xi32>
  %u = tensor.cast %e : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

func.func @print_u8(%q: tensor<?xi8>) {
  %e = arith.extui %q : tensor<?xi8> to tensor<?xi32>
  %u = tensor.cast %e : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

// The models take their inputs as arguments so that nothing is folded at
// compile time: these numbers come from the generated code.
func.func @half_even(%x: tensor<12xf32>) -> tensor<12xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>} : tensor<12xf32> -> tensor<12xi8>
  return %q : tensor<12xi8>
}

func.func @half_away(%x: tensor<12xf32>) -> tensor<12xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>, rounding = #compress<rounding half_away>} : tensor<12xf32> -> tensor<12xi8>
  return %q : tensor<12xi8>
}

func.func @narrow(%x: tensor<4xf32>) -> tensor<4xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, range = [-127, 127], scale = 1.0>} : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

func.func @unsigned(%x: tensor<7xf32>) -> tensor<7xi8> {
  %q = compress.quantize %x {quant = #compress.quant<u8:f32, scale = 0.25, zero_point = 128>} : tensor<7xf32> -> tensor<7xi8>
  return %q : tensor<7xi8>
}

func.func @per_block_i4(%x: tensor<4x2xf32>) -> tensor<4x2xi4> {
  %q = compress.quantize %x {quant = #compress.quant<i4:f32, axis = 0, block = 2, scales = [1.0, 1.0, 0.5, 0.5], zero_points = [0, 1, -1, 0]>} : tensor<4x2xf32> -> tensor<4x2xi4>
  return %q : tensor<4x2xi4>
}

func.func @per_axis_u4(%x: tensor<3x2xf32>) -> tensor<3x2xi4> {
  %q = compress.quantize %x {quant = #compress.quant<u4:f32, axis = 1, scales = [0.5, 2.0], zero_points = [8, 0]>} : tensor<3x2xf32> -> tensor<3x2xi4>
  return %q : tensor<3x2xi4>
}

func.func @main() {
  %x = arith.constant dense<[1.25, 0.75, -0.75, -1.25, 63.0, -1000.0, 0x7FC00000, 0x7F800000, 0xFF800000, 0.0, 0.26, -0.26]> : tensor<12xf32>
  %he = call @half_even(%x) : (tensor<12xf32>) -> tensor<12xi8>
  %he_d = tensor.cast %he : tensor<12xi8> to tensor<?xi8>
  // CHECK: [5,  5,  1,  1,  127,  -128,  3,  127,  -128,  3,  4,  2]
  call @print_i8(%he_d) : (tensor<?xi8>) -> ()
  %ha = call @half_away(%x) : (tensor<12xf32>) -> tensor<12xi8>
  %ha_d = tensor.cast %ha : tensor<12xi8> to tensor<?xi8>
  // CHECK: [6,  5,  1,  0,  127,  -128,  3,  127,  -128,  3,  4,  2]
  call @print_i8(%ha_d) : (tensor<?xi8>) -> ()

  %xn = arith.constant dense<[-1000.0, -127.5, 127.5, 1000.0]> : tensor<4xf32>
  %n = call @narrow(%xn) : (tensor<4xf32>) -> tensor<4xi8>
  %n_d = tensor.cast %n : tensor<4xi8> to tensor<?xi8>
  // CHECK: [-127,  -127,  127,  127]
  call @print_i8(%n_d) : (tensor<?xi8>) -> ()

  %xu = arith.constant dense<[-40.0, -32.0, 0.0, 31.75, 40.0, 0.125, 0.375]> : tensor<7xf32>
  %u = call @unsigned(%xu) : (tensor<7xf32>) -> tensor<7xi8>
  %u_d = tensor.cast %u : tensor<7xi8> to tensor<?xi8>
  // CHECK: [0,  0,  128,  255,  255,  128,  130]
  call @print_u8(%u_d) : (tensor<?xi8>) -> ()

  %xb = arith.constant dense<[[1.5, 2.5], [-9.0, 9.0], [1.25, 3.0], [-0.25, 0.75]]> : tensor<4x2xf32>
  %b = call @per_block_i4(%xb) : (tensor<4x2xf32>) -> tensor<4x2xi4>
  %b32 = arith.extsi %b : tensor<4x2xi4> to tensor<4x2xi32>
  %b_u = tensor.cast %b32 : tensor<4x2xi32> to tensor<*xi32>
  // CHECK:      [2,   3]
  // CHECK-NEXT: [-8,   7]
  // CHECK-NEXT: [1,   6]
  // CHECK-NEXT: [-1,   2]
  call @printMemrefI32(%b_u) : (tensor<*xi32>) -> ()

  %xa = arith.constant dense<[[0.0, 0.0], [3.75, 31.0], [-10.0, -1.0]]> : tensor<3x2xf32>
  %a = call @per_axis_u4(%xa) : (tensor<3x2xf32>) -> tensor<3x2xi4>
  %a32 = arith.extui %a : tensor<3x2xi4> to tensor<3x2xi32>
  %a_u = tensor.cast %a32 : tensor<3x2xi32> to tensor<*xi32>
  // CHECK:      [8,   0]
  // CHECK-NEXT: [15,   15]
  // CHECK-NEXT: [0,   0]
  call @printMemrefI32(%a_u) : (tensor<*xi32>) -> ()
  return
}

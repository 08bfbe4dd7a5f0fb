// RUN: compress-opt %s --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-cpu-pipeline | %run-main | FileCheck %s

// f16 and bf16 expressed types, scalars, dynamic shapes and dense_resource
// weights, executed.

func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printI64(i64)
func.func private @printNewline()

func.func @quant_f16(%x: tensor<4xf16>) -> tensor<4xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f16, scale = 0.5, zero_point = -1>} : tensor<4xf16> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

func.func @roundtrip_bf16(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %f = compress.fake_quant %x {quant = #compress.quant<u8:bf16, scale = 0.25, zero_point = 10>} : tensor<4xbf16>
  return %f : tensor<4xbf16>
}

func.func @scalar(%x: f32) -> i8 {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 3>, rounding = #compress<rounding half_away>} : f32 -> i8
  return %q : i8
}

func.func @dynamic(%x: tensor<?x2xf32>) -> tensor<?x2xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 1, scales = [1.0, 0.5]>} : tensor<?x2xf32> -> tensor<?x2xi8>
  return %q : tensor<?x2xi8>
}

func.func @resource_weights() -> tensor<4xi8> {
  %w = arith.constant dense_resource<weights> : tensor<4xf32>
  %q = compress.quantize %w {quant = #compress.quant<i8:f32, scale = 0.5>} : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

func.func @main() {
  %h = arith.constant dense<[1.25, -1.0, 100.0, 0.75]> : tensor<4xf16>
  %qh = call @quant_f16(%h) : (tensor<4xf16>) -> tensor<4xi8>
  %qh32 = arith.extsi %qh : tensor<4xi8> to tensor<4xi32>
  %qhu = tensor.cast %qh32 : tensor<4xi32> to tensor<*xi32>
  // CHECK: [1,  -3,  127,  1]
  call @printMemrefI32(%qhu) : (tensor<*xi32>) -> ()

  %b = arith.constant dense<[1.0, -2.5, 0.3, 100.0]> : tensor<4xbf16>
  %fb = call @roundtrip_bf16(%b) : (tensor<4xbf16>) -> tensor<4xbf16>
  %fb32 = arith.extf %fb : tensor<4xbf16> to tensor<4xf32>
  %fbu = tensor.cast %fb32 : tensor<4xf32> to tensor<*xf32>
  // CHECK: [1,  -2.5,  0.25,  61.25]
  call @printMemrefF32(%fbu) : (tensor<*xf32>) -> ()

  %s = arith.constant 1.25 : f32
  %qs = call @scalar(%s) : (f32) -> i8
  %qs64 = arith.extsi %qs : i8 to i64
  // CHECK: 6
  call @printI64(%qs64) : (i64) -> ()
  call @printNewline() : () -> ()

  %d = arith.constant dense<[[1.5, 1.5], [2.5, -0.75], [-3.5, 0.25]]> : tensor<3x2xf32>
  %dd = tensor.cast %d : tensor<3x2xf32> to tensor<?x2xf32>
  %qd = call @dynamic(%dd) : (tensor<?x2xf32>) -> tensor<?x2xi8>
  %qd32 = arith.extsi %qd : tensor<?x2xi8> to tensor<?x2xi32>
  %qdu = tensor.cast %qd32 : tensor<?x2xi32> to tensor<*xi32>
  // CHECK:      [2,   3]
  // CHECK-NEXT: [2,   -2]
  // CHECK-NEXT: [-4,   0]
  call @printMemrefI32(%qdu) : (tensor<*xi32>) -> ()

  %r = call @resource_weights() : () -> tensor<4xi8>
  %r32 = arith.extsi %r : tensor<4xi8> to tensor<4xi32>
  %ru = tensor.cast %r32 : tensor<4xi32> to tensor<*xi32>
  // CHECK: [2,  4,  6,  8]
  call @printMemrefI32(%ru) : (tensor<*xi32>) -> ()
  return
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

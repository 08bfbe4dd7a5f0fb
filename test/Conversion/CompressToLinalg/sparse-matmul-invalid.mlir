// RUN: compress-opt %s --compress-lower-ops --split-input-file -verify-diagnostics

// Integer tiles known only at run time: the u8 x s8 form needs their
// column sums at compile time.
func.func @runtime_tiles(%a: tensor<2x4xi8>, %v: tensor<1x16x4xi8>, %c: tensor<2x16xi32>) -> tensor<2x16xi32> {
  %i = arith.constant dense<0> : tensor<1xi8>
  %o = arith.constant dense<[0, 1]> : tensor<2xi16>
  // expected-error @+1 {{'compress.sparse_matmul' op cannot be lowered: integer sparse matmuls need i8 activations, constant i8 tiles (or int4 tiles stored packed) and an i32 accumulator; run --compress-sparsify on constant weights instead of writing the tiles by hand}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x4xi8>, tensor<1x16x4xi8>, tensor<1xi8>, tensor<2xi16>, tensor<2x16xi32> -> tensor<2x16xi32>
  return %r : tensor<2x16xi32>
}

// -----

func.func @i16_activations(%a: tensor<2x4xi16>, %c: tensor<2x16xi32>) -> tensor<2x16xi32> {
  %v = arith.constant dense<1> : tensor<1x16x4xi16>
  %i = arith.constant dense<0> : tensor<1xi8>
  %o = arith.constant dense<[0, 1]> : tensor<2xi16>
  // expected-error @+1 {{'compress.sparse_matmul' op cannot be lowered}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x4xi16>, tensor<1x16x4xi16>, tensor<1xi8>, tensor<2xi16>, tensor<2x16xi32> -> tensor<2x16xi32>
  return %r : tensor<2x16xi32>
}

// RUN: compress-opt %s --compress-gpu-int8-mma=stage=kernel -split-input-file -verify-diagnostics

// The kernel stage takes only what the tensor stage tags: a float
// contraction carrying the tag is an error at the op, not a miscompile.
func.func @float_contraction(%a: memref<16x32xf32>, %bt: memref<8x32xf32>, %c: memref<16x8xf32>) {
  // expected-error @+1 {{'linalg.generic' op is tagged 'compress.int8_mma' but is not a static int8 (m, k) x (n, k) -> (m, n) contraction (optionally batched) on buffers; only --compress-gpu-int8-mma's tensor stage should tag ops}}
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %bt : memref<16x32xf32>, memref<8x32xf32>) outs(%c : memref<16x8xf32>) attrs = {compress.int8_mma} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// B not transposed ((k, n) map).
func.func @untransposed(%a: memref<16x32xi8>, %b: memref<32x8xi8>, %c: memref<16x8xi32>) {
  // expected-error @+1 {{is tagged 'compress.int8_mma' but is not a static int8 (m, k) x (n, k) -> (m, n) contraction}}
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<16x32xi8>, memref<32x8xi8>) outs(%c : memref<16x8xi32>) attrs = {compress.int8_mma} {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %x32 = arith.extsi %x : i8 to i32
    %y32 = arith.extsi %y : i8 to i32
    %p = arith.muli %x32, %y32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// Batched, but B not transposed ((b, k, n) map).
func.func @batch_untransposed(%a: memref<2x16x32xi8>, %b: memref<2x32x8xi8>, %c: memref<2x16x8xi32>) {
  // expected-error @+1 {{is tagged 'compress.int8_mma' but is not a static int8 (m, k) x (n, k) -> (m, n) contraction (optionally batched)}}
  linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : memref<2x16x32xi8>, memref<2x32x8xi8>) outs(%c : memref<2x16x8xi32>) attrs = {compress.int8_mma} {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %x32 = arith.extsi %x : i8 to i32
    %y32 = arith.extsi %y : i8 to i32
    %p = arith.muli %x32, %y32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// RUN: compress-opt %s --compress-sparsify="storage=always block=4x16" --split-input-file | FileCheck %s --check-prefix=BSR
// RUN: compress-opt %s --compress-sparsify="storage=always block=1x1" --split-input-file | FileCheck %s --check-prefix=CSR
// RUN: compress-opt %s --compress-sparsify --split-input-file | FileCheck %s --check-prefix=AUTO
// RUN: compress-opt %s --compress-sparsify="storage=never" --split-input-file | FileCheck %s --check-prefix=NEVER
// RUN: compress-opt %s --compress-sparsify="storage=smallest" --split-input-file | FileCheck %s --check-prefix=SMALL

// Four non-zeros: W[0][0] = 1, W[1][1] = 2, W[3][15] = -3 (row block 0,
// block column 0) and W[7][31] = 127 (row block 1, block column 1).
// 4x16 tiles: tile 0 = block (0, 0), tile 1 = block (1, 1); values are
// stored column-major inside a tile (values[t][c][r]).
// BSR-LABEL: func.func @gemv
// BSR-DAG:   %[[V:.*]] = arith.constant dense<"0x0100000000020000{{0+}}FD{{0+}}7F"> : tensor<2x16x4xi8>
// BSR-DAG:   %[[I:.*]] = arith.constant dense<[0, 1]> : tensor<2xi8>
// BSR-DAG:   %[[O:.*]] = arith.constant dense<[0, 1, 2]> : tensor<3xi8>
// BSR:       %[[R:.*]] = compress.sparse_matmul %arg0, %[[V]], %[[I]], %[[O]], %{{.*}} {block = array<i64: 4, 16>} : tensor<1x8xi8>, tensor<2x16x4xi8>, tensor<2xi8>, tensor<3xi8>, tensor<1x32xi32> -> tensor<1x32xi32>
// BSR-NOT:   linalg.matmul
// BSR:       return %[[R]]

// 1x1 tiles (CSR of W^T): one tile per non-zero, by output column.
// CSR-LABEL: func.func @gemv
// CSR-DAG:   arith.constant dense<{{\[\[\[}}1]], {{\[\[}}2]], {{\[\[}}-3]], {{\[\[}}127]]]> : tensor<4x1x1xi8>
// CSR-DAG:   arith.constant dense<[0, 1, 3, 7]> : tensor<4xi8>
// CSR-DAG:   arith.constant dense<[0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4]> : tensor<33xi8>
// CSR:       compress.sparse_matmul {{.*}} {block = array<i64: 1, 1>}

// One row (GEMV): 4x16 tiles cost 0.33 of the dense kernel per stored
// element and 2 of 8 tiles (128 of 256 elements) are stored: predicted
// 0.165 of dense; 1x1 tiles predict 4 / 256 * 5.0 = 0.078 and win.
// AUTO-LABEL: func.func @gemv
// AUTO:       compress.sparse_matmul {{.*}} {block = array<i64: 1, 1>}
// Fewest bytes (i8 indices and offsets): 4x16 tiles 2 * 64 + 2 + 3 = 133,
// 1x1 tiles 4 + 4 + 33 = 41, dense 256.
// SMALL-LABEL: func.func @gemv
// SMALL:       compress.sparse_matmul {{.*}} {block = array<i64: 1, 1>}
// NEVER-LABEL: func.func @gemv
// NEVER:       linalg.matmul
// NEVER-NOT:   compress.sparse_matmul
func.func @gemv(%a: tensor<1x8xi8>) -> tensor<1x32xi32> {
  %w = arith.constant dense<[
    [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
    [0,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
    [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
    [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,-3, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
    [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
    [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
    [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
    [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,127]]> : tensor<8x32xi8>
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x32xi32>
  %i = linalg.fill ins(%c0 : i32) outs(%e : tensor<1x32xi32>) -> tensor<1x32xi32>
  %r = linalg.matmul ins(%a, %w : tensor<1x8xi8>, tensor<8x32xi8>) outs(%i : tensor<1x32xi32>) -> tensor<1x32xi32>
  return %r : tensor<1x32xi32>
}

// -----

// Eight rows, dense weights: every tile stored; with 8+ rows the 4x16 tile
// costs 1.16 of the dense kernel per element, so the rule keeps it dense.
// AUTO-LABEL: func.func @batch_dense
// AUTO:       linalg.matmul
// AUTO-NOT:   compress.sparse_matmul
// Never bigger than dense: 64 + 1 + 2 bytes against 64.
// SMALL-LABEL: func.func @batch_dense
// SMALL:       linalg.matmul
// SMALL-NOT:   compress.sparse_matmul
// BSR-LABEL:  func.func @batch_dense
// BSR:        compress.sparse_matmul {{.*}} : tensor<8x4xi8>, tensor<1x16x4xi8>, tensor<1xi8>, tensor<2xi8>, tensor<8x16xi32> -> tensor<8x16xi32>
func.func @batch_dense(%a: tensor<8x4xi8>) -> tensor<8x16xi32> {
  %w = arith.constant dense<3> : tensor<4x16xi8>
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<8x16xi32>
  %i = linalg.fill ins(%c0 : i32) outs(%e : tensor<8x16xi32>) -> tensor<8x16xi32>
  %r = linalg.matmul ins(%a, %w : tensor<8x4xi8>, tensor<4x16xi8>) outs(%i : tensor<8x16xi32>) -> tensor<8x16xi32>
  return %r : tensor<8x16xi32>
}

// -----

// f32 weights behind a constant mask: read through compress.prune; the
// rule has no f32 calibration and leaves them dense, a forced shape stores
// the kept values.
// AUTO-LABEL: func.func @masked_f32
// AUTO:       compress.prune
// AUTO:       linalg.matmul
// CSR-LABEL:  func.func @masked_f32
// CSR-DAG:    arith.constant dense<{{\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}-4.000000e+00]]]> : tensor<3x1x1xf32>
// CSR-DAG:    arith.constant dense<[1, 0, 1]> : tensor<3xi8>
// CSR-DAG:    arith.constant dense<[0, 1, 3]> : tensor<3xi8>
// CSR:        compress.sparse_matmul {{.*}} : tensor<4x2xf32>, tensor<3x1x1xf32>, tensor<3xi8>, tensor<3xi8>, tensor<4x2xf32> -> tensor<4x2xf32>
func.func @masked_f32(%a: tensor<4x2xf32>, %init: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[1.0, 3.0], [2.0, -4.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<[[false, true], [true, true]]> : tensor<2x2xi1>
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<2x2xf32>, tensor<2x2xi1>
  %r = linalg.matmul ins(%a, %p : tensor<4x2xf32>, tensor<2x2xf32>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="sparsity=0.5" | FileCheck %s --check-prefix=LAYER
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="sparsity=0.5 scope=global" | FileCheck %s --check-prefix=GLOBAL
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="structure=n:m n=2 m=4" | FileCheck %s --check-prefix=NM
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="structure=block block=2x2 sparsity=0.5" | FileCheck %s --check-prefix=BLOCK
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="structure=channel sparsity=0.5 exclude=1" | FileCheck %s --check-prefix=CHANNEL
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="sparsity=0.5" --compress-prune="sparsity=0.5" | FileCheck %s --check-prefix=ITER

// Per layer: the 8 smallest |w| of each 4x4 weight go (|2| at index 4 and
// |-2| at index 11 tie: the lower index goes first); the bias constant is
// untouched.
// LAYER-LABEL: func.func @net
// LAYER-DAG:   %[[M0:.*]] = arith.constant dense<{{\[}}[false, true, true, false], [false, true, false, true], [true, false, true, true], [false, false, true, false]]> : tensor<4x4xi1>
// LAYER-DAG:   %[[P0:.*]] = compress.prune %{{.*}}, %[[M0]] {sparsity = #compress.sparsity<unstructured>} : tensor<4x4xf32>, tensor<4x4xi1>
// LAYER-DAG:   %[[M1:.*]] = arith.constant dense<{{\[}}[false, false, false, true], [true, true, false, false], [true, false, false, true], [false, true, true, true]]> : tensor<4x4xi1>
// LAYER-DAG:   arith.constant dense<[0.00999999977, 2.000000e-02, 3.000000e-02, 4.000000e-02]> : tensor<4xf32>
// LAYER:       linalg.matmul ins(%{{.*}}, %[[P0]] :

// Global: one threshold over both layers (16 of 32 weights): the small
// weights of the second layer go first.
// GLOBAL-DAG: arith.constant dense<{{\[}}[true, true, true, false], [true, true, false, true], [true, false, true, true], [false, false, true, true]]> : tensor<4x4xi1>
// GLOBAL-DAG: arith.constant dense<{{\[}}[false, false, false, true], [true, true, false, false], [true, false, false, false], [false, true, false, false]]> : tensor<4x4xi1>

// 2:4 along the reduction dimension (axis 0 of a [K, N] weight): in every
// column, each group of 4 rows keeps its 2 largest.
// NM: arith.constant dense<{{\[}}[false, true, false, false], [true, true, false, true], [true, false, true, true], [false, false, true, false]]> : tensor<4x4xi1>
// NM: compress.prune %{{.*}}, %{{.*}} {sparsity = #compress.sparsity<n:m 2:4, axis = 0>}

// 2x2 blocks ranked by L2 norm: two of four blocks stay.
// BLOCK: arith.constant dense<{{\[}}[true, true, false, false], [true, true, false, false], [false, false, true, true], [false, false, true, true]]> : tensor<4x4xi1>
// BLOCK: compress.prune %{{.*}}, %{{.*}} {sparsity = #compress.sparsity<block 2x2>}

// Output channels (columns) by L2 norm; layer 1 excluded stays dense.
// CHANNEL: arith.constant dense<{{\[}}[false, true, true, false], [false, true, true, false], [false, true, true, false], [false, true, true, false]]> : tensor<4x4xi1>
// CHANNEL: compress.prune %{{.*}}, %{{.*}} {sparsity = #compress.sparsity<channel, axis = 1>}
// CHANNEL-NOT: compress.prune

// Iterative: the second run prunes half of the remaining 8 (4 kept), on
// the same compress.prune op.
// ITER:         %[[M:.*]] = arith.constant dense<{{\[}}[false, true, false, false], [false, true, false, true], [false, false, false, false], [false, false, true, false]]>
// ITER:         compress.prune %{{.*}}, %[[M]]
// ITER:         compress.prune
// ITER-NOT:     compress.prune

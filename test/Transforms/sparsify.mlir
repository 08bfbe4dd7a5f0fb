// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="structure=channel sparsity=0.5 exclude=1" --compress-sparsify --canonicalize | FileCheck %s
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="sparsity=0.5" --compress-sparsify | FileCheck %s --check-prefix=UNSTRUCTURED

// Layer 0 keeps output channels 1 and 2 (columns of W0 with the largest L2
// norms): a 4x2 weight, a 2-wide bias, layer 1 keeps rows 1 and 2 of W1.
// The pruned channels' biases (0.01, 0.04) times W1's rows 0 and 3 start
// layer 1's accumulator.
// CHECK-LABEL: func.func @net
// CHECK-DAG:     %[[INIT:.*]] = arith.constant dense<[0.00699999975, 1.610000e-01, -0.0389999971, 5.200000e-02]> : tensor<4xf32>
// CHECK-DAG:     %[[W1:.*]] = arith.constant dense<{{\[}}[1.000000e+00, -1.000000e+00, 2.000000e-01, 2.000000e-01], [3.000000e+00, 4.000000e-01, 6.000000e-01, -0.699999988]]> : tensor<2x4xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[2.000000e-02, 3.000000e-02]> : tensor<2xf32>
// CHECK-DAG:     %[[W0:.*]] = arith.constant dense<{{\[}}[-8.000000e+00, 3.000000e+00], [7.000000e+00, -2.500000e-01], [1.000000e-01, 5.000000e+00], [-2.000000e-01, 9.000000e+00]]> : tensor<4x2xf32>
// CHECK:         %[[H:.*]] = linalg.matmul ins(%arg0, %[[W0]] : tensor<1x4xf32>, tensor<4x2xf32>)
// CHECK:         %[[A:.*]] = linalg.generic {{.*}} ins(%[[H]], %[[B]] : tensor<1x2xf32>, tensor<2xf32>)
// CHECK:         %[[I:.*]] = linalg.broadcast ins(%[[INIT]] : tensor<4xf32>)
// CHECK:         linalg.matmul ins(%[[A]], %[[W1]] : tensor<1x2xf32>, tensor<2x4xf32>) outs(%[[I]] : tensor<1x4xf32>)
// CHECK-NOT:     compress.prune

// Unstructured masks are left as they are.
// UNSTRUCTURED-COUNT-2: compress.prune

// RUN: compress-opt %s --compress-lower-ops --split-input-file | FileCheck %s

// int8 x int8 -> i32, constant tiles and a constant accumulator: A is read
// as u8 (xor 0x80) and the accumulator starts 128 * (column sums of W)
// lower, folded into its constant: init 5; column 0 sums 1, column 1 sums
// 2, column 15 sums -3, column 31 sums 127. Row tile 8 (M = 8), one
// vector.contract per stored 4x16 tile, in a loop bounded by the offsets.
// CHECK-LABEL: func.func @int8_tiles
// CHECK:       %[[FLIP:.*]] = linalg.generic
// CHECK:         arith.xori %{{.*}}, %c-128_i8 : i8
// CHECK:       %[[SHIFT:.*]] = arith.constant dense<[-123, -251, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 389, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, -16251]> : tensor<32xi32>
// CHECK:       %[[INIT:.*]] = linalg.broadcast ins(%[[SHIFT]] : tensor<32xi32>)
// CHECK:       %[[A3:.*]] = tensor.expand_shape %[[FLIP]] {{\[\[}}0], [1, 2]] output_shape [8, 2, 4] : tensor<8x8xi8> into tensor<8x2x4xi8>
// CHECK:       scf.for %[[M0:.*]] = %c0 to %c8 step %c8{{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (tensor<8x32xi32>)
// CHECK:         scf.for %[[J:.*]] = %c0 to %c2 step %c1 iter_args(%[[C:.*]] = %{{.*}}) -> (tensor<8x32xi32>)
// CHECK:           %[[ACC:.*]] = vector.transfer_read %[[C]][%[[M0]], %{{.*}}], %{{.*}} {in_bounds = [true, true]} : tensor<8x32xi32>, vector<8x16xi32>
// CHECK:           tensor.extract %{{.*}}[%[[J]]] : tensor<3xi32>
// CHECK:           scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[V:.*]] = %[[ACC]]) -> (vector<8x16xi32>)
// CHECK:             %[[KB:.*]] = arith.index_castui %{{.*}} : i16 to index
// CHECK:             %[[AT:.*]] = vector.transfer_read %[[A3]][%[[M0]], %[[KB]], %{{.*}}], %{{.*}} : tensor<8x2x4xi8>, vector<8x1x4xi8>
// CHECK:             %[[WT:.*]] = vector.transfer_read %{{.*}}[%[[T]], %{{.*}}, %{{.*}}], %{{.*}} : tensor<2x16x4xi8>, vector<1x16x4xi8>
// CHECK:             %[[AX:.*]] = arith.extui %[[AT]] : vector<8x1x4xi8> to vector<8x1x4xi32>
// CHECK:             %[[WX:.*]] = arith.extsi %[[WT]] : vector<1x16x4xi8> to vector<1x16x4xi32>
// CHECK:             %[[S:.*]] = vector.contract {{.*}}iterator_types = ["parallel", "parallel", "reduction", "reduction"], kind = #vector.kind<add>} %[[AX]], %[[WX]], %[[V]] : vector<8x1x4xi32>, vector<1x16x4xi32> into vector<8x16xi32>
// CHECK:             scf.yield %[[S]] : vector<8x16xi32>
// CHECK:           vector.transfer_write %{{.*}}, %[[C]][%[[M0]], %{{.*}}] {in_bounds = [true, true]} : vector<8x16xi32>, tensor<8x32xi32>
// CHECK-NOT:   compress.
func.func @int8_tiles(%a: tensor<8x8xi8>) -> tensor<8x32xi32> {
  %v = arith.constant dense<"0x010000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000FD0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007F"> : tensor<2x16x4xi8>
  %i = arith.constant dense<[0, 1]> : tensor<2xi16>
  %o = arith.constant dense<[0, 1, 2]> : tensor<3xi32>
  %c5 = arith.constant 5 : i32
  %e = tensor.empty() : tensor<8x32xi32>
  %init = linalg.fill ins(%c5 : i32) outs(%e : tensor<8x32xi32>) -> tensor<8x32xi32>
  %r = compress.sparse_matmul %a, %v, %i, %o, %init {block = array<i64: 4, 16>} : tensor<8x8xi8>, tensor<2x16x4xi8>, tensor<2xi16>, tensor<3xi32>, tensor<8x32xi32> -> tensor<8x32xi32>
  return %r : tensor<8x32xi32>
}

// -----

// A run-time accumulator: the 128 * column-sum correction is a subtraction
// at run time.
// CHECK-LABEL: func.func @int8_runtime_init
// CHECK:       linalg.generic
// CHECK:         arith.xori
// CHECK:       linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<3x16xi32>, tensor<16xi32>)
// CHECK:         arith.subi
// CHECK:       scf.for {{.*}} step %c1
// CHECK:         vector.contract {{.*}} : vector<1x1x4xi32>, vector<1x16x4xi32> into vector<1x16xi32>
func.func @int8_runtime_init(%a: tensor<3x4xi8>, %init: tensor<3x16xi32>) -> tensor<3x16xi32> {
  %v = arith.constant dense<1> : tensor<1x16x4xi8>
  %i = arith.constant dense<[0]> : tensor<1xi16>
  %o = arith.constant dense<[0, 1]> : tensor<2xi32>
  %r = compress.sparse_matmul %a, %v, %i, %o, %init {block = array<i64: 4, 16>} : tensor<3x4xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<2xi32>, tensor<3x16xi32> -> tensor<3x16xi32>
  return %r : tensor<3x16xi32>
}

// -----

// f32 and a dynamic row count: no u8 form, rows one at a time up to
// tensor.dim, the contraction on f32 directly.
// CHECK-LABEL: func.func @f32_dynamic
// CHECK-NOT:   arith.xori
// CHECK:       %[[ROWS:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x4xf32>
// CHECK:       scf.for %{{.*}} = %{{.*}} to %[[ROWS]] step %{{.*}}
// CHECK:         vector.contract {{.*}} : vector<1x1x1xf32>, vector<1x1x1xf32> into vector<1x1xf32>
func.func @f32_dynamic(%a: tensor<?x4xf32>, %v: tensor<2x1x1xf32>, %i: tensor<2xi32>, %o: tensor<3xi32>, %c: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 1, 1>} : tensor<?x4xf32>, tensor<2x1x1xf32>, tensor<2xi32>, tensor<3xi32>, tensor<?x2xf32> -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// CSR (1x1 tiles) with 8 rows: the column form on A^T and C^T, one scalar
// weight times 8 contiguous activations per stored element.
// CHECK-LABEL: func.func @csr_rows
// CHECK:       %[[AT:.*]] = linalg.transpose ins(%{{.*}} : tensor<8x4xi8>) outs(%{{.*}} : tensor<4x8xi8>) permutation = [1, 0]
// CHECK:       %[[CT:.*]] = linalg.transpose ins(%{{.*}} : tensor<8x2xi32>) outs(%{{.*}} : tensor<2x8xi32>) permutation = [1, 0]
// CHECK:       scf.for %[[J:.*]] = %{{.*}} iter_args(%{{.*}} = %[[CT]]) -> (tensor<2x8xi32>)
// CHECK:         scf.for %[[M0:.*]] = %{{.*}} step %c8
// CHECK:           scf.for %[[T:[a-z0-9]+]] = {{.*}} -> (vector<8xi32>)
// CHECK:             %[[AV:.*]] = vector.transfer_read %[[AT]][%{{.*}}, %[[M0]]], %{{.*}} {in_bounds = [true]} : tensor<4x8xi8>, vector<8xi8>
// CHECK:             %[[W:.*]] = tensor.extract %{{.*}}[%[[T]], %{{.*}}, %{{.*}}] : tensor<3x1x1xi8>
// CHECK:             %[[WX:.*]] = arith.extsi %[[W]] : i8 to i32
// CHECK:             %[[WV:.*]] = vector.broadcast %[[WX]] : i32 to vector<8xi32>
// CHECK:             %[[AX:.*]] = arith.extui %[[AV]] : vector<8xi8> to vector<8xi32>
// CHECK:             %[[P:.*]] = arith.muli %[[AX]], %[[WV]] : vector<8xi32>
// CHECK:             arith.addi %{{.*}}, %[[P]] : vector<8xi32>
// CHECK:       linalg.transpose ins(%{{.*}} : tensor<2x8xi32>) outs(%{{.*}} : tensor<8x2xi32>) permutation = [1, 0]
func.func @csr_rows(%a: tensor<8x4xi8>) -> tensor<8x2xi32> {
  %v = arith.constant dense<[[[3]], [[-1]], [[7]]]> : tensor<3x1x1xi8>
  %i = arith.constant dense<[0, 2, 3]> : tensor<3xi8>
  %o = arith.constant dense<[0, 1, 3]> : tensor<3xi16>
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<8x2xi32>
  %init = linalg.fill ins(%z : i32) outs(%e : tensor<8x2xi32>) -> tensor<8x2xi32>
  %r = compress.sparse_matmul %a, %v, %i, %o, %init {block = array<i64: 1, 1>} : tensor<8x4xi8>, tensor<3x1x1xi8>, tensor<3xi8>, tensor<3xi16>, tensor<8x2xi32> -> tensor<8x2xi32>
  return %r : tensor<8x2xi32>
}

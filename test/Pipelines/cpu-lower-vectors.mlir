// RUN: compress-opt %s --compress-cpu-lower-vectors | FileCheck %s

// A register tile of a many-loop contraction (per-block partial sums: loops
// m, n, kb, kk, kb tiled by 1) has unit loops; without them it is a
// matmul-like contraction that lowers to outer products (one per k).
#a = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
#b = affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>
#c = affine_map<(d0, d1, d2, d3) -> (d0, d2, d1)>
// CHECK-LABEL: func.func @unit_block
// CHECK-NOT:     vector.contract
// CHECK-COUNT-4: vector.outerproduct {{.*}} : vector<2xi32>, vector<8xi32>
// CHECK-NOT:     vector.contract
// CHECK:         return
func.func @unit_block(%a: vector<2x1x4xi32>, %b: vector<1x4x8xi32>, %acc: vector<2x1x8xi32>) -> vector<2x1x8xi32> {
  %r = vector.contract {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<2x1x4xi32>, vector<1x4x8xi32> into vector<2x1x8xi32>
  return %r : vector<2x1x8xi32>
}

// A transpose that only moves unit dimensions, feeding a contraction (the
// per-block combination of a 1-row, 1-column tile): lowered once. (With
// canonicalization in the same rewrite set, LLVM 22's shape-cast and
// transpose lowerings re-formed it forever.)
#l = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#r = affine_map<(d0, d1, d2) -> (d2, d1)>
#o = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @unit_transpose
// CHECK-NOT:     vector.transpose
// CHECK-NOT:     vector.contract
// CHECK:         return
func.func @unit_transpose(%p: vector<1x2x1xi32>, %s: vector<2x1xf32>, %acc: vector<1x1xf32>) -> vector<1x1xf32> {
  %t = vector.transpose %p, [0, 2, 1] : vector<1x2x1xi32> to vector<1x1x2xi32>
  %f = arith.sitofp %t : vector<1x1x2xi32> to vector<1x1x2xf32>
  %r = vector.contract {indexing_maps = [#l, #r, #o], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %f, %s, %acc : vector<1x1x2xf32>, vector<2x1xf32> into vector<1x1xf32>
  return %r : vector<1x1xf32>
}

// A contraction whose only reduction loop is a unit (the combination of one
// block's partial sums, loops m, n, block with the block tiled by 1):
// without its unit loops nothing is left to reduce, so it becomes an
// element-wise multiply-add, the scales broadcast along the rows. (The
// contraction lowerings of LLVM 22 produced an invalid vector.contract with
// a scalar operand from it.)
#pm = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#sm = affine_map<(d0, d1, d2) -> (d2, d1)>
#om = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @unit_reduction
// CHECK-SAME:    (%[[P:.*]]: vector<8x1x32xf32>, %[[S:.*]]: vector<1x32xf32>, %[[ACC:.*]]: vector<8x32xf32>)
// CHECK-NOT:     vector.contract
// CHECK-NOT:     vector.extract {{.*}} : f32 from
// CHECK:         %[[ROWS:.*]] = arith.mulf %{{.*}}, %{{.*}} : vector<8x32xf32>
// CHECK:         arith.addf %[[ACC]], %[[ROWS]] : vector<8x32xf32>
// CHECK-NOT:     vector.contract
// CHECK:         return
func.func @unit_reduction(%p: vector<8x1x32xf32>, %s: vector<1x32xf32>, %acc: vector<8x32xf32>) -> vector<8x32xf32> {
  %t = vector.transpose %p, [0, 2, 1] : vector<8x1x32xf32> to vector<8x32x1xf32>
  %r = vector.contract {indexing_maps = [#pm, #sm, #om], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %t, %s, %acc : vector<8x32x1xf32>, vector<1x32xf32> into vector<8x32xf32>
  return %r : vector<8x32xf32>
}

// --compress-gpu-int8-mma=stage=emulate-lanes on one 16x32 @ 32x8 warp
// contraction: after upstream's vector-to-nvgpu conversion the 32 lanes
// run one after another (a loop index in place of gpu.lane_id) and
// ldmatrix / mma.sync become what PTX says a lane receives. Executed by
// test/Integration/GPU/int8-mma.mlir; this checks the emulation's shape.
// RUN: compress-opt %s --compress-gpu-int8-mma \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-int8-mma=stage=emulate-lanes --canonicalize --cse | FileCheck %s

// Lane l holds C[l/4][2(l%4) + e] and C[l/4 + 8][2(l%4) + e]; A / Bt
// fragment register r of lane j lands at row j/4 (+ 8 for odd r of A),
// column 4(j%4) (+ 16 for the upper registers).
// CHECK-DAG: #[[GROUP:.*]] = affine_map<()[s0] -> (s0 floordiv 4)>
// CHECK-DAG: #[[GROUP8:.*]] = affine_map<()[s0] -> (s0 floordiv 4 + 8)>
// CHECK-DAG: #[[CCOL:.*]] = affine_map<()[s0] -> (s0 * 2 - (s0 floordiv 4) * 8)>
// CHECK-DAG: #[[CCOL1:.*]] = affine_map<()[s0] -> (s0 * 2 - (s0 floordiv 4) * 8 + 1)>
// CHECK-DAG: #[[KCOL:.*]] = affine_map<()[s0] -> (s0 * 4 - (s0 floordiv 4) * 16)>
// CHECK-DAG: #[[KCOL16:.*]] = affine_map<()[s0] -> (s0 * 4 - (s0 floordiv 4) * 16 + 16)>
// CHECK-LABEL: func.func @mm
// CHECK-NOT:     gpu.lane_id
// CHECK-NOT:     nvgpu.
// CHECK:         %[[SA:.*]] = memref.alloca() : memref<16x32xi8>
// CHECK:         %[[SB:.*]] = memref.alloca() : memref<8x32xi8>
// The workgroup stages became plain buffers.
// CHECK:         memref.alloca() : memref<2x16x48xi8>
// CHECK:         memref.alloca() : memref<2x8x48xi8>
// CHECK:         scf.for %[[L:.*]] = %c0 to %c32 step %c1 {
// CHECK-NEXT:      %[[R:.*]] = affine.apply #[[GROUP]]()[%[[L]]]
// CHECK-NEXT:      %[[C:.*]] = affine.apply #[[CCOL]]()[%[[L]]]
// CHECK-NEXT:      vector.load %arg2[%[[R]], %[[C]]] : memref<16x8xi32>, vector<2xi32>
// CHECK-NEXT:      %[[R8:.*]] = affine.apply #[[GROUP8]]()[%[[L]]]
// CHECK-NEXT:      vector.load %arg2[%[[R8]], %[[C]]] : memref<16x8xi32>, vector<2xi32>
// Every lane's A and Bt fragments, assembled into the scratch tiles.
// CHECK:           scf.for %[[J:.*]] = %c0 to %c32 step %c1 {
// CHECK-COUNT-6:     vector.load %{{.*}} : memref<2x{{(16|8)}}x48xi8>, vector<4xi8>
// CHECK:             %[[JR:.*]] = affine.apply #[[GROUP]]()[%[[J]]]
// CHECK-NEXT:        %[[JC:.*]] = affine.apply #[[KCOL]]()[%[[J]]]
// CHECK-NEXT:        vector.store %{{.*}}, %[[SA]][%[[JR]], %[[JC]]]
// CHECK-NEXT:        %[[JR8:.*]] = affine.apply #[[GROUP8]]()[%[[J]]]
// CHECK-NEXT:        vector.store %{{.*}}, %[[SA]][%[[JR8]], %[[JC]]]
// CHECK-NEXT:        %[[JC16:.*]] = affine.apply #[[KCOL16]]()[%[[J]]]
// CHECK-NEXT:        vector.store %{{.*}}, %[[SA]][%[[JR]], %[[JC16]]]
// CHECK-NEXT:        vector.store %{{.*}}, %[[SA]][%[[JR8]], %[[JC16]]]
// CHECK-NEXT:        vector.store %{{.*}}, %[[SB]][%[[JR]], %[[JC]]]
// CHECK-NEXT:        vector.store %{{.*}}, %[[SB]][%[[JR]], %[[JC16]]]
// This lane's four sums over K = 32.
// CHECK:           %[[D0:.*]] = scf.for %[[K:.*]] = %c0 to %c32 step %c1 iter_args
// CHECK-NEXT:        memref.load %[[SA]][%[[R]], %[[K]]]
// CHECK:             memref.load %[[SB]][%[[C]], %[[K]]]
// CHECK:           %[[C1:.*]] = affine.apply #[[CCOL1]]()[%[[L]]]
// CHECK-NEXT:      %[[D1:.*]] = scf.for
// CHECK:             memref.load %[[SB]][%[[C1]],
// CHECK:           %[[D2:.*]] = scf.for
// CHECK:             memref.load %[[SA]][%[[R8]],
// CHECK:           %[[D3:.*]] = scf.for
// CHECK:           %[[LOW:.*]] = vector.from_elements %[[D0]], %[[D1]] : vector<2xi32>
// CHECK-NEXT:      vector.store %[[LOW]], %arg2[%[[R]], %[[C]]]
// CHECK-NEXT:      %[[HIGH:.*]] = vector.from_elements %[[D2]], %[[D3]] : vector<2xi32>
// CHECK-NEXT:      vector.store %[[HIGH]], %arg2[%[[R8]], %[[C]]]
func.func @mm(%a: tensor<16x32xi8>, %b: tensor<32x8xi8>, %c: tensor<16x8xi32>) -> tensor<16x8xi32> {
  %r = linalg.matmul ins(%a, %b : tensor<16x32xi8>, tensor<32x8xi8>) outs(%c : tensor<16x8xi32>) -> tensor<16x8xi32>
  return %r : tensor<16x8xi32>
}

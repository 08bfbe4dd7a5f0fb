// RUN: compress-opt %s --compress-cpu-elementwise-fusion | FileCheck %s
// RUN: compress-opt %s --compress-cpu-elementwise-fusion=max-recompute=0 | FileCheck %s --check-prefix=ALL
// RUN: not compress-opt %s --compress-cpu-elementwise-fusion=max-recompute=-1 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: compress-cpu-elementwise-fusion: max-recompute=-1 is negative; use 0 for no limit or a positive count

// An activation quantization read by a contraction through (m, k): fused,
// it would run once per output column. It stays a generic of its own (32
// columns: more than max-recompute; 8 columns: a producer of 32 elements is
// never worth recomputing); a large weight dequantization read by 4 rows
// is fused (recomputing it 4 times beats writing 512 KiB of floats);
// max-recompute=0 fuses everything (upstream's behaviour).
#q = affine_map<(d0, d1) -> (d0, d1)>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>

// CHECK-LABEL: func.func @wide
// CHECK:         %[[Q:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4x8xf32>) outs(%{{.*}} : tensor<4x8xi8>)
// CHECK:           math.roundeven
// CHECK:         linalg.generic {{.*}} ins(%[[Q]], %{{.*}} : tensor<4x8xi8>, tensor<8x32xi8>)
// CHECK-NOT:       math.roundeven
// CHECK:         return
// ALL-LABEL: func.func @wide
// ALL:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x32xi8>)
// ALL:           math.roundeven
// ALL-NOT:     linalg.generic
// ALL:         return
func.func @wide(%x: tensor<4x8xf32>, %w: tensor<8x32xi8>, %acc: tensor<4x32xi32>) -> tensor<4x32xi32> {
  %e = tensor.empty() : tensor<4x8xi8>
  %q = linalg.generic {indexing_maps = [#q, #q], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xi8>) {
  ^bb0(%in: f32, %out: i8):
    %r = math.roundeven %in : f32
    %i = arith.fptosi %r : f32 to i8
    linalg.yield %i : i8
  } -> tensor<4x8xi8>
  %y = linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%q, %w : tensor<4x8xi8>, tensor<8x32xi8>) outs(%acc : tensor<4x32xi32>) {
  ^bb0(%l: i8, %r: i8, %o: i32):
    %l32 = arith.extsi %l : i8 to i32
    %r32 = arith.extsi %r : i8 to i32
    %p = arith.muli %l32, %r32 : i32
    %s = arith.addi %o, %p : i32
    linalg.yield %s : i32
  } -> tensor<4x32xi32>
  return %y : tensor<4x32xi32>
}

// CHECK-LABEL: func.func @narrow
// CHECK:         %[[Q:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4x8xf32>) outs(%{{.*}} : tensor<4x8xi8>)
// CHECK:         linalg.generic {{.*}} ins(%[[Q]], %{{.*}} : tensor<4x8xi8>, tensor<8x8xi8>)
// CHECK:         return
// ALL-LABEL: func.func @narrow
// ALL:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x8xi8>)
// ALL-NOT:     linalg.generic
// ALL:         return
func.func @narrow(%x: tensor<4x8xf32>, %w: tensor<8x8xi8>, %acc: tensor<4x8xi32>) -> tensor<4x8xi32> {
  %e = tensor.empty() : tensor<4x8xi8>
  %q = linalg.generic {indexing_maps = [#q, #q], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xi8>) {
  ^bb0(%in: f32, %out: i8):
    %r = math.roundeven %in : f32
    %i = arith.fptosi %r : f32 to i8
    linalg.yield %i : i8
  } -> tensor<4x8xi8>
  %y = linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%q, %w : tensor<4x8xi8>, tensor<8x8xi8>) outs(%acc : tensor<4x8xi32>) {
  ^bb0(%l: i8, %r: i8, %o: i32):
    %l32 = arith.extsi %l : i8 to i32
    %r32 = arith.extsi %r : i8 to i32
    %p = arith.muli %l32, %r32 : i32
    %s = arith.addi %o, %p : i32
    linalg.yield %s : i32
  } -> tensor<4x8xi32>
  return %y : tensor<4x8xi32>
}

// CHECK-LABEL: func.func @big_weights
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x512xf32>, tensor<512x256xi8>)
// CHECK:           arith.sitofp
// CHECK-NOT:     linalg.generic
// CHECK:         return
func.func @big_weights(%x: tensor<4x512xf32>, %w: tensor<512x256xi8>, %acc: tensor<4x256xf32>) -> tensor<4x256xf32> {
  %e = tensor.empty() : tensor<512x256xf32>
  %d = linalg.generic {indexing_maps = [#q, #q], iterator_types = ["parallel", "parallel"]}
      ins(%w : tensor<512x256xi8>) outs(%e : tensor<512x256xf32>) {
  ^bb0(%in: i8, %out: f32):
    %f = arith.sitofp %in : i8 to f32
    %s = arith.constant 0.5 : f32
    %m = arith.mulf %f, %s : f32
    linalg.yield %m : f32
  } -> tensor<512x256xf32>
  %y = linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %d : tensor<4x512xf32>, tensor<512x256xf32>) outs(%acc : tensor<4x256xf32>) {
  ^bb0(%l: f32, %r: f32, %o: f32):
    %p = arith.mulf %l, %r : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x256xf32>
  return %y : tensor<4x256xf32>
}

// Element-wise chains fuse as upstream's pass fuses them.
// CHECK-LABEL: func.func @chain
// CHECK:         linalg.generic
// CHECK:           arith.addf
// CHECK:           arith.mulf
// CHECK-NOT:     linalg.generic
func.func @chain(%x: tensor<64xf32>) -> tensor<64xf32> {
  %e = tensor.empty() : tensor<64xf32>
  %a = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %b = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    linalg.yield %m : f32
  } -> tensor<64xf32>
  return %b : tensor<64xf32>
}

// Reshapes are not propagated through named matmuls, whatever
// max-recompute (upstream's pass turns the matmul into a generic over the
// split dimensions, which no CPU schedule tiles).
// CHECK-LABEL: func.func @reshape_into_matmul
// CHECK:         %[[W:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x32x16xf32> into tensor<64x16xf32>
// CHECK:         linalg.matmul ins(%{{.*}}, %[[W]] : tensor<8x64xf32>, tensor<64x16xf32>)
// ALL-LABEL: func.func @reshape_into_matmul
// ALL:         linalg.matmul
func.func @reshape_into_matmul(%x: tensor<8x64xf32>, %w: tensor<2x32x16xi8>, %acc: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %e = tensor.empty() : tensor<2x32x16xf32>
  %d = linalg.generic {indexing_maps = [affine_map<(a, b, c) -> (a, b, c)>, affine_map<(a, b, c) -> (a, b, c)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%w : tensor<2x32x16xi8>) outs(%e : tensor<2x32x16xf32>) {
  ^bb0(%in: i8, %out: f32):
    %f = arith.sitofp %in : i8 to f32
    linalg.yield %f : f32
  } -> tensor<2x32x16xf32>
  %c = tensor.collapse_shape %d [[0, 1], [2]] : tensor<2x32x16xf32> into tensor<64x16xf32>
  %r = linalg.matmul ins(%x, %c : tensor<8x64xf32>, tensor<64x16xf32>) outs(%acc : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}

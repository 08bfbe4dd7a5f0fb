// RUN: compress-opt %s --compress-cpu-parallelize | FileCheck %s

// Only the loops --compress-cpu-vectorize marked (outer rows of output
// tiles) become scf.parallel; other loops stay sequential.
// CHECK-LABEL: func.func @tiles
// CHECK:       scf.parallel (%[[I:.*]]) = (%c0) to (%c16) step (%c8) {
// CHECK:         scf.for %{{.*}} = %c0 to %c16 step %c8 {
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[I]]] : memref<16xf32>
// CHECK-NOT:   compress.parallel_tiles
func.func @tiles(%m: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %one = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c16 step %c8 {
    scf.for %j = %c0 to %c16 step %c8 {
      memref.store %one, %m[%i] : memref<16xf32>
    }
  } {compress.parallel_tiles}
  return
}

// RUN: compress-opt %s --compress-cpu-vectorize | FileCheck %s

// The min / max of a whole matrix (the range of a dynamically quantized
// activation) runs as a vectorized column reduction (16 rows x 64 columns
// per step into a row of partial minima) and a reduction of that row; the
// scalar form compared one element at a time.
// CHECK-LABEL: func.func @range_min
// CHECK:         scf.for
// CHECK:           vector.multi_reduction <minnumf>, %{{.*}}, %{{.*}} [0] : vector<16x64xf32> to vector<64xf32>
// CHECK:         linalg.reduce ins(%{{.*}} : memref<64xf32>) outs(%{{.*}} : memref<f32>) dimensions = [0]
// CHECK:           arith.minnumf
func.func @range_min(%x: tensor<32x64xf32>) -> tensor<f32> {
  %inf = arith.constant 0x7F800000 : f32
  %e = tensor.empty() : tensor<f32>
  %f = linalg.fill ins(%inf : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %r = linalg.reduce ins(%x : tensor<32x64xf32>) outs(%f : tensor<f32>) dimensions = [0, 1]
    (%in: f32, %acc: f32) {
      %m = arith.minnumf %in, %acc : f32
      linalg.yield %m : f32
    }
  return %r : tensor<f32>
}

// A sum is not split (the initial value would be added once per column).
// CHECK-LABEL: func.func @sum
// CHECK:         linalg.reduce ins(%{{.*}} : memref<32x64xf32>) outs(%{{.*}} : memref<f32>) dimensions = [0, 1]
func.func @sum(%x: tensor<32x64xf32>) -> tensor<f32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %r = linalg.reduce ins(%x : tensor<32x64xf32>) outs(%f : tensor<f32>) dimensions = [0, 1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %r : tensor<f32>
}

// RUN: compress-opt %s --compress-cpu-vectorize --compress-cpu-lower-vectors | FileCheck %s --check-prefix=VEC
// RUN: compress-opt %s --compress-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// The tiling stage: an 8 x 32 x 16 register tile of the int8 matmul, one
// vector.contract per tile lowered to outer products (sign-extended i32
// multiply-adds on vector<32xi32> rows), the accumulator carried in
// registers across the K loop, contiguous buffers at function boundaries.
// VEC-LABEL: func.func @mm
// VEC-SAME:    (%{{.*}}: memref<64x64xi8>, %{{.*}}: memref<64x64xi8>) -> memref<64x64xi32>
// The accumulator's fill: one 64-lane store per row, not a scalar loop.
// VEC:         scf.for
// VEC:           vector.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<1x64xi32, {{.*}}>, vector<64xi32>
// VEC:         } {compress.parallel_tiles}
// Column panels outermost (each panel of B reused by every row tile).
// VEC:         scf.for {{.*}} step %c32
// VEC:           scf.for {{.*}} step %c8
// VEC:             scf.for {{.*}} step %c16 iter_args({{.*}}) -> (vector<8x32xi32>)
// VEC:               vector.load {{.*}} : memref<8x16xi8, {{.*}}>, vector<16xi8>
// VEC:               vector.load {{.*}} : memref<16x32xi8, {{.*}}>, vector<32xi8>
// VEC:               arith.extsi {{.*}} : vector<{{[0-9]+}}xi8> to vector<{{[0-9]+}}xi32>
// VEC:               vector.outerproduct {{.*}} : vector<8xi32>, vector<32xi32>
// VEC:               scf.yield {{.*}} : vector<8x32xi32>
// VEC-NOT:     linalg.matmul
// VEC-NOT:     tensor<

// The whole module reaches the LLVM dialect.
// LLVM-NOT: linalg.
// LLVM-NOT: vector.
// LLVM-LABEL: llvm.func @mm
// LLVM: llvm.mul {{.*}} : vector<32xi32>
func.func @mm(%a: tensor<64x64xi8>, %b: tensor<64x64xi8>) -> tensor<64x64xi32> {
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<64x64xi32>
  %f = linalg.fill ins(%c0 : i32) outs(%e : tensor<64x64xi32>) -> tensor<64x64xi32>
  %r = linalg.matmul ins(%a, %b : tensor<64x64xi8>, tensor<64x64xi8>) outs(%f : tensor<64x64xi32>) -> tensor<64x64xi32>
  return %r : tensor<64x64xi32>
}

// A reduction of odd length is not register-tiled: it stays a (bufferized)
// linalg.matmul for the loop lowering.
// VEC-LABEL: func.func @odd_k
// VEC:         linalg.matmul ins(%{{.*}}, %{{.*}} : memref<2x3xf32>, memref<3x2xf32>)
// LLVM-LABEL: llvm.func @odd_k
func.func @odd_k(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %r = linalg.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x2xf32>) outs(%f : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// A module using AMX tiles asks Linux for the tile state in a constructor
// that runs first; constructors the module already has are kept after it.
// Modules without AMX get nothing.
// RUN: compress-opt %s --split-input-file --compress-cpu-vectorize="vnni=true amx=true" --compress-cpu-lower-vectors="vnni=true amx=true" | FileCheck %s

// CHECK-LABEL: func.func @with_ctor
// CHECK: amx.tile_muli
// CHECK: llvm.func internal @__compress_request_amx()
// CHECK: llvm.mlir.global_ctors ctors = [@__compress_request_amx, @mine], priorities = [0 : i32, 10 : i32], data = [#llvm.zero, #llvm.zero]
// CHECK-NOT: llvm.mlir.global_ctors
llvm.func @mine() {
  llvm.return
}
llvm.mlir.global_ctors ctors = [@mine], priorities = [10 : i32], data = [#llvm.zero]
func.func @with_ctor(%a: tensor<16x64xi8>, %b: tensor<64x16xi8>, %c: tensor<16x16xi32>) -> tensor<16x16xi32> {
  %r = linalg.matmul ins(%a, %b : tensor<16x64xi8>, tensor<64x16xi8>) outs(%c : tensor<16x16xi32>) -> tensor<16x16xi32>
  return %r : tensor<16x16xi32>
}

// -----

// Not an AMX shape (K = 32): the VNNI kernel, no request.
// CHECK-LABEL: func.func @no_amx
// CHECK-NOT: amx.
// CHECK-NOT: __compress_request_amx
// CHECK-NOT: global_ctors
func.func @no_amx(%a: tensor<16x32xi8>, %b: tensor<32x16xi8>, %c: tensor<16x16xi32>) -> tensor<16x16xi32> {
  %r = linalg.matmul ins(%a, %b : tensor<16x32xi8>, tensor<32x16xi8>) outs(%c : tensor<16x16xi32>) -> tensor<16x16xi32>
  return %r : tensor<16x16xi32>
}

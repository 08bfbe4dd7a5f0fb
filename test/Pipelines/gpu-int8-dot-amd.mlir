// --compress-gpu-int8-dot=amd=true: inside outlined GPU modules, the 4-way
// int8 dot products (NVVM dp4a, as the finalize stage writes them) become
// AMDGPU's llvm.amdgcn.sdot4 on the same 32-bit words, with the clamp off
// as an immediate created inside the kernel; host code is left alone.
// RUN: compress-opt %s --compress-gpu-int8-dot=amd=true | FileCheck %s

// CHECK-LABEL: gpu.func @dot
// CHECK-SAME: (%[[A:.*]]: vector<4xi8>, %[[B:.*]]: vector<4xi8>, %[[C:.*]]: i32, %[[OUT:.*]]: memref<1xi32>)
// CHECK-DAG: %[[AW:.*]] = vector.bitcast %[[A]] : vector<4xi8> to vector<1xi32>
// CHECK-DAG: %[[A32:.*]] = vector.extract %[[AW]][0] : i32 from vector<1xi32>
// CHECK-DAG: %[[BW:.*]] = vector.bitcast %[[B]] : vector<4xi8> to vector<1xi32>
// CHECK-DAG: %[[B32:.*]] = vector.extract %[[BW]][0] : i32 from vector<1xi32>
// CHECK-DAG: %[[NOCLAMP:.*]] = arith.constant false
// CHECK: %[[D:.*]] = llvm.call_intrinsic "llvm.amdgcn.sdot4"(%[[A32]], %[[B32]], %[[C]], %[[NOCLAMP]]) : (i32, i32, i32, i1) -> i32
// CHECK: memref.store %[[D]], %[[OUT]]
// CHECK-NOT: nvvm.dot.accumulate
gpu.module @kernels {
  gpu.func @dot(%a: vector<4xi8>, %b: vector<4xi8>, %c: i32, %out: memref<1xi32>) kernel {
    %d = nvvm.dot.accumulate.4way %a <signed>, %b <signed>, %c : vector<4xi8>, vector<4xi8>
    %i = arith.constant 0 : index
    memref.store %d, %out[%i] : memref<1xi32>
    gpu.return
  }
}

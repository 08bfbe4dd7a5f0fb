// RUN: compress-opt %s --compress-gpu-shared-buffers | FileCheck %s

// Host allocations the host touches become managed memory; a constant
// global the host reads too is copied into managed memory (freed before the
// return); deallocs run on a stream that is then waited for (gpu.dealloc
// lowers only async).
// CHECK-LABEL: func.func @host
// CHECK:       %[[C:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK:       %[[G:.*]] = memref.get_global @weights : memref<4xf32>
// CHECK:       memref.copy %[[G]], %[[C]] : memref<4xf32> to memref<4xf32>
// CHECK:       %[[T:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK:       linalg.add ins(%[[C]], %arg0 : memref<4xf32>, memref<4xf32>) outs(%[[T]] : memref<4xf32>)
// CHECK:       memref.copy %[[T]], %arg1
// CHECK:       memref.copy %[[G]], %arg0
// CHECK:       %[[W0:.*]] = gpu.wait async
// CHECK:       %[[D0:.*]] = gpu.dealloc async [%[[W0]]] %[[T]] : memref<4xf32>
// CHECK:       gpu.wait [%[[D0]]]
// CHECK:       %[[W1:.*]] = gpu.wait async
// CHECK:       %[[D1:.*]] = gpu.dealloc async [%[[W1]]] %[[C]] : memref<4xf32>
// CHECK:       gpu.wait [%[[D1]]]
// CHECK-NEXT:  return
// CHECK-NOT:   memref.alloc
memref.global "private" constant @weights : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
func.func @host(%x: memref<4xf32>, %y: memref<4xf32>) {
  %w = memref.get_global @weights : memref<4xf32>
  %t = memref.alloc() : memref<4xf32>
  linalg.add ins(%w, %x : memref<4xf32>, memref<4xf32>) outs(%t : memref<4xf32>)
  memref.copy %t, %y : memref<4xf32> to memref<4xf32>
  memref.copy %w, %x : memref<4xf32> to memref<4xf32>
  memref.dealloc %t : memref<4xf32>
  return
}

// A constant only kernels read is left to the second stage, no copy.
// CHECK-LABEL: func.func @kernel_constant
// CHECK-NOT:   memref.copy
// CHECK:       %[[G:.*]] = memref.get_global @weights : memref<4xf32>
// CHECK-NEXT:  linalg.add ins(%[[G]], %arg0 : memref<4xf32>, memref<4xf32>) outs(%arg1 : memref<4xf32>)
// CHECK-NEXT:  return
func.func @kernel_constant(%x: memref<4xf32>, %y: memref<4xf32>) {
  %w = memref.get_global @weights : memref<4xf32>
  linalg.add ins(%w, %x : memref<4xf32>, memref<4xf32>) outs(%y : memref<4xf32>)
  return
}

// A temporary only kernels touch (written by a parallel linalg op, read by
// another and inside a gpu.launch, freed) is device memory, allocated on a
// stream that is then synchronized (gpu.alloc lowers only in its async
// form). One read by a linalg op without parallel loops (a host loop) or
// returned stays managed.
// CHECK-LABEL: func.func @device_temporaries
// CHECK:       %[[W:.*]] = gpu.wait async
// CHECK:       %[[T:.*]], %[[A:.*]] = gpu.alloc async [%[[W]]] () : memref<4xf32>
// CHECK-NEXT:  gpu.wait [%[[A]]]
// CHECK:       %[[S:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK:       %[[R:.*]] = gpu.alloc  host_shared () : memref<f32>
// CHECK:       linalg.add ins(%arg0, %arg0 : memref<4xf32>, memref<4xf32>) outs(%[[T]] : memref<4xf32>)
// CHECK:       gpu.launch
// CHECK:         memref.load %[[T]]
// CHECK:       linalg.add ins(%[[T]], %arg0 : memref<4xf32>, memref<4xf32>) outs(%[[S]] : memref<4xf32>)
// CHECK:       linalg.reduce ins(%[[S]] : memref<4xf32>) outs(%[[R]] : memref<f32>)
// CHECK:       gpu.dealloc async [%{{.*}}] %[[T]]
// CHECK:       gpu.dealloc async [%{{.*}}] %[[S]]
// CHECK:       return %[[R]]
func.func @device_temporaries(%x: memref<4xf32>) -> memref<f32> {
  %t = memref.alloc() : memref<4xf32>
  %s = memref.alloc() : memref<4xf32>
  %r = memref.alloc() : memref<f32>
  linalg.add ins(%x, %x : memref<4xf32>, memref<4xf32>) outs(%t : memref<4xf32>)
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %v = memref.load %t[%c0] : memref<4xf32>
    memref.store %v, %x[%c0] : memref<4xf32>
    gpu.terminator
  }
  linalg.add ins(%t, %x : memref<4xf32>, memref<4xf32>) outs(%s : memref<4xf32>)
  linalg.reduce ins(%s : memref<4xf32>) outs(%r : memref<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %sum = arith.addf %in, %acc : f32
      linalg.yield %sum : f32
    }
  memref.dealloc %t : memref<4xf32>
  memref.dealloc %s : memref<4xf32>
  return %r : memref<f32>
}

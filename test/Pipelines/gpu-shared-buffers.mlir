// RUN: compress-opt %s --compress-gpu-shared-buffers | FileCheck %s

// Host allocations become managed memory the kernels can use; a constant
// global is copied into managed memory (freed before the return); deallocs
// run on a stream that is then waited for (gpu.dealloc lowers only async).
// CHECK-LABEL: func.func @host
// CHECK:       %[[C:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK:       %[[G:.*]] = memref.get_global @weights : memref<4xf32>
// CHECK:       memref.copy %[[G]], %[[C]] : memref<4xf32> to memref<4xf32>
// CHECK:       %[[T:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK:       linalg.add ins(%[[C]], %arg0 : memref<4xf32>, memref<4xf32>) outs(%[[T]] : memref<4xf32>)
// CHECK:       memref.copy %[[T]], %arg1
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
  memref.dealloc %t : memref<4xf32>
  return
}

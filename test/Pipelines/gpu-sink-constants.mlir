// RUN: compress-opt %s --compress-gpu-shared-buffers=sink-constants=true | FileCheck %s
// RUN: compress-opt %s --compress-gpu-shared-buffers=sink-constants=true --gpu-kernel-outlining | FileCheck %s --check-prefix=OUTLINED

// A constant global a launch reads from host code is read inside the launch
// (and aligned to 16 bytes for 16-byte copies); kernel outlining then puts
// the global into the GPU module: weights resident on the device, part of
// the binary. A mutable global is left alone.
// CHECK:       memref.global "private" constant @weights : memref<4xi8> = dense<[1, 2, 3, 4]> {alignment = 16 : i64}
// CHECK:       memref.global "private" @state : memref<4xi8> = dense<0>
// CHECK-LABEL: func.func @f
// CHECK:         %[[S:.*]] = memref.get_global @state
// CHECK:         gpu.launch
// CHECK-NEXT:      %[[W:.*]] = memref.get_global @weights : memref<4xi8>
// CHECK-NEXT:      memref.load %[[W]]
// CHECK-NEXT:      memref.store %{{.*}}, %[[S]]
// OUTLINED:      gpu.module @f_kernel
// OUTLINED:        gpu.func @f_kernel(%{{[^:]*}}: memref<4xi8>) kernel
// OUTLINED:          memref.get_global @weights
// OUTLINED:        memref.global "private" constant @weights : memref<4xi8> = dense<[1, 2, 3, 4]> {alignment = 16 : i64}
module attributes {gpu.container_module} {
memref.global "private" constant @weights : memref<4xi8> = dense<[1, 2, 3, 4]>
memref.global "private" @state : memref<4xi8> = dense<0>
func.func @f() {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %w = memref.get_global @weights : memref<4xi8>
  %s = memref.get_global @state : memref<4xi8>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %v = memref.load %w[%tx] : memref<4xi8>
    memref.store %v, %s[%tx] : memref<4xi8>
    gpu.terminator
  }
  return
}
}

// Quantized layers to GPU code, without a GPU: PTX for sm_80 / sm_90 (int8
// matmuls as dp4a with mma=false; the tensor-core path, the default, is
// tested in gpu-int8-mma.mlir), assembled by ptxas where the CUDA toolkit
// is installed, and AMDGPU ISA for gfx942 (int8 matmuls as v_dot4c_i32_i8: the dp4a of
// the finalize stage retargeted to llvm.amdgcn.sdot4 after outlining).
// RUN: compress-opt %s --compress-gpu-int8-dot | FileCheck %s --check-prefix=STAGE
// RUN: compress-opt %s --compress-gpu-int8-dot --compress-gpu-int8-dot=finalize=true | FileCheck %s --check-prefix=FINAL
// RUN: compress-opt %s --compress-lower-ops --compress-gpu-int8-dot \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-int8-dot=finalize=true --canonicalize --cse | FileCheck %s --check-prefix=STAGED
// RUN: compress-opt %s --compress-gpu-pipeline="chip=sm_80 mma=false" -o %t.sm80.mlir
// RUN: FileCheck %s --check-prefix=HOST < %t.sm80.mlir
// RUN: FileCheck %s --check-prefix=HOSTCODE < %t.sm80.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.sm80.mlir > %t.sm80.ptx
// RUN: FileCheck %s --check-prefixes=PTX,PTX80 < %t.sm80.ptx
// RUN: compress-opt %s --compress-gpu-pipeline="chip=sm_90 mma=false" -o %t.sm90.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.sm90.mlir > %t.sm90.ptx
// RUN: FileCheck %s --check-prefixes=PTX,PTX90 < %t.sm90.ptx
// RUN: %if ptxas %{ for f in $(%python %S/Inputs/gpu_object.py %t.sm80.mlir --split %t.sm80); do %ptxas -arch=sm_80 $f -o $f.cubin || exit 1; done %}
// RUN: %if ptxas %{ for f in $(%python %S/Inputs/gpu_object.py %t.sm90.mlir --split %t.sm90); do %ptxas -arch=sm_90 $f -o $f.cubin || exit 1; done %}
// RUN: compress-opt %s --compress-gpu-pipeline="chip=gfx942" -o %t.gfx942.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.gfx942.mlir | FileCheck %s --check-prefix=GFX
// RUN: not compress-opt %s --compress-gpu-pipeline="chip=sm_70" 2>&1 | FileCheck %s --check-prefix=CHIP

// The int8 stage: A packed into 32-bit words (four k-consecutive bytes) by
// a reduction over the byte index, constant B packed at compile time, a
// contraction over K/4 whose body is one 4-way dot product.
// STAGE-LABEL: func.func @int8_layer
// STAGE:       tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [16, 16, 4] : tensor<16x64xi8> into tensor<16x16x4xi8>
// STAGE:       linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}} : tensor<16x16x4xi8>) outs(%{{.*}} : tensor<16x16xi32>)
// STAGE:         arith.shli
// STAGE:       %[[B4:.*]] = arith.constant dense<{{.*}}> : tensor<16x32xi32>
// STAGE:       linalg.generic {{.*}} ins(%{{.*}}, %[[B4]] : tensor<16x16xi32>, tensor<16x32xi32>) outs(%{{.*}} : tensor<16x32xi32>) attrs =  {compress.int8_dot}
// STAGE:         vector.bitcast %{{.*}} : vector<1xi32> to vector<4xi8>
// STAGE-COUNT-4: arith.muli
// STAGE:       } -> tensor<16x32xi32>
// STAGE-NEXT:  compress.requantize
// STAGE-LABEL: func.func @int8_runtime_b
// STAGE-COUNT-2: arith.shli
// Until buffer deallocation has run (it rejects NVVM ops), the body is the
// arith dp4a computes; the second stage puts the NVVM op in.
// FINAL-LABEL: func.func @int8_layer
// FINAL:       linalg.generic
// FINAL:         %[[A:.*]] = vector.bitcast %{{.*}} : vector<1xi32> to vector<4xi8>
// FINAL:         %[[B:.*]] = vector.bitcast %{{.*}} : vector<1xi32> to vector<4xi8>
// FINAL:         %[[D:.*]] = nvvm.dot.accumulate.4way %[[A]] <signed>, %[[B]] <signed>, %{{.*}} : vector<4xi8>, vector<4xi8>
// FINAL-NEXT:    linalg.yield %[[D]] : i32
// FINAL-NOT:   compress.int8_dot

// Host code keeps gpu.launch_func; mlir-translate turns it into calls of
// the runtime entry points (mgpuModuleLoad, mgpuLaunchKernel, ...).
// HOST-DAG: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">
// Every loop nest became a kernel (tiles with bounds checks where 16 does
// not divide, e.g. the 4 x 8 grid of 4 x 4 register tiles of @int8_layer):
// no dot product and no scf.parallel is left in host code.
// HOSTCODE-NOT: nvvm.dot.accumulate
// HOSTCODE-NOT: scf.parallel
// HOST-DAG: gpu.launch_func @int8_layer_kernel{{(_[0-9]+)?}}::@int8_layer_kernel

// On buffers, a word contraction whose shape tiles becomes the staged
// kernel (GpuStagedMatmul.cpp): for 16x64 @ 64x32 one block of 16 x 16
// threads with 1 x 2 outputs each, the 16 x 16 words of A and 16 x 32 of B
// (K / 4 = 16: one step) copied into workgroup memory in 16-byte pieces, a
// barrier, 16 dp4a per output from the tiles, a barrier, the stores.
// STAGED-LABEL: func.func @int8_runtime_b
// STAGED:         gpu.launch {{.*}} threads({{.*}}) in ({{.*}} = %c256, {{.*}}) workgroup(%[[SA:.*]] : memref<16x16xi32, #gpu.address_space<workgroup>>, %[[SB:.*]] : memref<16x32xi32, #gpu.address_space<workgroup>>)
// STAGED:           vector.load %{{.*}} {alignment = 16 : i64} : memref<16x16xi32>, vector<4xi32>
// STAGED-NEXT:      vector.store %{{.*}}, %[[SA]]
// STAGED:           vector.load %{{.*}} {alignment = 16 : i64} : memref<16x32xi32>, vector<4xi32>
// STAGED-NEXT:      vector.store %{{.*}}, %[[SB]]
// STAGED:         gpu.barrier
// STAGED-NEXT:    %[[ACC:.*]]:2 = scf.for %[[KK:.*]] = %c0 to %c16 step %c1 iter_args(%[[S0:.*]] = %c0_i32, %[[S1:.*]] = %c0_i32) -> (i32, i32) {
// STAGED:           %[[AW:.*]] = memref.load %[[SA]][%{{.*}}, %[[KK]]]
// STAGED:           memref.load %[[SB]][%[[KK]], %{{.*}}]
// STAGED:           memref.load %[[SB]][%[[KK]], %{{.*}}]
// STAGED-COUNT-2:   nvvm.dot.accumulate.4way {{.*}} <signed>, {{.*}} <signed>
// STAGED-NEXT:      scf.yield
// STAGED-NEXT:    }
// STAGED-NEXT:    gpu.barrier
// STAGED:         memref.store %[[ACC]]#0
// STAGED:         memref.store %[[ACC]]#1
// STAGED-NEXT:    gpu.terminator
// A batch_matmul takes the same kernel with the batch on the grid's z
// (views of each matrix of the packed A, B and of C); one whose matrices
// do not tile stays a batched generic whose body is the dp4a.
// STAGED-LABEL: func.func @int8_batch
// STAGED:         gpu.launch blocks(%{{[^,]*}}, %{{[^,]*}}, %[[BZ:[^)]*]]) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c2) threads({{.*}}) in ({{.*}} = %c256, {{.*}})
// STAGED-NEXT:      memref.subview %{{.*}}[%[[BZ]], 0, 0] [1, 16, 16] [1, 1, 1] : memref<2x16x16xi32> to memref<16x16xi32, strided<[16, 1], offset: ?>>
// STAGED-NEXT:      memref.subview %{{.*}}[%[[BZ]], 0, 0] [1, 16, 32] [1, 1, 1] : memref<2x16x32xi32> to memref<16x32xi32, strided<[32, 1], offset: ?>>
// STAGED-NEXT:      memref.subview %{{.*}}[%[[BZ]], 0, 0] [1, 16, 32] [1, 1, 1] : memref<2x16x32xi32> to memref<16x32xi32, strided<[32, 1], offset: ?>>
// STAGED:           nvvm.dot.accumulate.4way
// STAGED-LABEL: func.func @int8_batch_untiled
// STAGED:         linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : memref<2x4x2xi32>, memref<2x2x4xi32>) outs(%arg2 : memref<2x4x4xi32>) {
// STAGED:           nvvm.dot.accumulate.4way
// STAGED-NOT:     compress.int8_dot
// PTX80: .target sm_80
// PTX90: .target sm_90
// PTX: .entry
// PTX: dp4a.s32.s32
// GFX: .amdgcn_target "amdgcn-amd-amdhsa--gfx942
// GFX: v_dot4c_i32_i8
// GFX: s_endpgm
// CHIP: Cannot find option named 'sm_70'

func.func @int8_layer(%a: tensor<16x64xi8>) -> tensor<16x32xi8> {
  %w = arith.constant dense<3> : tensor<64x32xi8>
  %c0 = arith.constant 7 : i32
  %e = tensor.empty() : tensor<16x32xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<16x32xi32>) -> tensor<16x32xi32>
  %acc = linalg.matmul ins(%a, %w : tensor<16x64xi8>, tensor<64x32xi8>) outs(%init : tensor<16x32xi32>) -> tensor<16x32xi32>
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.0025>,
      output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>, clamp_min = -3}
      : tensor<16x32xi32> -> tensor<16x32xi8>
  return %q : tensor<16x32xi8>
}

func.func @int8_runtime_b(%a: tensor<16x64xi8>, %b: tensor<64x32xi8>) -> tensor<16x32xi32> {
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<16x32xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<16x32xi32>) -> tensor<16x32xi32>
  %acc = linalg.matmul ins(%a, %b : tensor<16x64xi8>, tensor<64x32xi8>) outs(%init : tensor<16x32xi32>) -> tensor<16x32xi32>
  return %acc : tensor<16x32xi32>
}

func.func @float_layer(%x: tensor<16x64xf32>, %w: tensor<64x32xf32>) -> tensor<16x32xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x32xf32>
  %init = linalg.fill ins(%c0 : f32) outs(%e : tensor<16x32xf32>) -> tensor<16x32xf32>
  %y = linalg.matmul ins(%x, %w : tensor<16x64xf32>, tensor<64x32xf32>) outs(%init : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}

func.func @int8_batch(%a: tensor<2x16x64xi8>, %b: tensor<2x64x32xi8>) -> tensor<2x16x32xi32> {
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x16x32xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<2x16x32xi32>) -> tensor<2x16x32xi32>
  %acc = linalg.batch_matmul ins(%a, %b : tensor<2x16x64xi8>, tensor<2x64x32xi8>) outs(%init : tensor<2x16x32xi32>) -> tensor<2x16x32xi32>
  return %acc : tensor<2x16x32xi32>
}

func.func @int8_batch_untiled(%a: tensor<2x4x8xi8>, %b: tensor<2x8x4xi8>, %c: tensor<2x4x4xi32>) -> tensor<2x4x4xi32> {
  %acc = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xi8>, tensor<2x8x4xi8>) outs(%c : tensor<2x4x4xi32>) -> tensor<2x4x4xi32>
  return %acc : tensor<2x4x4xi32>
}

// f32 matmuls on GPUs (--compress-gpu-float-matmul, part of
// --compress-gpu-pipeline): the kernel on buffers, the PTX (assembled by
// ptxas where the CUDA toolkit is installed) and the AMDGPU ISA. The
// kernel's tiling is executed on the CPU by
// test/Integration/GPU/float-matmul.mlir.
// RUN: compress-opt %s \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-float-matmul --canonicalize --cse | FileCheck %s --check-prefix=KERNEL
// RUN: compress-opt %s --compress-gpu-float-matmul=im2col=true | FileCheck %s --check-prefix=IM2COL
// RUN: compress-opt %s --compress-gpu-pipeline="chip=sm_90" -o %t.sm90.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.sm90.mlir | FileCheck %s --check-prefix=PTX
// RUN: %if ptxas %{ for f in $(%python %S/Inputs/gpu_object.py %t.sm90.mlir --split %t.sm90); do %ptxas -arch=sm_90 $f -o $f.cubin || exit 1; done %}
// RUN: compress-opt %s --compress-gpu-pipeline="chip=sm_80" -o %t.sm80.mlir
// RUN: %if ptxas %{ for f in $(%python %S/Inputs/gpu_object.py %t.sm80.mlir --split %t.sm80); do %ptxas -arch=sm_80 $f -o $f.cubin || exit 1; done %}
// RUN: compress-opt %s --compress-gpu-pipeline="chip=gfx942" -o %t.gfx942.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.gfx942.mlir | FileCheck %s --check-prefix=GFX

// 64x256 @ 256x128 from a zero fill: 2 blocks of 64 x 64 (the grid's y
// extent 1 folds the block row away), 16 x 16 threads, K in 16 steps of
// 16. Thread t copies chunks t and t + 256 of each step (A's 256 chunks of
// 4 floats first, then B's) into the workgroup tiles A [64][16] and
// B [16][64], meets a barrier, accumulates its 4 x 4 outputs (rows
// t / 16 + 16 i, columns t % 16 + 16 j) in registers from the zero of the
// fill (the fill is gone), meets a barrier; the outputs are stored once.
// KERNEL-DAG: #[[AROW:.*]] = affine_map<()[s0] -> (s0 floordiv 4)>
// KERNEL-DAG: #[[ACOL:.*]] = affine_map<()[s0] -> (s0 * 4 - (s0 floordiv 4) * 16)>
// KERNEL-DAG: #[[AK:.*]] = affine_map<()[s0, s1] -> (s0 + s1 * 4 - (s1 floordiv 4) * 16)>
// KERNEL-DAG: #[[BROW:.*]] = affine_map<()[s0] -> (s0 floordiv 16 - 16)>
// KERNEL-DAG: #[[BCOL:.*]] = affine_map<()[s0] -> (s0 * 4 - (s0 floordiv 16) * 64)>
// KERNEL-DAG: #[[BK:.*]] = affine_map<()[s0, s1] -> (s0 + s1 floordiv 16 - 16)>
// KERNEL-DAG: #[[BN:.*]] = affine_map<()[s0, s1] -> (s0 * 64 + s1 * 4 - (s1 floordiv 16) * 64)>
// KERNEL-DAG: #[[TY:.*]] = affine_map<()[s0] -> (s0 floordiv 16)>
// KERNEL-DAG: #[[TX:.*]] = affine_map<()[s0] -> (s0 mod 16)>
// KERNEL-DAG: #[[CCOL:.*]] = affine_map<()[s0, s1] -> (s0 * 64 + s1 mod 16)>
// KERNEL-LABEL: func.func @layer
// KERNEL-NOT:     linalg.fill
// KERNEL:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// KERNEL:         %[[C:.*]] = memref.alloc() {{.*}} : memref<64x128xf32>
// KERNEL-NEXT:    gpu.launch blocks(%[[BX:[^,]*]], {{.*}}) in ({{.*}} = %c2, {{.*}} = %c1, {{.*}} = %c1) threads(%[[T:[^,]*]], {{.*}}) in ({{.*}} = %c256, {{.*}} = %c1, {{.*}} = %c1) workgroup(%[[SA:.*]] : memref<64x16xf32, #gpu.address_space<workgroup>>, %[[SB:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>>)
// KERNEL-NEXT:      %[[ACC:.*]]:16 = scf.for %[[K0:.*]] = %c0 to %c256 step %c16 iter_args(%{{.*}} = %[[ZERO]], {{.*}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32) {
// KERNEL-NEXT:        scf.for %[[CH:.*]] = %[[T]] to %c512 step %c256 {
// KERNEL-NEXT:          %[[ISA:.*]] = arith.cmpi ult, %[[CH]], %c256 : index
// KERNEL-NEXT:          scf.if %[[ISA]] {
// KERNEL-NEXT:            %[[AR:.*]] = affine.apply #[[AROW]]()[%[[CH]]]
// KERNEL-NEXT:            %[[AC:.*]] = affine.apply #[[ACOL]]()[%[[CH]]]
// KERNEL-NEXT:            %[[AG:.*]] = affine.apply #[[AK]]()[%[[K0]], %[[CH]]]
// KERNEL-NEXT:            %[[AV:.*]] = vector.load %arg0[%[[AR]], %[[AG]]] {alignment = 16 : i64} : memref<64x256xf32>, vector<4xf32>
// KERNEL-NEXT:            vector.store %[[AV]], %[[SA]][%[[AR]], %[[AC]]] : memref<64x16xf32, #gpu.address_space<workgroup>>, vector<4xf32>
// KERNEL-NEXT:          } else {
// KERNEL-NEXT:            %[[BR:.*]] = affine.apply #[[BROW]]()[%[[CH]]]
// KERNEL-NEXT:            %[[BC:.*]] = affine.apply #[[BCOL]]()[%[[CH]]]
// KERNEL-NEXT:            %[[BG:.*]] = affine.apply #[[BK]]()[%[[K0]], %[[CH]]]
// KERNEL-NEXT:            %[[BGN:.*]] = affine.apply #[[BN]]()[%[[BX]], %[[CH]]]
// KERNEL-NEXT:            %[[BV:.*]] = vector.load %arg1[%[[BG]], %[[BGN]]] {alignment = 16 : i64} : memref<256x128xf32>, vector<4xf32>
// KERNEL-NEXT:            vector.store %[[BV]], %[[SB]][%[[BR]], %[[BC]]] : memref<16x64xf32, #gpu.address_space<workgroup>>, vector<4xf32>
// KERNEL-NEXT:          }
// KERNEL-NEXT:        }
// KERNEL-NEXT:        gpu.barrier
// KERNEL-NEXT:        %[[STEP:.*]]:16 = scf.for %[[KK:.*]] = %c0 to %c16 step %c1 iter_args(%[[S0:[^ ]*]] = %{{.*}}, {{.*}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32) {
// KERNEL-NEXT:          %[[R0:.*]] = affine.apply #[[TY]]()[%[[T]]]
// KERNEL-NEXT:          %[[A0:.*]] = memref.load %[[SA]][%[[R0]], %[[KK]]] : memref<64x16xf32, #gpu.address_space<workgroup>>
// KERNEL-COUNT-3:       memref.load %[[SA]][%{{.*}}, %[[KK]]]
// KERNEL-NEXT:          %[[X0:.*]] = affine.apply #[[TX]]()[%[[T]]]
// KERNEL-NEXT:          %[[B0:.*]] = memref.load %[[SB]][%[[KK]], %[[X0]]] : memref<16x64xf32, #gpu.address_space<workgroup>>
// KERNEL-COUNT-3:       memref.load %[[SB]][%[[KK]], %{{.*}}]
// KERNEL-NEXT:          %[[P0:.*]] = arith.mulf %[[A0]], %[[B0]] fastmath<contract> : f32
// KERNEL-NEXT:          arith.addf %[[S0]], %[[P0]] fastmath<contract> : f32
// KERNEL-COUNT-15:      arith.addf
// KERNEL-NEXT:          scf.yield
// KERNEL-NEXT:        }
// KERNEL-NEXT:        gpu.barrier
// KERNEL-NEXT:        scf.yield %[[STEP]]#0,
// KERNEL-NEXT:      }
// KERNEL-NEXT:      %[[CR:.*]] = affine.apply #[[TY]]()[%[[T]]]
// KERNEL-NEXT:      %[[CC:.*]] = affine.apply #[[CCOL]]()[%[[BX]], %[[T]]]
// KERNEL-NEXT:      memref.store %[[ACC]]#0, %[[C]][%[[CR]], %[[CC]]] : memref<64x128xf32>
// KERNEL-COUNT-15:  memref.store %[[ACC]]#{{[0-9]+}}, %[[C]]
// KERNEL-NEXT:      gpu.terminator
// A shape no tile divides (M % 16 != 0) stays a linalg.matmul: one thread
// per output in the pipeline.
// KERNEL-LABEL: func.func @declined
// KERNEL-NEXT:    linalg.matmul
// KERNEL-NEXT:    return

// A batch_matmul: the batch on the grid's z; each block indexes views of
// its matrix of A, B and C (C read: no fill to start from).
// KERNEL-LABEL: func.func @batched
// KERNEL:         gpu.launch blocks(%{{[^,]*}}, %{{[^,]*}}, %[[Z:[^)]*]]) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c3) threads({{.*}}) in ({{.*}} = %c256, {{.*}} = %c1, {{.*}} = %c1) workgroup(%{{.*}} : memref<32x16xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<16x64xf32, #gpu.address_space<workgroup>>)
// KERNEL-NEXT:      memref.subview %arg0[%[[Z]], 0, 0] [1, 32, 16] [1, 1, 1] : memref<3x32x16xf32> to memref<32x16xf32, strided<[16, 1], offset: ?>>
// KERNEL-NEXT:      memref.subview %arg1[%[[Z]], 0, 0] [1, 16, 64] [1, 1, 1] : memref<3x16x64xf32> to memref<16x64xf32, strided<[64, 1], offset: ?>>
// KERNEL-NEXT:      %[[CZ:.*]] = memref.subview %arg2[%[[Z]], 0, 0] [1, 32, 64] [1, 1, 1] : memref<3x32x64xf32> to memref<32x64xf32, strided<[64, 1], offset: ?>>
// KERNEL-COUNT-8:   memref.load %[[CZ]]
// KERNEL:           gpu.barrier
// KERNEL-COUNT-8:   memref.store %{{.*}}, %[[CZ]]

// The tensor stage (im2col=true): f32 convolutions become linalg.matmul
// over their windows, gathered by an affine generic (strides in its map):
// NHWC [N][OH][OW][KH][KW][C] collapsed to A [N*OH*OW][KH*KW*C] times the
// filter [KH*KW*C][F]; single-image NCHW the filter [F][C*KH*KW] times the
// windows [C][KH][KW][OH][OW] collapsed to [C*KH*KW][OH*OW] (the product is
// NCHW as computed). Matmuls and non-convolutions are left alone.
// IM2COL-DAG: #[[NHWC:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// IM2COL-DAG: #[[NCHW:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d0, d1 + d3, d2 + d4)>
// IM2COL-LABEL: func.func @layer
// IM2COL:         linalg.matmul ins(%arg0, %arg1 : tensor<64x256xf32>, tensor<256x128xf32>)
// IM2COL-LABEL: func.func @conv(
// IM2COL:         %[[W:.*]] = linalg.generic {indexing_maps = [#[[NHWC]], #{{.*}}], {{.*}} ins(%arg0 : tensor<2x9x9x8xf32>) outs(%{{.*}} : tensor<2x4x4x3x3x8xf32>)
// IM2COL:         %[[A:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<2x4x4x3x3x8xf32> into tensor<32x72xf32>
// IM2COL:         %[[F:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1, 2], [3]] : tensor<3x3x8x16xf32> into tensor<72x16xf32>
// IM2COL:         %[[C:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<2x4x4x16xf32> into tensor<32x16xf32>
// IM2COL:         %[[P:.*]] = linalg.matmul ins(%[[A]], %[[F]] : tensor<32x72xf32>, tensor<72x16xf32>) outs(%[[C]] : tensor<32x16xf32>)
// IM2COL:         tensor.expand_shape %[[P]] {{\[\[}}0, 1, 2], [3]] output_shape [2, 4, 4, 16]
// IM2COL-LABEL: func.func @conv_nchw(
// IM2COL:         %[[NW:.*]] = linalg.generic {indexing_maps = [#[[NCHW]], #{{.*}}], {{.*}} ins(%arg0 : tensor<1x8x10x10xf32>) outs(%{{.*}} : tensor<8x3x3x8x8xf32>)
// IM2COL:         %[[NB:.*]] = tensor.collapse_shape %[[NW]] {{\[\[}}0, 1, 2], [3, 4]] : tensor<8x3x3x8x8xf32> into tensor<72x64xf32>
// IM2COL:         %[[NA:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0], [1, 2, 3]] : tensor<16x8x3x3xf32> into tensor<16x72xf32>
// IM2COL:         %[[NC:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2, 3]] : tensor<1x16x8x8xf32> into tensor<16x64xf32>
// IM2COL:         %[[NP:.*]] = linalg.matmul ins(%[[NA]], %[[NB]] : tensor<16x72xf32>, tensor<72x64xf32>) outs(%[[NC]] : tensor<16x64xf32>)
// IM2COL:         tensor.expand_shape %[[NP]] {{\[\[}}0, 1], [2, 3]] output_shape [1, 16, 8, 8]
// IM2COL-NOT:   linalg.conv

// The PTX has 16-byte global loads, workgroup tiles, barriers, and the
// multiply-adds fused.
// PTX-LABEL: .entry layer_kernel(
// PTX-DAG:   .shared .align 16 .b8 __wg_layer_kernel_0[4096];
// PTX-DAG:   .shared .align 16 .b8 __wg_layer_kernel_1[4096];
// PTX-DAG:   ld.global.v4.b32
// PTX-DAG:   bar.sync 0;
// PTX-DAG:   ld.shared.b32
// PTX-DAG:   fma.rn.f32
// PTX-LABEL: .entry declined_kernel(
// GFX:       layer_kernel:
// GFX-DAG:   global_load_dwordx4
// GFX-DAG:   s_barrier
// GFX-DAG:   ds_read
// GFX-DAG:   v_pk_fma_f32

func.func @layer(%x: tensor<64x256xf32>, %w: tensor<256x128xf32>) -> tensor<64x128xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x128xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
  %y = linalg.matmul ins(%x, %w : tensor<64x256xf32>, tensor<256x128xf32>) outs(%f : tensor<64x128xf32>) -> tensor<64x128xf32>
  return %y : tensor<64x128xf32>
}

func.func @declined(%x: tensor<10x12xf32>, %w: tensor<12x8xf32>, %c: tensor<10x8xf32>) -> tensor<10x8xf32> {
  %y = linalg.matmul ins(%x, %w : tensor<10x12xf32>, tensor<12x8xf32>) outs(%c : tensor<10x8xf32>) -> tensor<10x8xf32>
  return %y : tensor<10x8xf32>
}

func.func @batched(%x: tensor<3x32x16xf32>, %w: tensor<3x16x64xf32>, %c: tensor<3x32x64xf32>) -> tensor<3x32x64xf32> {
  %y = linalg.batch_matmul ins(%x, %w : tensor<3x32x16xf32>, tensor<3x16x64xf32>) outs(%c : tensor<3x32x64xf32>) -> tensor<3x32x64xf32>
  return %y : tensor<3x32x64xf32>
}

func.func @conv(%x: tensor<2x9x9x8xf32>, %w: tensor<3x3x8x16xf32>) -> tensor<2x4x4x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4x4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x4x4x16xf32>) -> tensor<2x4x4x16xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<2x9x9x8xf32>, tensor<3x3x8x16xf32>) outs(%f : tensor<2x4x4x16xf32>) -> tensor<2x4x4x16xf32>
  return %r : tensor<2x4x4x16xf32>
}

func.func @conv_nchw(%x: tensor<1x8x10x10xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x8x8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) outs(%f : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %r : tensor<1x16x8x8xf32>
}

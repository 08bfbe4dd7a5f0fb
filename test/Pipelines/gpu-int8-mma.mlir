// int8 matmuls on tensor cores (--compress-gpu-int8-mma, the default of
// --compress-gpu-pipeline on sm_80+): the tensor stage, the kernel stage on
// buffers, and the PTX (assembled by ptxas where the CUDA toolkit is
// installed). The kernel's tiling is executed on the CPU by
// test/Integration/GPU/int8-mma.mlir.
// RUN: compress-opt %s --compress-gpu-int8-mma | FileCheck %s --check-prefix=STAGE
// RUN: compress-opt %s --compress-gpu-int8-mma \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-int8-mma=stage=kernel --canonicalize --cse | FileCheck %s --check-prefix=KERNEL
// RUN: compress-opt %s --compress-gpu-pipeline="chip=sm_80" -o %t.sm80.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.sm80.mlir | FileCheck %s --check-prefixes=PTX,TPTX
// RUN: compress-opt %s --compress-gpu-pipeline="chip=sm_90" -o %t.sm90.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.sm90.mlir | FileCheck %s --check-prefixes=PTX,TPTX
// RUN: %if ptxas %{ for f in $(%python %S/Inputs/gpu_object.py %t.sm80.mlir --split %t.sm80); do %ptxas -arch=sm_80 $f -o $f.cubin || exit 1; done %}
// RUN: %if ptxas %{ for f in $(%python %S/Inputs/gpu_object.py %t.sm90.mlir --split %t.sm90); do %ptxas -arch=sm_90 $f -o $f.cubin || exit 1; done %}
// mma=false keeps every int8 matmul on dp4a.
// RUN: compress-opt %s --compress-gpu-pipeline="chip=sm_90 mma=false" -o %t.dp4a.mlir
// RUN: %python %S/Inputs/gpu_object.py %t.dp4a.mlir | FileCheck %s --check-prefix=DP4A
// RUN: not compress-opt %s --compress-gpu-int8-mma=stage=bogus 2>&1 | FileCheck %s --check-prefix=ERR

// Tensor stage: B transposed ([N][K], both operands K-contiguous: the
// row.col layout of mma.sync), at compile time when it is a constant; the
// contraction tagged for the kernel stage. M % 16, N % 8 or K % 32 != 0:
// left to dp4a.
// STAGE-DAG:   #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// STAGE-DAG:   #[[BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// STAGE-DAG:   #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// STAGE-DAG:   #[[GATHER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>
// STAGE-DAG:   #[[NCHW_GATHER:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d2, d0 * 2 + d3, d1 * 2 + d4)>
// STAGE-DAG:   #[[ZA:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// STAGE-DAG:   #[[ZBT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// STAGE-DAG:   #[[ZC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// STAGE-LABEL: func.func @runtime_b
// STAGE:         %[[T:.*]] = linalg.transpose ins(%{{.*}} : tensor<128x256xi8>) outs(%{{.*}} : tensor<256x128xi8>) permutation = [1, 0] {{ *}}{compress.int8_mma}
// STAGE:         linalg.generic {indexing_maps = [#[[A]], #[[BT]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %[[T]] : tensor<256x128xi8>, tensor<256x128xi8>) outs(%{{.*}} : tensor<256x256xi32>) attrs = {compress.int8_mma}
// STAGE:           arith.extsi
// STAGE:           arith.extsi
// STAGE:           arith.muli
// STAGE:           arith.addi
// STAGE-LABEL: func.func @constant_b
// Row n of the constant is column n of B (here 1, -1, 0, ..., 0 and
// 6, -6, 0, ..., 0, 9).
// STAGE:         %[[BTC:.*]] = arith.constant dense<"0x01FF0000{{0+}}02FE{{0+}}03FD{{0+}}04FC{{0+}}05FB{{0+}}06FA{{0+}}0907F9{{0+}}08F8{{0+}}"> : tensor<8x32xi8>
// STAGE:         linalg.generic {{.*}} ins(%{{.*}}, %[[BTC]] : tensor<16x32xi8>, tensor<8x32xi8>) {{.*}} attrs = {compress.int8_mma}
// STAGE-LABEL: func.func @declined
// STAGE:         linalg.matmul
// STAGE-NOT:     compress.int8_mma
// STAGE-LABEL: func.func @strided_a
// STAGE:         compress.int8_mma
// An int8 NHWC convolution: im2col as an affine gather into the 6-D view
// [N][OH][OW][KH][KW][C] of the input's windows, collapsed to the matmul's
// A [N*OH*OW][KH*KW*C]; the constant filter reshaped to B (then transposed)
// at compile time; the accumulator collapsed, the result expanded back.
// STAGE-LABEL: func.func @conv
// STAGE:         %[[WIN:.*]] = linalg.generic {indexing_maps = [#[[GATHER]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%arg0 : tensor<1x6x6x32xi8>) outs(%{{.*}} : tensor<1x4x4x3x3x32xi8>)
// STAGE:         %[[A:.*]] = tensor.collapse_shape %[[WIN]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<1x4x4x3x3x32xi8> into tensor<16x288xi8>
// STAGE:         %[[C:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<1x4x4x8xi32> into tensor<16x8xi32>
// STAGE:         %[[BT:.*]] = arith.constant dense<{{.*}}> : tensor<8x288xi8>
// STAGE:         %[[P:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[BT]] : tensor<16x288xi8>, tensor<8x288xi8>) outs(%[[C]] : tensor<16x8xi32>) attrs = {compress.int8_mma}
// STAGE:         tensor.expand_shape %[[P]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 4, 4, 8] : tensor<16x8xi32> into tensor<1x4x4x8xi32>
// A single-image NCHW convolution: the filter is A, the windows (gathered
// as [OH][OW][C][KH][KW]) are Bt, no transpose, and the product is already
// [F][OH*OW], i.e. NCHW.
// STAGE-LABEL: func.func @conv_nchw
// STAGE:         %[[NWIN:.*]] = linalg.generic {indexing_maps = [#[[NCHW_GATHER]], #{{.*}}], {{.*}} ins(%arg0 : tensor<1x32x9x9xi8>) outs(%{{.*}} : tensor<4x4x32x3x3xi8>)
// STAGE:         %[[NBT:.*]] = tensor.collapse_shape %[[NWIN]] {{\[\[}}0, 1], [2, 3, 4]] : tensor<4x4x32x3x3xi8> into tensor<16x288xi8>
// STAGE:         %[[NA:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0], [1, 2, 3]] : tensor<16x32x3x3xi8> into tensor<16x288xi8>
// STAGE:         %[[NC:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2, 3]] : tensor<1x16x4x4xi32> into tensor<16x16xi32>
// STAGE-NOT:     linalg.transpose
// STAGE:         %[[NP:.*]] = linalg.generic {{.*}} ins(%[[NA]], %[[NBT]] : tensor<16x288xi8>, tensor<16x288xi8>) outs(%[[NC]] : tensor<16x16xi32>) attrs = {compress.int8_mma}
// STAGE:         tensor.expand_shape %[[NP]] {{\[\[}}0, 1], [2, 3]] output_shape [1, 16, 4, 4] : tensor<16x16xi32> into tensor<1x16x4x4xi32>
// A batch_matmul: B transposed per matrix (permutation [0, 2, 1]), the
// contraction batched (b, m, k) x (b, n, k) -> (b, m, n).
// STAGE-LABEL: func.func @batched
// STAGE:         %[[ZT:.*]] = linalg.transpose ins(%{{.*}} : tensor<2x64x32xi8>) outs(%{{.*}} : tensor<2x32x64xi8>) permutation = [0, 2, 1] {{ *}}{compress.int8_mma}
// STAGE:         linalg.generic {indexing_maps = [#[[ZA]], #[[ZBT]], #[[ZC]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %[[ZT]] : tensor<2x32x64xi8>, tensor<2x32x64xi8>) outs(%{{.*}} : tensor<2x32x32xi32>) attrs = {compress.int8_mma}

// Kernel stage, 256x128 @ 128x256: 2 x 2 blocks of 128 x 128, four warps
// (128 threads) of 64 x 64, workgroup tiles in two stages of 128 rows x 64
// bytes padded to 80. K in steps of 64, software-pipelined: the tiles of
// step 0 requested before the loop (asynchronous 16-byte copies, one
// group); each step requests the next step's tiles into the other stage,
// waits for all but that group, meets a barrier, updates the warp's 4 x 8
// accumulators (vector<2x2xi32> per lane) with 2 x 32 mma.sync from
// ldmatrix fragments of its stage, and meets a barrier.
// C is a fresh buffer filled with a constant: the fill is gone and the
// accumulators start from the constant (no pass over C, no read of it).
// The run-time B is transposed by 4 x 2 blocks of 64 x 64 bytes (256
// threads and a workgroup tile of 64 rows padded to 65 bytes): thread t
// loads 16 bytes of source row t / 4 into the tile, then, after a barrier,
// gathers 16 bytes of tile column t / 4 and stores them into a row of Bt.
// KERNEL-DAG:   #[[TROW:.*]] = affine_map<()[s0] -> (s0 floordiv 4)>
// KERNEL-DAG:   #[[TPIECE:.*]] = affine_map<()[s0] -> (s0 * 16 - (s0 floordiv 4) * 64)>
// KERNEL-DAG:   #[[TGROW:.*]] = affine_map<()[s0, s1] -> (s0 * 64 + s1 floordiv 4)>
// KERNEL-DAG:   #[[TGCOL:.*]] = affine_map<()[s0, s1] -> (s0 * 64 + s1 * 16 - (s1 floordiv 4) * 64)>
// KERNEL-LABEL: func.func @runtime_b
// KERNEL-NOT:     linalg.fill
// KERNEL:         %[[ZERO:.*]] = arith.constant dense<0> : vector<2x2xi32>
// KERNEL-NOT:     linalg.fill
// KERNEL:         %[[BT:.*]] = memref.alloc() {{.*}} : memref<256x128xi8>
// KERNEL:         gpu.launch blocks(%[[TBX:[^,]*]], %[[TBY:[^,]*]], %{{[^,]*}}) in ({{.*}} = %c4, {{.*}} = %c2, {{.*}} = %c1) threads(%[[TT:[^,]*]], {{.*}}) in ({{.*}} = %c256, {{.*}} = %c1, {{.*}} = %c1) workgroup(%[[TILE:.*]] : memref<64x65xi8, #gpu.address_space<workgroup>>)
// KERNEL-NEXT:      %[[TR:.*]] = affine.apply #[[TROW]]()[%[[TT]]]
// KERNEL-NEXT:      %[[TC:.*]] = affine.apply #[[TPIECE]]()[%[[TT]]]
// KERNEL-NEXT:      %[[SROW:.*]] = affine.apply #[[TGROW]]()[%[[TBY]], %[[TT]]]
// KERNEL-NEXT:      %[[SCOL:.*]] = affine.apply #[[TGCOL]]()[%[[TBX]], %[[TT]]]
// KERNEL-NEXT:      %[[PIECE:.*]] = vector.load %arg1[%[[SROW]], %[[SCOL]]] {alignment = 16 : i64} : memref<128x256xi8>, vector<16xi8>
// KERNEL-NEXT:      vector.store %[[PIECE]], %[[TILE]][%[[TR]], %[[TC]]] : memref<64x65xi8, #gpu.address_space<workgroup>>, vector<16xi8>
// KERNEL-NEXT:      gpu.barrier
// KERNEL-NEXT:      %[[FIRST:.*]] = memref.load %[[TILE]][%[[TC]], %[[TR]]]
// KERNEL-COUNT-15:  memref.load %[[TILE]][%{{.*}}, %[[TR]]]
// KERNEL-NEXT:      %[[COLUMN:.*]] = vector.from_elements %[[FIRST]], {{.*}} : vector<16xi8>
// KERNEL-NEXT:      %[[DROW:.*]] = affine.apply #[[TGROW]]()[%[[TBX]], %[[TT]]]
// KERNEL-NEXT:      %[[DCOL:.*]] = affine.apply #[[TGCOL]]()[%[[TBY]], %[[TT]]]
// KERNEL-NEXT:      vector.store %[[COLUMN]], %[[BT]][%[[DROW]], %[[DCOL]]] {alignment = 16 : i64} : memref<256x128xi8>, vector<16xi8>
// KERNEL-NEXT:      gpu.terminator
// KERNEL:         gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c2, {{.*}} = %c1) threads(%[[TX:[^,]*]], {{.*}}) in ({{.*}} = %c128, {{.*}} = %c1, {{.*}} = %c1) workgroup(%[[SA:.*]] : memref<2x128x80xi8, #gpu.address_space<workgroup>>, %[[SB:.*]] : memref<2x128x80xi8, #gpu.address_space<workgroup>>)
// KERNEL-NOT:       vector.load %{{.*}} : memref<256x256xi32>
// KERNEL:           scf.for %[[CHUNK:.*]] = %[[TX]] to %c1024 step %c128 {
// KERNEL-NEXT:        %[[ISA:.*]] = arith.cmpi ult, %[[CHUNK]], %c512 : index
// KERNEL-NEXT:        scf.if %[[ISA]] {
// KERNEL:               nvgpu.device_async_copy %arg0[{{.*}}], %[[SA]][%c0, {{.*}}], 16 {bypassL1} : memref<256x128xi8> to memref<2x128x80xi8, #gpu.address_space<workgroup>>
// KERNEL-NEXT:        } else {
// KERNEL:               nvgpu.device_async_copy %[[BT]][{{.*}}], %[[SB]][%c0, {{.*}}], 16 {bypassL1} : memref<256x128xi8> to memref<2x128x80xi8, #gpu.address_space<workgroup>>
// KERNEL:           nvgpu.device_async_create_group
// KERNEL-NEXT:      scf.for %[[K:.*]] = %c0 to %c128 step %c64 iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], {{.*}}) -> (vector<2x2xi32>
// KERNEL-DAG:         %[[SLOT:.*]] = affine.apply #{{.*}}()[%[[K]]]
// KERNEL-DAG:         %[[NEXTK:.*]] = affine.apply #{{.*}}()[%[[K]]]
// KERNEL:             %[[MORE:.*]] = arith.cmpi ult, %[[NEXTK]], %c128 : index
// KERNEL-NEXT:        scf.if %[[MORE]] {
// KERNEL:               nvgpu.device_async_copy %arg0
// KERNEL:               nvgpu.device_async_copy %[[BT]]
// KERNEL:             %[[GROUP:.*]] = nvgpu.device_async_create_group
// KERNEL-NEXT:        nvgpu.device_async_wait %[[GROUP]] {numGroups = 1 : i32}
// KERNEL-NEXT:        gpu.barrier
// KERNEL-COUNT-4:     nvgpu.ldmatrix %[[SA]][%[[SLOT]], {{.*}}] {numTiles = 4 : i32, transpose = false} : memref<2x128x80xi8, #gpu.address_space<workgroup>> -> vector<4x4xi8>
// KERNEL-COUNT-8:     nvgpu.ldmatrix %[[SB]][%[[SLOT]], {{.*}}] {numTiles = 2 : i32, transpose = false} : memref<2x128x80xi8, #gpu.address_space<workgroup>> -> vector<2x4xi8>
// KERNEL-COUNT-32:    nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 32]} : (vector<4x4xi8>, vector<2x4xi8>, vector<2x2xi32>) -> vector<2x2xi32>
// KERNEL-COUNT-4:     nvgpu.ldmatrix %[[SA]][%[[SLOT]]
// KERNEL-COUNT-8:     nvgpu.ldmatrix %[[SB]][%[[SLOT]]
// KERNEL-COUNT-32:    nvgpu.mma.sync
// KERNEL-NEXT:        gpu.barrier
// KERNEL-NEXT:        scf.yield
// KERNEL-COUNT-64:  vector.store %{{.*}}, %{{.*}} : memref<256x256xi32>, vector<2xi32>
// KERNEL:           gpu.terminator
// A 16 x 8 x 32 matmul: one block of one warp, one mma.sync (the K loop of
// one step folded away).
// KERNEL-LABEL: func.func @constant_b
// KERNEL:         gpu.launch {{.*}} threads({{.*}}) in ({{.*}} = %c32, {{.*}}) workgroup({{.*}} : memref<2x16x48xi8, #gpu.address_space<workgroup>>, {{.*}} : memref<2x8x48xi8, #gpu.address_space<workgroup>>)
// KERNEL-COUNT-1: nvgpu.mma.sync
// KERNEL-NOT:     nvgpu.mma.sync
// KERNEL-LABEL: func.func @declined
// KERNEL-NOT:     gpu.launch
// KERNEL:         linalg.matmul
// An operand the kernel cannot address with aligned 16-byte copies (a view
// at a dynamic or unaligned offset in general): the contraction stays a
// plain generic (parallel loops later), untagged.
// KERNEL-LABEL: func.func @strided_a
// KERNEL-NOT:     gpu.launch
// KERNEL:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : memref<16x64xi8, strided<[64, 1], offset: 1024>>, memref<8x64xi8>)
// KERNEL-NOT:     compress.int8_mma
// An element-wise consumer of a fresh C (here a truncation with a
// per-column offset) is applied by the kernel as each lane stores its
// elements: the consumer and the i32 buffer are gone.
// KERNEL-LABEL: func.func @epilogue
// KERNEL-NOT:     memref<16x8xi32>
// KERNEL:         %[[Q:.*]] = memref.alloc() {{.*}} : memref<16x8xi8>
// KERNEL:         gpu.launch
// KERNEL:           nvgpu.mma.sync
// KERNEL:           memref.load %arg1[%{{.*}}] : memref<8xi32>
// KERNEL:           arith.addi
// KERNEL:           arith.trunci
// KERNEL:           memref.store %{{.*}}, %[[Q]][%{{.*}}, %{{.*}}] : memref<16x8xi8>
// KERNEL:           gpu.terminator
// KERNEL-NOT:     linalg.generic
// KERNEL:         return %[[Q]]

// Batched: both kernels take the batch on the grid's z and index views of
// its matrices (the transpose 32 x 32 tiles of 64 threads, the product one
// block of one warp per matrix).
// KERNEL-LABEL: func.func @batched
// KERNEL:         gpu.launch blocks(%{{[^,]*}}, %{{[^,]*}}, %[[TZ:[^)]*]]) in ({{.*}} = %c1, {{.*}} = %c2, {{.*}} = %c2) threads({{.*}}) in ({{.*}} = %c64, {{.*}} = %c1, {{.*}} = %c1) workgroup(%{{.*}} : memref<32x33xi8, #gpu.address_space<workgroup>>)
// KERNEL-NEXT:      %[[SRC:.*]] = memref.subview %arg1[%[[TZ]], 0, 0] [1, 64, 32] [1, 1, 1] : memref<2x64x32xi8> to memref<64x32xi8, strided<[32, 1], offset: ?>>
// KERNEL-NEXT:      %[[DST:.*]] = memref.subview %[[ZBUF:.*]][%[[TZ]], 0, 0] [1, 32, 64] [1, 1, 1] : memref<2x32x64xi8> to memref<32x64xi8, strided<[64, 1], offset: ?>>
// KERNEL:           vector.load %[[SRC]]
// KERNEL:           vector.store %{{.*}}, %[[DST]]
// KERNEL:         gpu.launch blocks(%{{[^,]*}}, %{{[^,]*}}, %[[MZ:[^)]*]]) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c2) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c1, {{.*}} = %c1)
// KERNEL-NEXT:      %[[VA:.*]] = memref.subview %arg0[%[[MZ]], 0, 0] [1, 32, 64] [1, 1, 1] : memref<2x32x64xi8> to memref<32x64xi8, strided<[64, 1], offset: ?>>
// KERNEL-NEXT:      %[[VB:.*]] = memref.subview %[[ZBUF]][%[[MZ]], 0, 0] [1, 32, 64] [1, 1, 1] : memref<2x32x64xi8> to memref<32x64xi8, strided<[64, 1], offset: ?>>
// KERNEL-NEXT:      %[[VC:.*]] = memref.subview %{{.*}}[%[[MZ]], 0, 0] [1, 32, 32] [1, 1, 1] : memref<2x32x32xi32> to memref<32x32xi32, strided<[32, 1], offset: ?>>
// KERNEL:           nvgpu.device_async_copy %[[VA]]
// KERNEL:           nvgpu.device_async_copy %[[VB]]
// KERNEL:           nvgpu.mma.sync
// KERNEL:           vector.store %{{.*}}, %[[VC]]

// The transpose of the run-time B (the first kernel): one 16-byte global
// load per thread into the 64 x 65-byte tile, a barrier, 16 byte loads
// 65 bytes apart, one 16-byte global store.
// TPTX:         .entry runtime_b_kernel(
// TPTX:         .shared .align 16 .b8 __wg_runtime_b_kernel_0[4160];
// TPTX:         ld.global.v4.b32
// TPTX-COUNT-16: st.shared.b8
// TPTX-NEXT:    bar.sync 0;
// TPTX-COUNT-16: ld.shared.b8
// TPTX:         st.global.v4.b32
// TPTX:         .entry runtime_b_kernel(
// In the PTX, 16-byte aligned workgroup buffers, asynchronous 16-byte
// copies in groups, ldmatrix, int8 mma.sync, barriers; the declined matmul
// on dp4a.
// PTX-DAG: .shared .align 16 .b8 __wg_runtime_b_kernel_0[20480];
// PTX-DAG: .shared .align 16 .b8 __wg_runtime_b_kernel_1[20480];
// PTX-DAG: cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16;
// PTX-DAG: cp.async.commit_group;
// PTX-DAG: cp.async.wait_group 1;
// PTX-DAG: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// PTX-DAG: ldmatrix.sync.aligned.m8n8.x2.shared.b16
// PTX-DAG: mma.sync.aligned.m16n8k32.row.col.satfinite.s32.s8.s8.s32
// PTX-DAG: bar.sync
// PTX-DAG: dp4a.s32.s32
// DP4A-NOT: mma.sync
// DP4A: dp4a.s32.s32
// DP4A-NOT: mma.sync
// ERR: error: unknown stage 'bogus' (expected tensor, kernel, emulate, emulate-lanes or align)

func.func @runtime_b(%a: tensor<256x128xi8>, %b: tensor<128x256xi8>) -> tensor<256x256xi32> {
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<256x256xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<256x256xi32>) -> tensor<256x256xi32>
  %r = linalg.matmul ins(%a, %b : tensor<256x128xi8>, tensor<128x256xi8>) outs(%init : tensor<256x256xi32>) -> tensor<256x256xi32>
  return %r : tensor<256x256xi32>
}

func.func @constant_b(%a: tensor<16x32xi8>) -> tensor<16x8xi32> {
  %b = arith.constant dense<[[1, 2, 3, 4, 5, 6, 7, 8], [-1, -2, -3, -4, -5, -6, -7, -8], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 9, 0, 0]]> : tensor<32x8xi8>
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<16x8xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<16x8xi32>) -> tensor<16x8xi32>
  %r = linalg.matmul ins(%a, %b : tensor<16x32xi8>, tensor<32x8xi8>) outs(%init : tensor<16x8xi32>) -> tensor<16x8xi32>
  return %r : tensor<16x8xi32>
}
func.func @declined(%a: tensor<4x32xi8>, %b: tensor<32x8xi8>) -> tensor<4x8xi32> {
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x8xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<4x8xi32>) -> tensor<4x8xi32>
  %r = linalg.matmul ins(%a, %b : tensor<4x32xi8>, tensor<32x8xi8>) outs(%init : tensor<4x8xi32>) -> tensor<4x8xi32>
  return %r : tensor<4x8xi32>
}

func.func @strided_a(%big: tensor<32x64xi8>, %b: tensor<64x8xi8>) -> tensor<16x8xi32> {
  %a = tensor.extract_slice %big[16, 0] [16, 64] [1, 1] : tensor<32x64xi8> to tensor<16x64xi8>
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<16x8xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<16x8xi32>) -> tensor<16x8xi32>
  %r = linalg.matmul ins(%a, %b : tensor<16x64xi8>, tensor<64x8xi8>) outs(%init : tensor<16x8xi32>) -> tensor<16x8xi32>
  return %r : tensor<16x8xi32>
}

func.func @epilogue(%a: tensor<16x32xi8>, %offset: tensor<8xi32>) -> tensor<16x8xi8> {
  %b = arith.constant dense<1> : tensor<32x8xi8>
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<16x8xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<16x8xi32>) -> tensor<16x8xi32>
  %acc = linalg.matmul ins(%a, %b : tensor<16x32xi8>, tensor<32x8xi8>) outs(%init : tensor<16x8xi32>) -> tensor<16x8xi32>
  %e8 = tensor.empty() : tensor<16x8xi8>
  %q = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc, %offset : tensor<16x8xi32>, tensor<8xi32>) outs(%e8 : tensor<16x8xi8>) {
  ^bb0(%x: i32, %o: i32, %out: i8):
    %s = arith.addi %x, %o : i32
    %t = arith.trunci %s : i32 to i8
    linalg.yield %t : i8
  } -> tensor<16x8xi8>
  return %q : tensor<16x8xi8>
}

func.func @conv(%x: tensor<1x6x6x32xi8>) -> tensor<1x4x4x8xi32> {
  %w = arith.constant dense<2> : tensor<3x3x32x8xi8>
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x4x8xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<1x4x4x8xi32>) -> tensor<1x4x4x8xi32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x32xi8>, tensor<3x3x32x8xi8>) outs(%f : tensor<1x4x4x8xi32>) -> tensor<1x4x4x8xi32>
  return %r : tensor<1x4x4x8xi32>
}

func.func @conv_nchw(%x: tensor<1x32x9x9xi8>, %w: tensor<16x32x3x3xi8>) -> tensor<1x16x4x4xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x16x4x4xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<1x16x4x4xi32>) -> tensor<1x16x4x4xi32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x32x9x9xi8>, tensor<16x32x3x3xi8>) outs(%f : tensor<1x16x4x4xi32>) -> tensor<1x16x4x4xi32>
  return %r : tensor<1x16x4x4xi32>
}

func.func @batched(%a: tensor<2x32x64xi8>, %b: tensor<2x64x32xi8>) -> tensor<2x32x32xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x32x32xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<2x32x32xi32>) -> tensor<2x32x32xi32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<2x32x64xi8>, tensor<2x64x32xi8>) outs(%f : tensor<2x32x32xi32>) -> tensor<2x32x32xi32>
  return %r : tensor<2x32x32xi32>
}

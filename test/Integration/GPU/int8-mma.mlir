// The tensor-core kernel's tiling executed on a CPU: --compress-gpu-int8-mma
// builds the same block / warp / K-step loops, workgroup tiles and
// warp-level 16x8x32 contractions as for the GPU (stage=kernel), with the
// blocks, warps and copying threads as sequential loops (stage=emulate);
// likewise the kernel that transposes a run-time B.
// With stage=emulate-lanes the warp contractions go through the same
// vector-to-nvgpu conversion as on the GPU (upstream's lane distribution:
// gpu.lane_id, ldmatrix, mma.sync, per-lane accesses of C) and the 32 lanes
// of each warp then run one after another, ldmatrix and mma.sync emulated
// from their PTX definitions: the lane-level code and the kernel's
// addressing checked without a GPU (not checked: cp.async completion and
// the barriers, i.e. the pipeline's synchronization).
// The third run takes the dp4a path instead (what mma=false, shapes
// tensor cores do not take and gfx942 get): int8 matmuls as dot products
// over 32-bit words, the staged kernel of GpuStagedMatmul.cpp where the
// shape tiles (256x96x256, 256x128x256, 32x64x16) and loops with a
// register tile per thread otherwise, emulated (emulate=true: dot
// products in arith).
// Each result is compared element by element with a plain contraction of
// the same operands; the sums are numpy's. Where there is an NVIDIA GPU and
// the CUDA runtime library was built, the same program also runs on the GPU
// (sm_80 PTX, JIT-compiled by the driver for newer chips) through
// mlir-runner, with tensor cores and with dp4a: same output.
// RUN: compress-opt %s --compress-gpu-int8-mma \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-int8-mma=stage=emulate --compress-cpu-lower-vectors \
// RUN:   --convert-linalg-to-loops \
// RUN:   --convert-vector-to-scf --expand-strided-metadata --lower-affine \
// RUN:   --convert-scf-to-cf --convert-vector-to-llvm --convert-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-gpu-int8-mma \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-int8-mma=stage=emulate-lanes --compress-cpu-lower-vectors \
// RUN:   --convert-linalg-to-loops \
// RUN:   --convert-vector-to-scf --expand-strided-metadata --lower-affine \
// RUN:   --convert-scf-to-cf --convert-vector-to-llvm --convert-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-gpu-int8-dot \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-int8-dot="finalize=true emulate=true" \
// RUN:   --convert-linalg-to-loops \
// RUN:   --convert-vector-to-scf --expand-strided-metadata --lower-affine \
// RUN:   --convert-scf-to-cf --convert-vector-to-llvm --convert-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | %run-main | FileCheck %s
// RUN: %if cuda-gpu && cuda-runtime %{ compress-opt %s --compress-gpu-pipeline="chip=sm_80" | mlir-runner -O2 -e main -entry-point-result=void -shared-libs=%compress_lib_dir/libcompress_cuda_runtime.so,%mlir_runner_libs | FileCheck %s %}
// RUN: %if cuda-gpu && cuda-runtime %{ compress-opt %s --compress-gpu-pipeline="chip=sm_80 mma=false" | mlir-runner -O2 -e main -entry-point-result=void -shared-libs=%compress_lib_dir/libcompress_cuda_runtime.so,%mlir_runner_libs | FileCheck %s %}

// The run-time B of each case is transposed by the transpose kernel's
// tiling, emulated too: in 32 x 32 tiles (96x256), 64 x 64 tiles
// (128x256), or one thread per byte (128x40 and 64x16: sides not multiples
// of 32).
// 256x96 @ 96x256: 2 x 2 blocks of 128 x 128, four warps of 64 x 64 (2 x 2),
// K in three steps of 32.
// CHECK: large mismatches: 0
// CHECK-NEXT: 1572864
// 256x128 @ 128x256: the same blocks and warps, K in two steps of 64 (two
// mma K steps each).
// CHECK-NEXT: large-k64 mismatches: 0
// CHECK-NEXT: 2097152
// 48x128 @ 128x40 + 7: 3 x 5 blocks of 16 x 8, one warp, K in two steps of
// 64 (two mma K steps each); C starts at 7 (read by the kernel).
// CHECK-NEXT: small mismatches: 0
// CHECK-NEXT: -88960
// Constant B (transposed at compile time).
// CHECK-NEXT: constant mismatches: 0
// CHECK-NEXT: 29696
// 32x64 @ 64x16 accumulated into a C the caller passes (read by the kernel;
// the three cases above start from their constant fill instead).
// CHECK-NEXT: accumulate mismatches: 0
// CHECK-NEXT: 104448
// 32x64 @ 64x16 followed by a requantization-like epilogue (per-column
// bias, a shift, a per-row term through linalg.index, a clamp to int8),
// applied by the kernel as it stores (C never written).
// CHECK-NEXT: epilogue mismatches: 0
// CHECK-NEXT: -4186
// An int8 NHWC convolution (batch 2, 9x9x32, 3x3x32x8 filter, stride 2)
// through im2col and the matmul kernel (32 x 288 x 8).
// CHECK-NEXT: conv mismatches: 0
// CHECK-NEXT: -208896
// A single-image NCHW convolution (32x10x10, 16x32x3x3 filter): filter x
// windows^T, the result NCHW as computed (16 x 288 x 64).
// CHECK-NEXT: conv nchw mismatches: 0
// CHECK-NEXT: -256000
// A batch_matmul 3 x (64x64 @ 64x128) + 5: the batch on the grid's z (a
// loop in the emulation), each matrix a 64 x 128 block of two warps; the
// run-time B transposed per matrix in 64 x 64 tiles.
// CHECK-NEXT: batch mismatches: 0
// CHECK-NEXT: 393216

func.func @mm_large(%a: tensor<256x96xi8>, %b: tensor<96x256xi8>) -> tensor<256x256xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<256x256xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<256x256xi32>) -> tensor<256x256xi32>
  %r = linalg.matmul ins(%a, %b : tensor<256x96xi8>, tensor<96x256xi8>) outs(%f : tensor<256x256xi32>) -> tensor<256x256xi32>
  return %r : tensor<256x256xi32>
}

func.func @mm_large_k64(%a: tensor<256x128xi8>, %b: tensor<128x256xi8>) -> tensor<256x256xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<256x256xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<256x256xi32>) -> tensor<256x256xi32>
  %r = linalg.matmul ins(%a, %b : tensor<256x128xi8>, tensor<128x256xi8>) outs(%f : tensor<256x256xi32>) -> tensor<256x256xi32>
  return %r : tensor<256x256xi32>
}

func.func @mm_small(%a: tensor<48x128xi8>, %b: tensor<128x40xi8>) -> tensor<48x40xi32> {
  %z = arith.constant 7 : i32
  %e = tensor.empty() : tensor<48x40xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<48x40xi32>) -> tensor<48x40xi32>
  %r = linalg.matmul ins(%a, %b : tensor<48x128xi8>, tensor<128x40xi8>) outs(%f : tensor<48x40xi32>) -> tensor<48x40xi32>
  return %r : tensor<48x40xi32>
}

// B[k][n] = (29 k + 71 n + 5) mod 256 - 128, as @pattern builds it.
func.func @mm_constant(%a: tensor<16x32xi8>) -> tensor<16x8xi32> {
  %b = arith.constant dense<[[-123, -52, 19, 90, -95, -24, 47, 118],
      [-94, -23, 48, 119, -66, 5, 76, -109],
      [-65, 6, 77, -108, -37, 34, 105, -80],
      [-36, 35, 106, -79, -8, 63, -122, -51],
      [-7, 64, -121, -50, 21, 92, -93, -22],
      [22, 93, -92, -21, 50, 121, -64, 7],
      [51, 122, -63, 8, 79, -106, -35, 36],
      [80, -105, -34, 37, 108, -77, -6, 65],
      [109, -76, -5, 66, -119, -48, 23, 94],
      [-118, -47, 24, 95, -90, -19, 52, 123],
      [-89, -18, 53, 124, -61, 10, 81, -104],
      [-60, 11, 82, -103, -32, 39, 110, -75],
      [-31, 40, 111, -74, -3, 68, -117, -46],
      [-2, 69, -116, -45, 26, 97, -88, -17],
      [27, 98, -87, -16, 55, 126, -59, 12],
      [56, 127, -58, 13, 84, -101, -30, 41],
      [85, -100, -29, 42, 113, -72, -1, 70],
      [114, -71, 0, 71, -114, -43, 28, 99],
      [-113, -42, 29, 100, -85, -14, 57, -128],
      [-84, -13, 58, -127, -56, 15, 86, -99],
      [-55, 16, 87, -98, -27, 44, 115, -70],
      [-26, 45, 116, -69, 2, 73, -112, -41],
      [3, 74, -111, -40, 31, 102, -83, -12],
      [32, 103, -82, -11, 60, -125, -54, 17],
      [61, -124, -53, 18, 89, -96, -25, 46],
      [90, -95, -24, 47, 118, -67, 4, 75],
      [119, -66, 5, 76, -109, -38, 33, 104],
      [-108, -37, 34, 105, -80, -9, 62, -123],
      [-79, -8, 63, -122, -51, 20, 91, -94],
      [-50, 21, 92, -93, -22, 49, 120, -65],
      [-21, 50, 121, -64, 7, 78, -107, -36],
      [8, 79, -106, -35, 36, 107, -78, -7]]> : tensor<32x8xi8>
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<16x8xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<16x8xi32>) -> tensor<16x8xi32>
  %r = linalg.matmul ins(%a, %b : tensor<16x32xi8>, tensor<32x8xi8>) outs(%f : tensor<16x8xi32>) -> tensor<16x8xi32>
  return %r : tensor<16x8xi32>
}

func.func @mm_accumulate(%a: tensor<32x64xi8>, %b: tensor<64x16xi8>, %c: tensor<32x16xi32>) -> tensor<32x16xi32> {
  %r = linalg.matmul ins(%a, %b : tensor<32x64xi8>, tensor<64x16xi8>) outs(%c : tensor<32x16xi32>) -> tensor<32x16xi32>
  return %r : tensor<32x16xi32>
}

func.func @mm_requant(%a: tensor<32x64xi8>, %b: tensor<64x16xi8>, %bias: tensor<16xi32>) -> tensor<32x16xi8> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<32x16xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<32x16xi32>) -> tensor<32x16xi32>
  %acc = linalg.matmul ins(%a, %b : tensor<32x64xi8>, tensor<64x16xi8>) outs(%f : tensor<32x16xi32>) -> tensor<32x16xi32>
  %e8 = tensor.empty() : tensor<32x16xi8>
  %q = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc, %bias : tensor<32x16xi32>, tensor<16xi32>) outs(%e8 : tensor<32x16xi8>) {
  ^bb0(%x: i32, %bb: i32, %o: i8):
    %i = linalg.index 0 : index
    %c3i = arith.constant 3 : index
    %im = arith.remui %i, %c3i : index
    %i32 = arith.index_cast %im : index to i32
    %t = arith.addi %x, %bb : i32
    %c6 = arith.constant 6 : i32
    %u = arith.shrsi %t, %c6 : i32
    %v = arith.addi %u, %i32 : i32
    %lo = arith.constant -128 : i32
    %hi = arith.constant 127 : i32
    %w = arith.maxsi %v, %lo : i32
    %y = arith.minsi %w, %hi : i32
    %r8 = arith.trunci %y : i32 to i8
    linalg.yield %r8 : i8
  } -> tensor<32x16xi8>
  return %q : tensor<32x16xi8>
}

// The same epilogue on the reference's result, widened back to i32.
func.func @requant_reference(%acc: tensor<?x?xi32>, %bias: tensor<16xi32>) -> tensor<?x?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %acc, %c0 : tensor<?x?xi32>
  %n = tensor.dim %acc, %c1 : tensor<?x?xi32>
  %e8 = tensor.empty(%m, %n) : tensor<?x?xi8>
  %q = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc, %bias : tensor<?x?xi32>, tensor<16xi32>) outs(%e8 : tensor<?x?xi8>) {
  ^bb0(%x: i32, %bb: i32, %o: i8):
    %i = linalg.index 0 : index
    %c3i = arith.constant 3 : index
    %im = arith.remui %i, %c3i : index
    %i32 = arith.index_cast %im : index to i32
    %t = arith.addi %x, %bb : i32
    %c6 = arith.constant 6 : i32
    %u = arith.shrsi %t, %c6 : i32
    %v = arith.addi %u, %i32 : i32
    %lo = arith.constant -128 : i32
    %hi = arith.constant 127 : i32
    %w = arith.maxsi %v, %lo : i32
    %y = arith.minsi %w, %hi : i32
    %r8 = arith.trunci %y : i32 to i8
    linalg.yield %r8 : i8
  } -> tensor<?x?xi8>
  %r = call @widen(%q) : (tensor<?x?xi8>) -> tensor<?x?xi32>
  return %r : tensor<?x?xi32>
}

func.func @widen(%x: tensor<?x?xi8>) -> tensor<?x?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %x, %c0 : tensor<?x?xi8>
  %n = tensor.dim %x, %c1 : tensor<?x?xi8>
  %e = tensor.empty(%m, %n) : tensor<?x?xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x?xi8>) outs(%e : tensor<?x?xi32>) {
  ^bb0(%v: i8, %o: i32):
    %w = arith.extsi %v : i8 to i32
    linalg.yield %w : i32
  } -> tensor<?x?xi32>
  return %r : tensor<?x?xi32>
}

func.func @conv(%x: tensor<2x9x9x32xi8>, %w: tensor<3x3x32x8xi8>) -> tensor<2x4x4x8xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x4x4x8xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<2x4x4x8xi32>) -> tensor<2x4x4x8xi32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<2x9x9x32xi8>, tensor<3x3x32x8xi8>) outs(%f : tensor<2x4x4x8xi32>) -> tensor<2x4x4x8xi32>
  return %r : tensor<2x4x4x8xi32>
}

// The same convolution as a plain generic (no named op for the pass to take).
func.func @conv_reference(%x: tensor<2x9x9x32xi8>, %w: tensor<3x3x32x8xi8>) -> tensor<2x4x4x8xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x4x4x8xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<2x4x4x8xi32>) -> tensor<2x4x4x8xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, oh, ow, f, kh, kw, c) -> (n, oh * 2 + kh, ow * 2 + kw, c)>, affine_map<(n, oh, ow, f, kh, kw, c) -> (kh, kw, c, f)>, affine_map<(n, oh, ow, f, kh, kw, c) -> (n, oh, ow, f)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<2x9x9x32xi8>, tensor<3x3x32x8xi8>) outs(%f : tensor<2x4x4x8xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %a32 = arith.extsi %a : i8 to i32
    %b32 = arith.extsi %b : i8 to i32
    %p = arith.muli %a32, %b32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  } -> tensor<2x4x4x8xi32>
  return %r : tensor<2x4x4x8xi32>
}

func.func @conv_nchw(%x: tensor<1x32x10x10xi8>, %w: tensor<16x32x3x3xi8>) -> tensor<1x16x8x8xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x16x8x8xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<1x16x8x8xi32>) -> tensor<1x16x8x8xi32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x32x10x10xi8>, tensor<16x32x3x3xi8>) outs(%f : tensor<1x16x8x8xi32>) -> tensor<1x16x8x8xi32>
  return %r : tensor<1x16x8x8xi32>
}

func.func @conv_nchw_reference(%x: tensor<1x32x10x10xi8>, %w: tensor<16x32x3x3xi8>) -> tensor<1x16x8x8xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x16x8x8xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<1x16x8x8xi32>) -> tensor<1x16x8x8xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>, affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>, affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x32x10x10xi8>, tensor<16x32x3x3xi8>) outs(%f : tensor<1x16x8x8xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %a32 = arith.extsi %a : i8 to i32
    %b32 = arith.extsi %b : i8 to i32
    %p = arith.muli %a32, %b32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  } -> tensor<1x16x8x8xi32>
  return %r : tensor<1x16x8x8xi32>
}

func.func @mm_batch(%a: tensor<3x64x64xi8>, %b: tensor<3x64x128xi8>) -> tensor<3x64x128xi32> {
  %five = arith.constant 5 : i32
  %e = tensor.empty() : tensor<3x64x128xi32>
  %f = linalg.fill ins(%five : i32) outs(%e : tensor<3x64x128xi32>) -> tensor<3x64x128xi32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<3x64x64xi8>, tensor<3x64x128xi8>) outs(%f : tensor<3x64x128xi32>) -> tensor<3x64x128xi32>
  return %r : tensor<3x64x128xi32>
}

func.func @mm_batch_reference(%a: tensor<3x64x64xi8>, %b: tensor<3x64x128xi8>) -> tensor<3x64x128xi32> {
  %five = arith.constant 5 : i32
  %e = tensor.empty() : tensor<3x64x128xi32>
  %f = linalg.fill ins(%five : i32) outs(%e : tensor<3x64x128xi32>) -> tensor<3x64x128xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(z, i, j, k) -> (z, i, k)>, affine_map<(z, i, j, k) -> (z, k, j)>, affine_map<(z, i, j, k) -> (z, i, j)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<3x64x64xi8>, tensor<3x64x128xi8>) outs(%f : tensor<3x64x128xi32>) {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %x32 = arith.extsi %x : i8 to i32
    %y32 = arith.extsi %y : i8 to i32
    %p = arith.muli %x32, %y32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  } -> tensor<3x64x128xi32>
  return %r : tensor<3x64x128xi32>
}

// x[i][j] = (p i + q j + s) mod 256 - 128.
func.func @pattern(%rows: index, %cols: index, %p: index, %q: index, %s: index) -> tensor<?x?xi8> {
  %e = tensor.empty(%rows, %cols) : tensor<?x?xi8>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<?x?xi8>) {
  ^bb0(%out: i8):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %pi = arith.muli %i, %p : index
    %qj = arith.muli %j, %q : index
    %t = arith.addi %pi, %qj : index
    %u = arith.addi %t, %s : index
    %c256 = arith.constant 256 : index
    %c128 = arith.constant 128 : index
    %m = arith.remui %u, %c256 : index
    %v = arith.subi %m, %c128 : index
    %w = arith.index_cast %v : index to i32
    %x = arith.trunci %w : i32 to i8
    linalg.yield %x : i8
  } -> tensor<?x?xi8>
  return %r : tensor<?x?xi8>
}

// c + a @ b as a plain contraction.
func.func @reference_into(%a: tensor<?x?xi8>, %b: tensor<?x?xi8>, %c: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %r = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<?x?xi8>, tensor<?x?xi8>) outs(%c : tensor<?x?xi32>) {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %x32 = arith.extsi %x : i8 to i32
    %y32 = arith.extsi %y : i8 to i32
    %p = arith.muli %x32, %y32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  } -> tensor<?x?xi32>
  return %r : tensor<?x?xi32>
}

// init + a @ b as a plain contraction (no linalg.matmul for the pass to take).
func.func @reference(%a: tensor<?x?xi8>, %b: tensor<?x?xi8>, %init: i32) -> tensor<?x?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xi8>
  %n = tensor.dim %b, %c1 : tensor<?x?xi8>
  %e = tensor.empty(%m, %n) : tensor<?x?xi32>
  %f = linalg.fill ins(%init : i32) outs(%e : tensor<?x?xi32>) -> tensor<?x?xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<?x?xi8>, tensor<?x?xi8>) outs(%f : tensor<?x?xi32>) {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %x32 = arith.extsi %x : i8 to i32
    %y32 = arith.extsi %y : i8 to i32
    %p = arith.muli %x32, %y32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  } -> tensor<?x?xi32>
  return %r : tensor<?x?xi32>
}

// Prints the number of differing elements and the sum of x.
func.func @compare(%x: tensor<?x?xi32>, %y: tensor<?x?xi32>) {
  %z = arith.constant 0 : i64
  %e = tensor.empty() : tensor<i64>
  %f = linalg.fill ins(%z : i64) outs(%e : tensor<i64>) -> tensor<i64>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>, affine_map<(i, j) -> ()>], iterator_types = ["reduction", "reduction"]} ins(%x, %y : tensor<?x?xi32>, tensor<?x?xi32>) outs(%f, %f : tensor<i64>, tensor<i64>) {
  ^bb0(%a: i32, %b: i32, %count: i64, %sum: i64):
    %ne = arith.cmpi ne, %a, %b : i32
    %d = arith.extui %ne : i1 to i64
    %c = arith.addi %count, %d : i64
    %a64 = arith.extsi %a : i32 to i64
    %s = arith.addi %sum, %a64 : i64
    linalg.yield %c, %s : i64, i64
  } -> (tensor<i64>, tensor<i64>)
  %count = tensor.extract %r#0[] : tensor<i64>
  %sum = tensor.extract %r#1[] : tensor<i64>
  vector.print str " mismatches: "
  vector.print %count : i64
  vector.print %sum : i64
  return
}

func.func @main() {
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c8 = arith.constant 8 : index
  %c11 = arith.constant 11 : index
  %c16 = arith.constant 16 : index
  %c29 = arith.constant 29 : index
  %c32 = arith.constant 32 : index
  %c37 = arith.constant 37 : index
  %c40 = arith.constant 40 : index
  %c48 = arith.constant 48 : index
  %c71 = arith.constant 71 : index
  %c96 = arith.constant 96 : index
  %c128 = arith.constant 128 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0 : i32
  %seven = arith.constant 7 : i32

  %la = call @pattern(%c256, %c96, %c37, %c11, %c3) : (index, index, index, index, index) -> tensor<?x?xi8>
  %lb = call @pattern(%c96, %c256, %c29, %c71, %c5) : (index, index, index, index, index) -> tensor<?x?xi8>
  %las = tensor.cast %la : tensor<?x?xi8> to tensor<256x96xi8>
  %lbs = tensor.cast %lb : tensor<?x?xi8> to tensor<96x256xi8>
  %l = call @mm_large(%las, %lbs) : (tensor<256x96xi8>, tensor<96x256xi8>) -> tensor<256x256xi32>
  %ld = tensor.cast %l : tensor<256x256xi32> to tensor<?x?xi32>
  %lr = call @reference(%la, %lb, %zero) : (tensor<?x?xi8>, tensor<?x?xi8>, i32) -> tensor<?x?xi32>
  vector.print str "large"
  call @compare(%ld, %lr) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  %ka = call @pattern(%c256, %c128, %c37, %c11, %c3) : (index, index, index, index, index) -> tensor<?x?xi8>
  %kb = call @pattern(%c128, %c256, %c29, %c71, %c5) : (index, index, index, index, index) -> tensor<?x?xi8>
  %kas = tensor.cast %ka : tensor<?x?xi8> to tensor<256x128xi8>
  %kbs = tensor.cast %kb : tensor<?x?xi8> to tensor<128x256xi8>
  %k = call @mm_large_k64(%kas, %kbs) : (tensor<256x128xi8>, tensor<128x256xi8>) -> tensor<256x256xi32>
  %kd = tensor.cast %k : tensor<256x256xi32> to tensor<?x?xi32>
  %kr = call @reference(%ka, %kb, %zero) : (tensor<?x?xi8>, tensor<?x?xi8>, i32) -> tensor<?x?xi32>
  vector.print str "large-k64"
  call @compare(%kd, %kr) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  %sa = call @pattern(%c48, %c128, %c37, %c11, %c3) : (index, index, index, index, index) -> tensor<?x?xi8>
  %sb = call @pattern(%c128, %c40, %c29, %c71, %c5) : (index, index, index, index, index) -> tensor<?x?xi8>
  %sas = tensor.cast %sa : tensor<?x?xi8> to tensor<48x128xi8>
  %sbs = tensor.cast %sb : tensor<?x?xi8> to tensor<128x40xi8>
  %s = call @mm_small(%sas, %sbs) : (tensor<48x128xi8>, tensor<128x40xi8>) -> tensor<48x40xi32>
  %sd = tensor.cast %s : tensor<48x40xi32> to tensor<?x?xi32>
  %sr = call @reference(%sa, %sb, %seven) : (tensor<?x?xi8>, tensor<?x?xi8>, i32) -> tensor<?x?xi32>
  vector.print str "small"
  call @compare(%sd, %sr) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  %ca = call @pattern(%c16, %c32, %c37, %c11, %c3) : (index, index, index, index, index) -> tensor<?x?xi8>
  %cb = call @pattern(%c32, %c8, %c29, %c71, %c5) : (index, index, index, index, index) -> tensor<?x?xi8>
  %cas = tensor.cast %ca : tensor<?x?xi8> to tensor<16x32xi8>
  %c = call @mm_constant(%cas) : (tensor<16x32xi8>) -> tensor<16x8xi32>
  %cd = tensor.cast %c : tensor<16x8xi32> to tensor<?x?xi32>
  %cr = call @reference(%ca, %cb, %zero) : (tensor<?x?xi8>, tensor<?x?xi8>, i32) -> tensor<?x?xi32>
  vector.print str "constant"
  call @compare(%cd, %cr) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c13 = arith.constant 13 : index
  %c64 = arith.constant 64 : index
  %thousand = arith.constant 1000 : i32
  %xa = call @pattern(%c32, %c64, %c37, %c11, %c3) : (index, index, index, index, index) -> tensor<?x?xi8>
  %xb = call @pattern(%c64, %c16, %c29, %c71, %c5) : (index, index, index, index, index) -> tensor<?x?xi8>
  %xc8 = call @pattern(%c32, %c16, %c13, %c7, %c1) : (index, index, index, index, index) -> tensor<?x?xi8>
  %xce = tensor.empty(%c32, %c16) : tensor<?x?xi32>
  %xc = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%xc8 : tensor<?x?xi8>) outs(%xce : tensor<?x?xi32>) {
  ^bb0(%v: i8, %o: i32):
    %v32 = arith.extsi %v : i8 to i32
    %w = arith.muli %v32, %thousand : i32
    linalg.yield %w : i32
  } -> tensor<?x?xi32>
  %xas = tensor.cast %xa : tensor<?x?xi8> to tensor<32x64xi8>
  %xbs = tensor.cast %xb : tensor<?x?xi8> to tensor<64x16xi8>
  %xcs = tensor.cast %xc : tensor<?x?xi32> to tensor<32x16xi32>
  %x = call @mm_accumulate(%xas, %xbs, %xcs) : (tensor<32x64xi8>, tensor<64x16xi8>, tensor<32x16xi32>) -> tensor<32x16xi32>
  %xd = tensor.cast %x : tensor<32x16xi32> to tensor<?x?xi32>
  %xr = call @reference_into(%xa, %xb, %xc) : (tensor<?x?xi8>, tensor<?x?xi8>, tensor<?x?xi32>) -> tensor<?x?xi32>
  vector.print str "accumulate"
  call @compare(%xd, %xr) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  // bias[j] = 50 ((37 j) mod 200 - 100)
  %be = tensor.empty() : tensor<16xi32>
  %bias = linalg.generic {indexing_maps = [affine_map<(j) -> (j)>], iterator_types = ["parallel"]} outs(%be : tensor<16xi32>) {
  ^bb0(%o: i32):
    %j = linalg.index 0 : index
    %j37 = arith.muli %j, %c37 : index
    %c200 = arith.constant 200 : index
    %c100 = arith.constant 100 : index
    %jm = arith.remui %j37, %c200 : index
    %jc = arith.subi %jm, %c100 : index
    %j32 = arith.index_cast %jc : index to i32
    %fifty = arith.constant 50 : i32
    %bj = arith.muli %j32, %fifty : i32
    linalg.yield %bj : i32
  } -> tensor<16xi32>
  %q = call @mm_requant(%xas, %xbs, %bias) : (tensor<32x64xi8>, tensor<64x16xi8>, tensor<16xi32>) -> tensor<32x16xi8>
  %qd = tensor.cast %q : tensor<32x16xi8> to tensor<?x?xi8>
  %qw = call @widen(%qd) : (tensor<?x?xi8>) -> tensor<?x?xi32>
  %qacc = call @reference(%xa, %xb, %zero) : (tensor<?x?xi8>, tensor<?x?xi8>, i32) -> tensor<?x?xi32>
  %qr = call @requant_reference(%qacc, %bias) : (tensor<?x?xi32>, tensor<16xi32>) -> tensor<?x?xi32>
  vector.print str "epilogue"
  call @compare(%qw, %qr) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  %c162 = arith.constant 162 : index
  %c288 = arith.constant 288 : index
  %px = call @pattern(%c162, %c32, %c37, %c11, %c3) : (index, index, index, index, index) -> tensor<?x?xi8>
  %pw = call @pattern(%c288, %c8, %c29, %c71, %c5) : (index, index, index, index, index) -> tensor<?x?xi8>
  %px2 = tensor.cast %px : tensor<?x?xi8> to tensor<162x32xi8>
  %pw2 = tensor.cast %pw : tensor<?x?xi8> to tensor<288x8xi8>
  %cx = tensor.expand_shape %px2 [[0, 1, 2], [3]] output_shape [2, 9, 9, 32] : tensor<162x32xi8> into tensor<2x9x9x32xi8>
  %cw = tensor.expand_shape %pw2 [[0, 1, 2], [3]] output_shape [3, 3, 32, 8] : tensor<288x8xi8> into tensor<3x3x32x8xi8>
  %vo = call @conv(%cx, %cw) : (tensor<2x9x9x32xi8>, tensor<3x3x32x8xi8>) -> tensor<2x4x4x8xi32>
  %vr = call @conv_reference(%cx, %cw) : (tensor<2x9x9x32xi8>, tensor<3x3x32x8xi8>) -> tensor<2x4x4x8xi32>
  %vo2 = tensor.collapse_shape %vo [[0, 1, 2], [3]] : tensor<2x4x4x8xi32> into tensor<32x8xi32>
  %vr2 = tensor.collapse_shape %vr [[0, 1, 2], [3]] : tensor<2x4x4x8xi32> into tensor<32x8xi32>
  %vod = tensor.cast %vo2 : tensor<32x8xi32> to tensor<?x?xi32>
  %vrd = tensor.cast %vr2 : tensor<32x8xi32> to tensor<?x?xi32>
  vector.print str "conv"
  call @compare(%vod, %vrd) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  %c10 = arith.constant 10 : index
  %c320 = arith.constant 320 : index
  %nx = call @pattern(%c320, %c10, %c37, %c11, %c3) : (index, index, index, index, index) -> tensor<?x?xi8>
  %nw = call @pattern(%c16, %c288, %c29, %c71, %c5) : (index, index, index, index, index) -> tensor<?x?xi8>
  %nx2 = tensor.cast %nx : tensor<?x?xi8> to tensor<320x10xi8>
  %nw2 = tensor.cast %nw : tensor<?x?xi8> to tensor<16x288xi8>
  %nx4 = tensor.expand_shape %nx2 [[0, 1, 2], [3]] output_shape [1, 32, 10, 10] : tensor<320x10xi8> into tensor<1x32x10x10xi8>
  %nw4 = tensor.expand_shape %nw2 [[0], [1, 2, 3]] output_shape [16, 32, 3, 3] : tensor<16x288xi8> into tensor<16x32x3x3xi8>
  %no = call @conv_nchw(%nx4, %nw4) : (tensor<1x32x10x10xi8>, tensor<16x32x3x3xi8>) -> tensor<1x16x8x8xi32>
  %nr = call @conv_nchw_reference(%nx4, %nw4) : (tensor<1x32x10x10xi8>, tensor<16x32x3x3xi8>) -> tensor<1x16x8x8xi32>
  %no2 = tensor.collapse_shape %no [[0, 1], [2, 3]] : tensor<1x16x8x8xi32> into tensor<16x64xi32>
  %nr2 = tensor.collapse_shape %nr [[0, 1], [2, 3]] : tensor<1x16x8x8xi32> into tensor<16x64xi32>
  %nod = tensor.cast %no2 : tensor<16x64xi32> to tensor<?x?xi32>
  %nrd = tensor.cast %nr2 : tensor<16x64xi32> to tensor<?x?xi32>
  vector.print str "conv nchw"
  call @compare(%nod, %nrd) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()

  %c192 = arith.constant 192 : index
  %ba = call @pattern(%c192, %c64, %c13, %c29, %c7) : (index, index, index, index, index) -> tensor<?x?xi8>
  %bb = call @pattern(%c192, %c128, %c37, %c11, %c1) : (index, index, index, index, index) -> tensor<?x?xi8>
  %ba2 = tensor.cast %ba : tensor<?x?xi8> to tensor<192x64xi8>
  %bb2 = tensor.cast %bb : tensor<?x?xi8> to tensor<192x128xi8>
  %ba3 = tensor.expand_shape %ba2 [[0, 1], [2]] output_shape [3, 64, 64] : tensor<192x64xi8> into tensor<3x64x64xi8>
  %bb3 = tensor.expand_shape %bb2 [[0, 1], [2]] output_shape [3, 64, 128] : tensor<192x128xi8> into tensor<3x64x128xi8>
  %bo = call @mm_batch(%ba3, %bb3) : (tensor<3x64x64xi8>, tensor<3x64x128xi8>) -> tensor<3x64x128xi32>
  %br = call @mm_batch_reference(%ba3, %bb3) : (tensor<3x64x64xi8>, tensor<3x64x128xi8>) -> tensor<3x64x128xi32>
  %bo2 = tensor.collapse_shape %bo [[0, 1], [2]] : tensor<3x64x128xi32> into tensor<192x128xi32>
  %br2 = tensor.collapse_shape %br [[0, 1], [2]] : tensor<3x64x128xi32> into tensor<192x128xi32>
  %bod = tensor.cast %bo2 : tensor<192x128xi32> to tensor<?x?xi32>
  %brd = tensor.cast %br2 : tensor<192x128xi32> to tensor<?x?xi32>
  vector.print str "batch"
  call @compare(%bod, %brd) : (tensor<?x?xi32>, tensor<?x?xi32>) -> ()
  return
}

// The f32 matmul kernel's tiling (--compress-gpu-float-matmul: blocks of
// 16 x 16 threads, tiles of A and B staged in workgroup memory, K in steps)
// executed on a CPU: with emulate=true the blocks and threads are
// sequential loops — per block and K step every thread's copies, then every
// thread's accumulation, where the barriers stand on a GPU. Each result is
// compared element by element with a plain contraction of the same
// operands; the sums are numpy's. The operands are multiples of 1/4 in [-2, 2], so every sum is
// exact in f32 whatever the order of the additions (or fused
// multiply-adds on a GPU): the comparison is exact. Where there is an
// NVIDIA GPU and the CUDA runtime library was built, the program also runs
// on the GPU through mlir-runner, with the same output.
// RUN: compress-opt %s --compress-gpu-float-matmul=im2col=true \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --compress-gpu-float-matmul=emulate=true \
// RUN:   --convert-linalg-to-loops --convert-vector-to-scf \
// RUN:   --expand-strided-metadata --lower-affine --convert-scf-to-cf --convert-vector-to-llvm \
// RUN:   --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | %run-main | FileCheck %s
// RUN: %if cuda-gpu && cuda-runtime %{ compress-opt %s --compress-gpu-pipeline="chip=sm_80" | mlir-runner -O2 -e main -entry-point-result=void -shared-libs=%compress_lib_dir/libcompress_cuda_runtime.so,%mlir_runner_libs | FileCheck %s %}

// 128x96 @ 96x128 + 0.5: 2 x 2 blocks of 64 x 64 (4 x 4 outputs a thread),
// K in six steps of 16; C starts from the fill's constant.
// CHECK: large mismatches: 0
// CHECK-NEXT: 8177.81
// 48x20 @ 20x32 accumulated into the caller's C: blocks of 16 x 32 (1 x 2
// outputs a thread), K in five steps of 4.
// CHECK-NEXT: accumulate mismatches: 0
// CHECK-NEXT: -11.5
// 32x8 @ 8x16: one block of 32 x 16 (2 x 1 outputs a thread), one K step
// of 8.
// CHECK-NEXT: small mismatches: 0
// CHECK-NEXT: -5.125
// A batch_matmul 2 x (32x16 @ 16x64): the batch on the grid's z (a loop in
// the emulation), each matrix a block of 32 x 64 (2 x 4 outputs a thread).
// CHECK-NEXT: batch mismatches: 0
// CHECK-NEXT: -41.0625
// f32 convolutions through im2col (im2col=true, before bufferization):
// NHWC batch 2, 9x9x8, 3x3x8x16 filter, stride 2 -> a 32 x 72 @ 72 x 16
// matmul over the gathered windows; single-image NCHW 8x10x10, 16x8x3x3
// filter -> filter 16 x 72 @ windows 72 x 64.
// CHECK-NEXT: conv mismatches: 0
// CHECK-NEXT: -41.0625
// CHECK-NEXT: conv nchw mismatches: 0
// CHECK-NEXT: 26.8125

func.func @mm_large(%a: tensor<128x96xf32>, %b: tensor<96x128xf32>) -> tensor<128x128xf32> {
  %half = arith.constant 0.5 : f32
  %e = tensor.empty() : tensor<128x128xf32>
  %f = linalg.fill ins(%half : f32) outs(%e : tensor<128x128xf32>) -> tensor<128x128xf32>
  %r = linalg.matmul ins(%a, %b : tensor<128x96xf32>, tensor<96x128xf32>) outs(%f : tensor<128x128xf32>) -> tensor<128x128xf32>
  return %r : tensor<128x128xf32>
}

func.func @mm_accumulate(%a: tensor<48x20xf32>, %b: tensor<20x32xf32>, %c: tensor<48x32xf32>) -> tensor<48x32xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<48x20xf32>, tensor<20x32xf32>) outs(%c : tensor<48x32xf32>) -> tensor<48x32xf32>
  return %r : tensor<48x32xf32>
}

func.func @mm_small(%a: tensor<32x8xf32>, %b: tensor<8x16xf32>) -> tensor<32x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<32x16xf32>) -> tensor<32x16xf32>
  %r = linalg.matmul ins(%a, %b : tensor<32x8xf32>, tensor<8x16xf32>) outs(%f : tensor<32x16xf32>) -> tensor<32x16xf32>
  return %r : tensor<32x16xf32>
}

func.func @mm_batch(%a: tensor<2x32x16xf32>, %b: tensor<2x16x64xf32>) -> tensor<2x32x64xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x32x64xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x32x64xf32>) -> tensor<2x32x64xf32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<2x32x16xf32>, tensor<2x16x64xf32>) outs(%f : tensor<2x32x64xf32>) -> tensor<2x32x64xf32>
  return %r : tensor<2x32x64xf32>
}

func.func @mm_batch_reference(%a: tensor<2x32x16xf32>, %b: tensor<2x16x64xf32>) -> tensor<2x32x64xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x32x64xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x32x64xf32>) -> tensor<2x32x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(z, i, j, k) -> (z, i, k)>, affine_map<(z, i, j, k) -> (z, k, j)>, affine_map<(z, i, j, k) -> (z, i, j)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<2x32x16xf32>, tensor<2x16x64xf32>) outs(%f : tensor<2x32x64xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x32x64xf32>
  return %r : tensor<2x32x64xf32>
}

func.func @conv(%x: tensor<2x9x9x8xf32>, %w: tensor<3x3x8x16xf32>) -> tensor<2x4x4x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4x4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x4x4x16xf32>) -> tensor<2x4x4x16xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<2x9x9x8xf32>, tensor<3x3x8x16xf32>) outs(%f : tensor<2x4x4x16xf32>) -> tensor<2x4x4x16xf32>
  return %r : tensor<2x4x4x16xf32>
}

func.func @conv_reference(%x: tensor<2x9x9x8xf32>, %w: tensor<3x3x8x16xf32>) -> tensor<2x4x4x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4x4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x4x4x16xf32>) -> tensor<2x4x4x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, oh, ow, f, kh, kw, c) -> (n, oh * 2 + kh, ow * 2 + kw, c)>, affine_map<(n, oh, ow, f, kh, kw, c) -> (kh, kw, c, f)>, affine_map<(n, oh, ow, f, kh, kw, c) -> (n, oh, ow, f)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<2x9x9x8xf32>, tensor<3x3x8x16xf32>) outs(%f : tensor<2x4x4x16xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x4x4x16xf32>
  return %r : tensor<2x4x4x16xf32>
}

func.func @conv_nchw(%x: tensor<1x8x10x10xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x8x8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) outs(%f : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %r : tensor<1x16x8x8xf32>
}

func.func @conv_nchw_reference(%x: tensor<1x8x10x10xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x8x8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>, affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>, affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) outs(%f : tensor<1x16x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<1x16x8x8xf32>
  return %r : tensor<1x16x8x8xf32>
}

// x[i][j] = ((p i + q j + s) mod 17 - 8) / 4.
func.func @pattern(%rows: index, %cols: index, %p: index, %q: index, %s: index) -> tensor<?x?xf32> {
  %e = tensor.empty(%rows, %cols) : tensor<?x?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %pi = arith.muli %i, %p : index
    %qj = arith.muli %j, %q : index
    %t = arith.addi %pi, %qj : index
    %u = arith.addi %t, %s : index
    %c17 = arith.constant 17 : index
    %c8 = arith.constant 8 : index
    %m = arith.remui %u, %c17 : index
    %v = arith.subi %m, %c8 : index
    %w = arith.index_cast %v : index to i32
    %x = arith.sitofp %w : i32 to f32
    %quarter = arith.constant 0.25 : f32
    %y = arith.mulf %x, %quarter : f32
    linalg.yield %y : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// c + a @ b as a plain contraction (no linalg.matmul for the pass to take).
func.func @reference(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

func.func @filled(%rows: index, %cols: index, %v: f32) -> tensor<?x?xf32> {
  %e = tensor.empty(%rows, %cols) : tensor<?x?xf32>
  %f = linalg.fill ins(%v : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %f : tensor<?x?xf32>
}

// Prints the number of differing elements and the sum of x.
func.func @compare(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) {
  %z = arith.constant 0 : i64
  %zf = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<i64>
  %f = linalg.fill ins(%z : i64) outs(%e : tensor<i64>) -> tensor<i64>
  %ef = tensor.empty() : tensor<f64>
  %ff = linalg.fill ins(%zf : f64) outs(%ef : tensor<f64>) -> tensor<f64>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>, affine_map<(i, j) -> ()>], iterator_types = ["reduction", "reduction"]} ins(%x, %y : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f, %ff : tensor<i64>, tensor<f64>) {
  ^bb0(%a: f32, %b: f32, %count: i64, %sum: f64):
    %ne = arith.cmpf une, %a, %b : f32
    %d = arith.extui %ne : i1 to i64
    %c = arith.addi %count, %d : i64
    %a64 = arith.extf %a : f32 to f64
    %s = arith.addf %sum, %a64 : f64
    linalg.yield %c, %s : i64, f64
  } -> (tensor<i64>, tensor<f64>)
  %count = tensor.extract %r#0[] : tensor<i64>
  %sum = tensor.extract %r#1[] : tensor<f64>
  vector.print str " mismatches: "
  vector.print %count : i64
  vector.print %sum : f64
  return
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c20 = arith.constant 20 : index
  %c32 = arith.constant 32 : index
  %c48 = arith.constant 48 : index
  %c96 = arith.constant 96 : index
  %c128 = arith.constant 128 : index
  %half = arith.constant 0.5 : f32
  %zero = arith.constant 0.0 : f32

  %a1 = call @pattern(%c128, %c96, %c3, %c5, %c1) : (index, index, index, index, index) -> tensor<?x?xf32>
  %b1 = call @pattern(%c96, %c128, %c7, %c3, %c5) : (index, index, index, index, index) -> tensor<?x?xf32>
  %a1s = tensor.cast %a1 : tensor<?x?xf32> to tensor<128x96xf32>
  %b1s = tensor.cast %b1 : tensor<?x?xf32> to tensor<96x128xf32>
  %r1 = call @mm_large(%a1s, %b1s) : (tensor<128x96xf32>, tensor<96x128xf32>) -> tensor<128x128xf32>
  %r1d = tensor.cast %r1 : tensor<128x128xf32> to tensor<?x?xf32>
  %i1 = call @filled(%c128, %c128, %half) : (index, index, f32) -> tensor<?x?xf32>
  %x1 = call @reference(%a1, %b1, %i1) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  vector.print str "large"
  call @compare(%r1d, %x1) : (tensor<?x?xf32>, tensor<?x?xf32>) -> ()

  %a2 = call @pattern(%c48, %c20, %c5, %c3, %c7) : (index, index, index, index, index) -> tensor<?x?xf32>
  %b2 = call @pattern(%c20, %c32, %c3, %c7, %c1) : (index, index, index, index, index) -> tensor<?x?xf32>
  %c2 = call @pattern(%c48, %c32, %c1, %c1, %c3) : (index, index, index, index, index) -> tensor<?x?xf32>
  %a2s = tensor.cast %a2 : tensor<?x?xf32> to tensor<48x20xf32>
  %b2s = tensor.cast %b2 : tensor<?x?xf32> to tensor<20x32xf32>
  %c2s = tensor.cast %c2 : tensor<?x?xf32> to tensor<48x32xf32>
  %r2 = call @mm_accumulate(%a2s, %b2s, %c2s) : (tensor<48x20xf32>, tensor<20x32xf32>, tensor<48x32xf32>) -> tensor<48x32xf32>
  %r2d = tensor.cast %r2 : tensor<48x32xf32> to tensor<?x?xf32>
  %x2 = call @reference(%a2, %b2, %c2) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  vector.print str "accumulate"
  call @compare(%r2d, %x2) : (tensor<?x?xf32>, tensor<?x?xf32>) -> ()

  %a3 = call @pattern(%c32, %c8, %c7, %c1, %c3) : (index, index, index, index, index) -> tensor<?x?xf32>
  %b3 = call @pattern(%c8, %c16, %c1, %c5, %c7) : (index, index, index, index, index) -> tensor<?x?xf32>
  %a3s = tensor.cast %a3 : tensor<?x?xf32> to tensor<32x8xf32>
  %b3s = tensor.cast %b3 : tensor<?x?xf32> to tensor<8x16xf32>
  %r3 = call @mm_small(%a3s, %b3s) : (tensor<32x8xf32>, tensor<8x16xf32>) -> tensor<32x16xf32>
  %r3d = tensor.cast %r3 : tensor<32x16xf32> to tensor<?x?xf32>
  %i3 = call @filled(%c32, %c16, %zero) : (index, index, f32) -> tensor<?x?xf32>
  %x3 = call @reference(%a3, %b3, %i3) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  vector.print str "small"
  call @compare(%r3d, %x3) : (tensor<?x?xf32>, tensor<?x?xf32>) -> ()

  %c64 = arith.constant 64 : index
  %a4 = call @pattern(%c64, %c16, %c5, %c7, %c3) : (index, index, index, index, index) -> tensor<?x?xf32>
  %b4 = call @pattern(%c32, %c64, %c3, %c1, %c5) : (index, index, index, index, index) -> tensor<?x?xf32>
  %a4s = tensor.cast %a4 : tensor<?x?xf32> to tensor<64x16xf32>
  %b4s = tensor.cast %b4 : tensor<?x?xf32> to tensor<32x64xf32>
  %a43 = tensor.expand_shape %a4s [[0, 1], [2]] output_shape [2, 32, 16] : tensor<64x16xf32> into tensor<2x32x16xf32>
  %b43 = tensor.expand_shape %b4s [[0, 1], [2]] output_shape [2, 16, 64] : tensor<32x64xf32> into tensor<2x16x64xf32>
  %r4 = call @mm_batch(%a43, %b43) : (tensor<2x32x16xf32>, tensor<2x16x64xf32>) -> tensor<2x32x64xf32>
  %x4 = call @mm_batch_reference(%a43, %b43) : (tensor<2x32x16xf32>, tensor<2x16x64xf32>) -> tensor<2x32x64xf32>
  %r42 = tensor.collapse_shape %r4 [[0, 1], [2]] : tensor<2x32x64xf32> into tensor<64x64xf32>
  %x42 = tensor.collapse_shape %x4 [[0, 1], [2]] : tensor<2x32x64xf32> into tensor<64x64xf32>
  %r4d = tensor.cast %r42 : tensor<64x64xf32> to tensor<?x?xf32>
  %x4d = tensor.cast %x42 : tensor<64x64xf32> to tensor<?x?xf32>
  vector.print str "batch"
  call @compare(%r4d, %x4d) : (tensor<?x?xf32>, tensor<?x?xf32>) -> ()

  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c72 = arith.constant 72 : index
  %c80 = arith.constant 80 : index
  %c162 = arith.constant 162 : index
  %cx = call @pattern(%c162, %c8, %c5, %c3, %c1) : (index, index, index, index, index) -> tensor<?x?xf32>
  %cw = call @pattern(%c72, %c16, %c7, %c5, %c3) : (index, index, index, index, index) -> tensor<?x?xf32>
  %cx2 = tensor.cast %cx : tensor<?x?xf32> to tensor<162x8xf32>
  %cw2 = tensor.cast %cw : tensor<?x?xf32> to tensor<72x16xf32>
  %cx4 = tensor.expand_shape %cx2 [[0, 1, 2], [3]] output_shape [2, 9, 9, 8] : tensor<162x8xf32> into tensor<2x9x9x8xf32>
  %cw4 = tensor.expand_shape %cw2 [[0, 1, 2], [3]] output_shape [3, 3, 8, 16] : tensor<72x16xf32> into tensor<3x3x8x16xf32>
  %co = call @conv(%cx4, %cw4) : (tensor<2x9x9x8xf32>, tensor<3x3x8x16xf32>) -> tensor<2x4x4x16xf32>
  %cr = call @conv_reference(%cx4, %cw4) : (tensor<2x9x9x8xf32>, tensor<3x3x8x16xf32>) -> tensor<2x4x4x16xf32>
  %co2 = tensor.collapse_shape %co [[0, 1, 2], [3]] : tensor<2x4x4x16xf32> into tensor<32x16xf32>
  %cr2 = tensor.collapse_shape %cr [[0, 1, 2], [3]] : tensor<2x4x4x16xf32> into tensor<32x16xf32>
  %cod = tensor.cast %co2 : tensor<32x16xf32> to tensor<?x?xf32>
  %crd = tensor.cast %cr2 : tensor<32x16xf32> to tensor<?x?xf32>
  vector.print str "conv"
  call @compare(%cod, %crd) : (tensor<?x?xf32>, tensor<?x?xf32>) -> ()

  %nx = call @pattern(%c80, %c10, %c3, %c7, %c5) : (index, index, index, index, index) -> tensor<?x?xf32>
  %nw = call @pattern(%c16, %c72, %c5, %c1, %c7) : (index, index, index, index, index) -> tensor<?x?xf32>
  %nx2 = tensor.cast %nx : tensor<?x?xf32> to tensor<80x10xf32>
  %nw2 = tensor.cast %nw : tensor<?x?xf32> to tensor<16x72xf32>
  %nx4 = tensor.expand_shape %nx2 [[0, 1, 2], [3]] output_shape [1, 8, 10, 10] : tensor<80x10xf32> into tensor<1x8x10x10xf32>
  %nw4 = tensor.expand_shape %nw2 [[0], [1, 2, 3]] output_shape [16, 8, 3, 3] : tensor<16x72xf32> into tensor<16x8x3x3xf32>
  %no = call @conv_nchw(%nx4, %nw4) : (tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32>
  %nr = call @conv_nchw_reference(%nx4, %nw4) : (tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32>
  %no2 = tensor.collapse_shape %no [[0, 1], [2, 3]] : tensor<1x16x8x8xf32> into tensor<16x64xf32>
  %nr2 = tensor.collapse_shape %nr [[0, 1], [2, 3]] : tensor<1x16x8x8xf32> into tensor<16x64xf32>
  %nod = tensor.cast %no2 : tensor<16x64xf32> to tensor<?x?xf32>
  %nrd = tensor.cast %nr2 : tensor<16x64xf32> to tensor<?x?xf32>
  vector.print str "conv nchw"
  call @compare(%nod, %nrd) : (tensor<?x?xf32>, tensor<?x?xf32>) -> ()
  return
}

// A run-time B of 1 MiB (8 x 1024 x 1024): packed into panels with
// non-temporal stores (a buffer that will not stay cached: the stores need
// no read for ownership), aligned as vmovntdq requires; the kernel then
// reads each panel contiguously. A and B are computed in @main from their
// indices: A[i][k] = (7i + 3k) mod 256, B[k][j] = (5k + 11j + kj) mod 256,
// as i8 (wrapping); C starts at 3. CHECK lines: numpy's A @ B + 3 (first
// row's first and last row's last columns); every pipeline prints the same
// numbers as the reference, and an aligned store would fault if the
// packing wrote off a 64-byte boundary. The row sums of A are split into
// 64-lane partial sums (K = 1024). @mm16 (16 x 1024 x 1040, the same
// pattern) takes panels of 16 columns and 64-byte streaming stores.
// RUN: compress-opt %s --compress-reference-pipeline | %run-main | sed 's/base@ = 0x[0-9a-f]*//' > %t.ref
// RUN: FileCheck %s < %t.ref
// RUN: compress-opt %s --compress-cpu-vectorize=vnni=true --cse --canonicalize --compress-cpu-lower-vectors=vnni=true | FileCheck %s --check-prefix=LOWER
// RUN: compress-opt %s --compress-cpu-pipeline="target=avx512-vnni" | mlir-translate --mlir-to-llvmir | llc -O2 -mtriple=x86_64-unknown-linux-gnu -mattr=+avx512f,+avx512bw,+avx512vnni,+avx512vbmi | FileCheck %s --check-prefix=ASM
// RUN: %if avx512_vnni %{ compress-opt %s --compress-cpu-pipeline="target=avx512-vnni" | %run-main | sed 's/base@ = 0x[0-9a-f]*//' | diff %t.ref - %}
// RUN: %if openmp && avx512_vnni %{ compress-opt %s --compress-cpu-pipeline="target=avx512-vnni threads=2" | %run-main-omp | sed 's/base@ = 0x[0-9a-f]*//' | diff %t.ref - %}

// LOWER-LABEL: func.func @mm
// LOWER:         memref.alloc() {alignment = 64 : i64} : memref<32x256x32x4xi8>
// LOWER:         scf.for
// LOWER:           scf.for
// LOWER:             vector.store %{{.*}}, %{{.*}} {alignment = 64 : i64, nontemporal = true} : memref<1x1x128xi8, strided<[32768, 128, 1], offset: ?>>, vector<128xi8>
// The row sums of A (the -128 * rowsum(A) correction): 64 lanes of partial
// sums per row, added down K/64 in registers, then one reduction per row.
// LOWER:         memref.expand_shape %arg0 {{\[\[}}0], [1, 2]] output_shape [8, 16, 64] : memref<8x1024xi8> into memref<8x16x64xi8>
// LOWER:         scf.for %{{.*}} = %c0 to %c8 step %c1 {
// LOWER:           scf.for %{{.*}} = %c0 to %c16 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<64xi32>) {
// LOWER:             vector.load %{{.*}} : memref<1x1x64xi8, {{.*}}>, vector<64xi8>
// LOWER-NEXT:        arith.extsi %{{.*}} : vector<64xi8> to vector<64xi32>
// LOWER-NEXT:        arith.addi %{{.*}}, %{{.*}} : vector<64xi32>
// LOWER:         llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"

// ASM-LABEL: mm:
// ASM-COUNT-2: vmovntdq %zmm{{[0-9]+}}, {{.*}}
// ASM:         vpdpbusd
// (For @mm16 llc 22 builds the one-source 16-column shuffle from byte
// unpacks of the four 16-byte rows and emits the store as an ordinary
// aligned vmovdqa64: the hint is in the IR, the executed result below is
// what the test holds it to.)

// CHECK: {{\[}}[387587, -1372669, -41469, 85507, 330243, 5635
// CHECK: 841731, 28163, -441341, -208381, -1132541, -170493]]
// CHECK: {{\[}}[387587, -1372669, -41469, 85507, 330243, 5635
// CHECK: -395261, -94717, 66563, -454141, -26621, 26115]]

// N = 1040 (not a multiple of 32): panels of 16 columns, 64-byte streaming
// stores (1 MiB + 16 KiB packed).
// LOWER-LABEL: func.func @mm16
// LOWER:         memref.alloc() {alignment = 64 : i64} : memref<65x256x16x4xi8>
// LOWER:         vector.store %{{.*}}, %{{.*}} {alignment = 64 : i64, nontemporal = true} : memref<1x1x64xi8, strided<[16384, 64, 1], offset: ?>>, vector<64xi8>

func.func private @printMemrefI32(tensor<*xi32>)

func.func @mm(%a: tensor<8x1024xi8>, %b: tensor<1024x1024xi8>) -> tensor<8x1024xi32> {
  %three = arith.constant 3 : i32
  %e = tensor.empty() : tensor<8x1024xi32>
  %c = linalg.fill ins(%three : i32) outs(%e : tensor<8x1024xi32>) -> tensor<8x1024xi32>
  %r = linalg.matmul ins(%a, %b : tensor<8x1024xi8>, tensor<1024x1024xi8>) outs(%c : tensor<8x1024xi32>) -> tensor<8x1024xi32>
  return %r : tensor<8x1024xi32>
}

func.func @mm16(%a: tensor<16x1024xi8>, %b: tensor<1024x1040xi8>) -> tensor<16x1040xi32> {
  %three = arith.constant 3 : i32
  %e = tensor.empty() : tensor<16x1040xi32>
  %c = linalg.fill ins(%three : i32) outs(%e : tensor<16x1040xi32>) -> tensor<16x1040xi32>
  %r = linalg.matmul ins(%a, %b : tensor<16x1024xi8>, tensor<1024x1040xi8>) outs(%c : tensor<16x1040xi32>) -> tensor<16x1040xi32>
  return %r : tensor<16x1040xi32>
}

// (p * x + q * y + r * x * y) mod 256 as i8, over a [rows][cols] index space.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @pattern(%e: tensor<?x?xi8>, %p: index, %q: index, %r: index) -> tensor<?x?xi8> {
  %t = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<?x?xi8>) {
  ^bb0(%out: i8):
    %x = linalg.index 0 : index
    %y = linalg.index 1 : index
    %px = arith.muli %p, %x : index
    %qy = arith.muli %q, %y : index
    %xy = arith.muli %x, %y : index
    %rxy = arith.muli %r, %xy : index
    %s0 = arith.addi %px, %qy : index
    %s = arith.addi %s0, %rxy : index
    %w = arith.index_cast %s : index to i64
    %v = arith.trunci %w : i64 to i8
    linalg.yield %v : i8
  } -> tensor<?x?xi8>
  return %t : tensor<?x?xi8>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c11 = arith.constant 11 : index
  %c1024 = arith.constant 1024 : index
  %ea = tensor.empty(%c8, %c1024) : tensor<?x?xi8>
  %ad = call @pattern(%ea, %c7, %c3, %c0) : (tensor<?x?xi8>, index, index, index) -> tensor<?x?xi8>
  %eb = tensor.empty(%c1024, %c1024) : tensor<?x?xi8>
  %bd = call @pattern(%eb, %c5, %c11, %c1) : (tensor<?x?xi8>, index, index, index) -> tensor<?x?xi8>
  %a = tensor.cast %ad : tensor<?x?xi8> to tensor<8x1024xi8>
  %b = tensor.cast %bd : tensor<?x?xi8> to tensor<1024x1024xi8>
  %r = call @mm(%a, %b) : (tensor<8x1024xi8>, tensor<1024x1024xi8>) -> tensor<8x1024xi32>
  %u = tensor.cast %r : tensor<8x1024xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  %c16 = arith.constant 16 : index
  %c1040 = arith.constant 1040 : index
  %ea16 = tensor.empty(%c16, %c1024) : tensor<?x?xi8>
  %ad16 = call @pattern(%ea16, %c7, %c3, %c0) : (tensor<?x?xi8>, index, index, index) -> tensor<?x?xi8>
  %eb16 = tensor.empty(%c1024, %c1040) : tensor<?x?xi8>
  %bd16 = call @pattern(%eb16, %c5, %c11, %c1) : (tensor<?x?xi8>, index, index, index) -> tensor<?x?xi8>
  %a16 = tensor.cast %ad16 : tensor<?x?xi8> to tensor<16x1024xi8>
  %b16 = tensor.cast %bd16 : tensor<?x?xi8> to tensor<1024x1040xi8>
  %r16 = call @mm16(%a16, %b16) : (tensor<16x1024xi8>, tensor<1024x1040xi8>) -> tensor<16x1040xi32>
  %u16 = tensor.cast %r16 : tensor<16x1040xi32> to tensor<*xi32>
  call @printMemrefI32(%u16) : (tensor<*xi32>) -> ()
  return
}

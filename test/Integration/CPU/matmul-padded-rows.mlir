// A run-time B whose rows are a multiple of 512 bytes (128 x f32) read by
// 64 rows of A: the CPU pipeline copies B into rows padded by 16 elements
// (the 512-byte stride put a column panel into a few cache sets), and the
// register-tiled kernel reads the padded copy. Exact small-integer values,
// so the vectorized result equals the reference bit for bit.
// RUN: compress-opt %s --compress-reference-pipeline | %run-main | sed 's/base@ = 0x[0-9a-f]*//' > %t.ref
// RUN: FileCheck %s < %t.ref
// RUN: compress-opt %s --compress-cpu-pipeline | %run-main | sed 's/base@ = 0x[0-9a-f]*//' | diff %t.ref -
// RUN: compress-opt %s --compress-cpu-vectorize --cse --canonicalize | FileCheck %s --check-prefix=STAGE

// STAGE-LABEL: func.func @mm
// STAGE:         %[[P:.*]] = memref.alloc() {{.*}} : memref<32x144xf32>
// STAGE:         %[[V:.*]] = memref.subview %[[P]][0, 0] [32, 128] [1, 1] : memref<32x144xf32> to memref<32x128xf32, strided<[144, 1]>>
// The copy: 64 elements (256 contiguous bytes, which llc inlines) per step.
// STAGE:         scf.for
// STAGE:           memref.copy %{{.*}}, %{{.*}} : memref<1x64xf32, strided<[128, 1], offset: ?>> to memref<1x64xf32, strided<[144, 1], offset: ?>>
// The kernel reads the padded copy.
// STAGE:         scf.for
// STAGE:           memref.subview %[[V]]
// STAGE:         return
// Too few rows to pay for the copy: B is read as it is.
// STAGE-LABEL: func.func @few_rows
// STAGE-NOT:     memref<32x144xf32>
// STAGE:         return

// Row sums of C: sum_j sum_k A[i][k] B[k][j], A[i][k] = (7i + 3k) % 11 - 5,
// B[k][j] = (5k + 2j) % 13 - 6 (numpy: first four rows).
// CHECK: [2, 25, 81, -28

func.func private @printMemrefF32(tensor<*xf32>)

func.func @mm(%a: tensor<64x32xf32>, %b: tensor<32x128xf32>) -> tensor<64x128xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x128xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x32xf32>, tensor<32x128xf32>) outs(%f : tensor<64x128xf32>) -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

func.func @few_rows(%a: tensor<8x32xf32>, %b: tensor<32x128xf32>) -> tensor<8x128xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x128xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8x128xf32>) -> tensor<8x128xf32>
  %r = linalg.matmul ins(%a, %b : tensor<8x32xf32>, tensor<32x128xf32>) outs(%f : tensor<8x128xf32>) -> tensor<8x128xf32>
  return %r : tensor<8x128xf32>
}

func.func @main() {
  %ea = tensor.empty() : tensor<64x32xf32>
  %a = linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>], iterator_types = ["parallel", "parallel"]} outs(%ea : tensor<64x32xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %k = linalg.index 1 : index
    %c7 = arith.constant 7 : index
    %c3 = arith.constant 3 : index
    %c11 = arith.constant 11 : index
    %c5 = arith.constant 5 : i64
    %t = arith.muli %i, %c7 : index
    %u = arith.muli %k, %c3 : index
    %s = arith.addi %t, %u : index
    %m = arith.remui %s, %c11 : index
    %mi = arith.index_cast %m : index to i64
    %v = arith.subi %mi, %c5 : i64
    %fv = arith.sitofp %v : i64 to f32
    linalg.yield %fv : f32
  } -> tensor<64x32xf32>
  %eb = tensor.empty() : tensor<32x128xf32>
  %b = linalg.generic {indexing_maps = [affine_map<(k, j) -> (k, j)>], iterator_types = ["parallel", "parallel"]} outs(%eb : tensor<32x128xf32>) {
  ^bb0(%o: f32):
    %k = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c5 = arith.constant 5 : index
    %c2 = arith.constant 2 : index
    %c13 = arith.constant 13 : index
    %c6 = arith.constant 6 : i64
    %t = arith.muli %k, %c5 : index
    %u = arith.muli %j, %c2 : index
    %s = arith.addi %t, %u : index
    %m = arith.remui %s, %c13 : index
    %mi = arith.index_cast %m : index to i64
    %v = arith.subi %mi, %c6 : i64
    %fv = arith.sitofp %v : i64 to f32
    linalg.yield %fv : f32
  } -> tensor<32x128xf32>
  %r = call @mm(%a, %b) : (tensor<64x32xf32>, tensor<32x128xf32>) -> tensor<64x128xf32>
  %z = arith.constant 0.0 : f32
  %es = tensor.empty() : tensor<64xf32>
  %fs = linalg.fill ins(%z : f32) outs(%es : tensor<64xf32>) -> tensor<64xf32>
  %sums = linalg.reduce ins(%r : tensor<64x128xf32>) outs(%fs : tensor<64xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %y = arith.addf %x, %acc : f32
      linalg.yield %y : f32
    }
  %u = tensor.cast %sums : tensor<64xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  %af = tensor.extract_slice %a[0, 0] [8, 32] [1, 1] : tensor<64x32xf32> to tensor<8x32xf32>
  %r8 = call @few_rows(%af, %b) : (tensor<8x32xf32>, tensor<32x128xf32>) -> tensor<8x128xf32>
  %u8 = tensor.cast %r8 : tensor<8x128xf32> to tensor<*xf32>
  call @printMemrefF32(%u8) : (tensor<*xf32>) -> ()
  return
}

// The range (min, max) of a whole matrix through the CPU pipeline, where it
// is split into a vectorized column reduction and a reduction of the row
// of partial results, equals the reference pipeline's: x[i][j] =
// ((7i + 3j) % 101) - 50 except x[21][45] = -77 and x[30][2] = 93, so
// the extremes sit in one column and one row block each.
// RUN: compress-opt %s --compress-reference-pipeline | %run-main | FileCheck %s
// RUN: compress-opt %s --compress-cpu-pipeline | %run-main | FileCheck %s
// CHECK: [-77]
// CHECK: [93]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @range(%x: tensor<32x64xf32>) -> (tensor<f32>, tensor<f32>) {
  %inf = arith.constant 0x7F800000 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<f32>
  %fmin = linalg.fill ins(%inf : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %fmax = linalg.fill ins(%ninf : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %mn = linalg.reduce ins(%x : tensor<32x64xf32>) outs(%fmin : tensor<f32>) dimensions = [0, 1]
    (%in: f32, %acc: f32) {
      %m = arith.minnumf %in, %acc : f32
      linalg.yield %m : f32
    }
  %mx = linalg.reduce ins(%x : tensor<32x64xf32>) outs(%fmax : tensor<f32>) dimensions = [0, 1]
    (%in: f32, %acc: f32) {
      %m = arith.maxnumf %in, %acc : f32
      linalg.yield %m : f32
    }
  return %mn, %mx : tensor<f32>, tensor<f32>
}

func.func @main() {
  %e = tensor.empty() : tensor<32x64xf32>
  %x0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<32x64xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c7 = arith.constant 7 : index
    %c3 = arith.constant 3 : index
    %c101 = arith.constant 101 : index
    %c50 = arith.constant 50 : i64
    %t = arith.muli %i, %c7 : index
    %u = arith.muli %j, %c3 : index
    %s = arith.addi %t, %u : index
    %m = arith.remui %s, %c101 : index
    %mi = arith.index_cast %m : index to i64
    %v = arith.subi %mi, %c50 : i64
    %fv = arith.sitofp %v : i64 to f32
    linalg.yield %fv : f32
  } -> tensor<32x64xf32>
  %lo = arith.constant -77.0 : f32
  %hi = arith.constant 93.0 : f32
  %c21 = arith.constant 21 : index
  %c45 = arith.constant 45 : index
  %c30 = arith.constant 30 : index
  %c2 = arith.constant 2 : index
  %x1 = tensor.insert %lo into %x0[%c21, %c45] : tensor<32x64xf32>
  %x = tensor.insert %hi into %x1[%c30, %c2] : tensor<32x64xf32>
  %mn, %mx = call @range(%x) : (tensor<32x64xf32>) -> (tensor<f32>, tensor<f32>)
  %u1 = tensor.cast %mn : tensor<f32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  %u2 = tensor.cast %mx : tensor<f32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  return
}

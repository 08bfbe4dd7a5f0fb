// --compress-cpu-weight-only-matmul: weight-only matmuls with constant int4
// or int8 weights and few rows become the packed-tile kernel (executed in
// test/Integration/CPU/weight-only-matmul.mlir).
// RUN: compress-opt %s --compress-cpu-weight-only-matmul --split-input-file | FileCheck %s
// RUN: compress-opt %s --compress-cpu-weight-only-matmul=max-rows=0 --split-input-file | FileCheck %s --check-prefix=OFF

// Signed, per tensor: eight nibbles (all 1) per word, 128 columns per tile.
// CHECK-LABEL: func.func @per_tensor
// CHECK-SAME: (%[[X:.*]]: tensor<1x32xf32>, %[[C:.*]]: tensor<1x128xf32>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<286331153> : tensor<1x32x16xi32>
// CHECK-DAG: %[[S:.*]] = arith.constant dense<5.000000e-01> : tensor<1x1x128xf32>
// CHECK-DAG: %[[SH28:.*]] = arith.constant dense<28> : vector<16xi32>
// CHECK-DAG: %[[SH24:.*]] = arith.constant dense<24> : vector<16xi32>
// CHECK: %[[R:.*]] = scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[CT:.*]] = %[[C]])
// CHECK: %[[N0:.*]] = arith.muli %[[T]], %{{.*}} : index
// CHECK: scf.for %[[M:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[CM:.*]] = %[[CT]])
// CHECK-COUNT-8: vector.transfer_read %[[CM]][%[[M]], {{.*}} : tensor<1x128xf32>, vector<16xf32>
// CHECK: scf.for %[[B:[a-z0-9]+]] = {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// The block's rows of K, two per iteration.
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %[[TWO:.*]] iter_args
// CHECK: %[[WORDS:.*]] = vector.transfer_read %[[W]][%[[T]], %[[K]], {{.*}} : tensor<1x32x16xi32>, vector<16xi32>
// CHECK: %[[XK:.*]] = tensor.extract %[[X]][%[[M]], %[[K]]] : tensor<1x32xf32>
// CHECK: %[[XV:.*]] = vector.broadcast %[[XK]] : f32 to vector<16xf32>
// Nibble 0: (v << 28) >>s 28.
// CHECK: %[[L0:.*]] = arith.shli %[[WORDS]], %[[SH28]] : vector<16xi32>
// CHECK: %[[F0:.*]] = arith.shrsi %[[L0]], %[[SH28]] : vector<16xi32>
// CHECK: %[[Q0:.*]] = arith.sitofp %[[F0]] : vector<16xi32> to vector<16xf32>
// CHECK: vector.fma %[[XV]], %[[Q0]], %{{.*}} : vector<16xf32>
// Nibble 1: (v << 24) >>s 28.
// CHECK: %[[L1:.*]] = arith.shli %[[WORDS]], %[[SH24]] : vector<16xi32>
// CHECK: arith.shrsi %[[L1]], %[[SH28]] : vector<16xi32>
// Nibble 7: v >>s 28.
// CHECK: %[[F7:.*]] = arith.shrsi %[[WORDS]], %[[SH28]] : vector<16xi32>
// CHECK: arith.sitofp %[[F7]]
// CHECK: scf.yield
// Scales once per block: out += sum * S.
// CHECK: %[[SV:.*]] = vector.transfer_read %[[S]][%[[T]], %[[B]], %{{.*}}], %{{.*}} {{.*}} : tensor<1x1x128xf32>, vector<16xf32>
// CHECK: vector.fma %{{.*}}#0, %[[SV]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-8: vector.transfer_write
// CHECK: return %[[R]]
// OFF-LABEL: func.func @per_tensor
// OFF: compress.dequantize
// OFF: linalg.matmul
func.func @per_tensor(%x: tensor<1x32xf32>, %c: tensor<1x128xf32>) -> tensor<1x128xf32> {
  %q = arith.constant dense<1> : tensor<32x128xi4>
  %w = compress.dequantize %q {quant = #compress.quant<i4:f32, scale = 0.5, zero_point = 0>} : tensor<32x128xi4> -> tensor<32x128xf32>
  %r = linalg.matmul ins(%x, %w : tensor<1x32xf32>, tensor<32x128xf32>) outs(%c : tensor<1x128xf32>) -> tensor<1x128xf32>
  return %r : tensor<1x128xf32>
}

// -----

// Unsigned with a zero point: (v >>u 4i) & 15, and per block
// sum - Z * (sum of the block's activations).
// CHECK-LABEL: func.func @unsigned_zero_point
// CHECK-DAG: %[[W:.*]] = arith.constant dense<858993459> : tensor<1x32x16xi32>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<8.000000e+00> : tensor<1x1x128xf32>
// CHECK-DAG: %[[MASK:.*]] = arith.constant dense<15> : vector<16xi32>
// CHECK-DAG: %[[SH4:.*]] = arith.constant dense<4> : vector<16xi32>
// CHECK: %[[WORDS:.*]] = vector.transfer_read %[[W]]
// CHECK: %[[XK:.*]] = tensor.extract
// Nibble 0: v & 15.
// CHECK: %[[F0:.*]] = arith.andi %[[WORDS]], %[[MASK]] : vector<16xi32>
// CHECK: arith.uitofp %[[F0]] : vector<16xi32> to vector<16xf32>
// CHECK: %[[R1:.*]] = arith.shrui %[[WORDS]], %[[SH4]] : vector<16xi32>
// CHECK: arith.andi %[[R1]], %[[MASK]] : vector<16xi32>
// CHECK: arith.addf %{{.*}}, %[[XK]] : f32
// CHECK: scf.yield
// CHECK: %[[SUM:.*]] = vector.broadcast %{{.*}}#8 : f32 to vector<16xf32>
// CHECK: %[[ZV:.*]] = vector.transfer_read %[[Z]]
// CHECK: %[[ZS:.*]] = arith.mulf %[[ZV]], %[[SUM]] : vector<16xf32>
// CHECK: arith.subf %{{.*}}#0, %[[ZS]] : vector<16xf32>
func.func @unsigned_zero_point(%x: tensor<2x32xf32>, %c: tensor<2x128xf32>) -> tensor<2x128xf32> {
  %q = arith.constant dense<3> : tensor<32x128xi4>
  %w = compress.dequantize %q {quant = #compress.quant<u4:f32, scale = 0.25, zero_point = 8>} : tensor<32x128xi4> -> tensor<32x128xf32>
  %r = linalg.matmul ins(%x, %w : tensor<2x32xf32>, tensor<32x128xf32>) outs(%c : tensor<2x128xf32>) -> tensor<2x128xf32>
  return %r : tensor<2x128xf32>
}

// -----

// int8, per output channel: 128 contiguous bytes per (tile, row of K), one
// sign-extending conversion per 16 weights.
// CHECK-LABEL: func.func @int8_per_channel
// CHECK-DAG: %[[W:.*]] = arith.constant dense<-3> : tensor<1x32x128xi8>
// CHECK-DAG: %[[S:.*]] = arith.constant dense<2.500000e-01> : tensor<1x1x128xf32>
// CHECK: scf.for %[[K:[a-z0-9]+]] = %{{.*}} to %{{.*}} step %c2 iter_args
// CHECK: %[[B0:.*]] = vector.transfer_read %[[W]][%{{.*}}, %[[K]], {{.*}} : tensor<1x32x128xi8>, vector<16xi8>
// CHECK: %[[F0:.*]] = arith.sitofp %[[B0]] : vector<16xi8> to vector<16xf32>
// CHECK: vector.fma %{{.*}}, %[[F0]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-7: arith.sitofp %{{.*}} : vector<16xi8> to vector<16xf32>
func.func @int8_per_channel(%x: tensor<1x32xf32>, %c: tensor<1x128xf32>) -> tensor<1x128xf32> {
  %q = arith.constant dense<-3> : tensor<32x128xi8>
  %w = compress.dequantize %q {quant = #compress.quant<i8:f32, scale = 0.25, zero_point = 0>} : tensor<32x128xi8> -> tensor<32x128xf32>
  %r = linalg.matmul ins(%x, %w : tensor<1x32xf32>, tensor<32x128xf32>) outs(%c : tensor<1x128xf32>) -> tensor<1x128xf32>
  return %r : tensor<1x128xf32>
}

// -----

// 32 columns: tiles of two lane vectors, two nibbles per word (the
// fields at bits 0-3 and 4-7); two rows of K per iteration.
// CHECK-LABEL: func.func @narrow_tile
// CHECK-DAG: %[[W:.*]] = arith.constant dense<17> : tensor<1x32x16xi32>
// CHECK: scf.for {{.*}} step %c2 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-4: vector.fma
// CHECK-NEXT: scf.yield
func.func @narrow_tile(%x: tensor<1x32xf32>, %c: tensor<1x32xf32>) -> tensor<1x32xf32> {
  %q = arith.constant dense<1> : tensor<32x32xi4>
  %w = compress.dequantize %q {quant = #compress.quant<i4:f32, scale = 0.5, zero_point = 0>} : tensor<32x32xi4> -> tensor<32x32xf32>
  %r = linalg.matmul ins(%x, %w : tensor<1x32xf32>, tensor<32x32xf32>) outs(%c : tensor<1x32xf32>) -> tensor<1x32xf32>
  return %r : tensor<1x32xf32>
}

// -----

// Left alone: columns not a multiple of 16, more rows than max-rows (16),
// scales per input channel (axis 0), int16 weights, run-time weights.
// CHECK-LABEL: func.func @not_taken
// CHECK-COUNT-5: linalg.matmul
// CHECK-NOT: scf.for
func.func @not_taken(%x: tensor<1x32xf32>, %c: tensor<1x40xf32>, %x17: tensor<17x32xf32>, %c17: tensor<17x128xf32>, %c128: tensor<1x128xf32>, %rt: tensor<32x128xi4>)
    -> (tensor<1x40xf32>, tensor<17x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>) {
  %q64 = arith.constant dense<1> : tensor<32x40xi4>
  %w64 = compress.dequantize %q64 {quant = #compress.quant<i4:f32, scale = 0.5, zero_point = 0>} : tensor<32x40xi4> -> tensor<32x40xf32>
  %r0 = linalg.matmul ins(%x, %w64 : tensor<1x32xf32>, tensor<32x40xf32>) outs(%c : tensor<1x40xf32>) -> tensor<1x40xf32>
  %q = arith.constant dense<1> : tensor<32x128xi4>
  %w = compress.dequantize %q {quant = #compress.quant<i4:f32, scale = 0.5, zero_point = 0>} : tensor<32x128xi4> -> tensor<32x128xf32>
  %r1 = linalg.matmul ins(%x17, %w : tensor<17x32xf32>, tensor<32x128xf32>) outs(%c17 : tensor<17x128xf32>) -> tensor<17x128xf32>
  %wk = compress.dequantize %q {quant = #compress.quant<i4:f32, axis = 0, scales = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]>} : tensor<32x128xi4> -> tensor<32x128xf32>
  %r2 = linalg.matmul ins(%x, %wk : tensor<1x32xf32>, tensor<32x128xf32>) outs(%c128 : tensor<1x128xf32>) -> tensor<1x128xf32>
  %q8 = arith.constant dense<1> : tensor<32x128xi16>
  %w8 = compress.dequantize %q8 {quant = #compress.quant<i16:f32, scale = 0.5, zero_point = 0>} : tensor<32x128xi16> -> tensor<32x128xf32>
  %r3 = linalg.matmul ins(%x, %w8 : tensor<1x32xf32>, tensor<32x128xf32>) outs(%c128 : tensor<1x128xf32>) -> tensor<1x128xf32>
  %wr = compress.dequantize %rt {quant = #compress.quant<i4:f32, scale = 0.5, zero_point = 0>} : tensor<32x128xi4> -> tensor<32x128xf32>
  %r4 = linalg.matmul ins(%x, %wr : tensor<1x32xf32>, tensor<32x128xf32>) outs(%c128 : tensor<1x128xf32>) -> tensor<1x128xf32>
  return %r0, %r1, %r2, %r3, %r4 : tensor<1x40xf32>, tensor<17x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>
}

// RUN: compress-opt %s --compress-lower-ops -split-input-file | FileCheck %s

// Per-tensor quantize: divide, round half to even, add Z, clamp in f32
// *before* converting, NaN selected to Z, then fptosi + trunci.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @quantize_per_tensor
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8xf32>)
// CHECK-DAG:     %[[S:.*]] = arith.constant 1.000000e-01 : f32
// CHECK-DAG:     %[[Z:.*]] = arith.constant 3 : i32
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x8xi8>
// CHECK:         %[[G:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<4x8xf32>) outs(%[[E]] : tensor<4x8xi8>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: i8):
// CHECK:           %[[T:.*]] = arith.divf %[[IN]], %[[S]] : f32
// CHECK:           %[[R:.*]] = math.roundeven %[[T]] : f32
// CHECK:           %[[ZF:.*]] = arith.sitofp %[[Z]] : i32 to f32
// CHECK:           %[[V:.*]] = arith.addf %[[R]], %[[ZF]] : f32
// CHECK:           %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK:           %[[V1:.*]] = arith.maximumf %[[V]], %[[LO]] : f32
// CHECK:           %[[HI:.*]] = arith.constant 1.270000e+02 : f32
// CHECK:           %[[V2:.*]] = arith.minimumf %[[V1]], %[[HI]] : f32
// CHECK:           %[[NAN:.*]] = arith.cmpf uno, %[[T]], %[[T]] : f32
// CHECK:           %[[V3:.*]] = arith.select %[[NAN]], %[[ZF]], %[[V2]] : f32
// CHECK:           %[[I:.*]] = arith.fptosi %[[V3]] : f32 to i32
// CHECK:           %[[Q:.*]] = arith.trunci %[[I]] : i32 to i8
// CHECK:           linalg.yield %[[Q]] : i8
// CHECK:         return %[[G]]
// CHECK-NOT:     compress.
func.func @quantize_per_tensor(%x: tensor<4x8xf32>) -> tensor<4x8xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.1, zero_point = 3>} : tensor<4x8xf32> -> tensor<4x8xi8>
  return %q : tensor<4x8xi8>
}

// -----

// Half-away rounding uses math.round; unsigned narrow storage clamps to its
// own range; per-axis parameters are constant tensors indexed by d1.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[AX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quantize_per_axis_half_away
// CHECK-DAG:     %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01, 1.250000e-01]> : tensor<3xf32>
// CHECK-DAG:     %[[Z:.*]] = arith.constant dense<[3, 4, 5]> : tensor<3xi32>
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[AX]], #[[AX]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %[[S]], %[[Z]] : tensor<2x3xf32>, tensor<3xf32>, tensor<3xi32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[SC:.*]]: f32, %[[ZP:.*]]: i32, %{{.*}}: i8):
// CHECK:           %[[T:.*]] = arith.divf %[[IN]], %[[SC]] : f32
// CHECK:           math.round %[[T]] : f32
// CHECK:           arith.sitofp %[[ZP]] : i32 to f32
// CHECK:           arith.constant 0.000000e+00 : f32
// CHECK:           arith.constant 2.000000e+02 : f32
func.func @quantize_per_axis_half_away(%x: tensor<2x3xf32>) -> tensor<2x3xi8> {
  %q = compress.quantize %x {quant = #compress.quant<u8:f32, range = [0, 200], axis = 1, scales = [0.5, 0.25, 0.125], zero_points = [3, 4, 5]>, rounding = #compress<rounding half_away>} : tensor<2x3xf32> -> tensor<2x3xi8>
  return %q : tensor<2x3xi8>
}

// -----

// Per-block parameters are read through `d floordiv block`.
// CHECK-DAG: #[[BLK:.*]] = affine_map<(d0, d1) -> (d0 floordiv 32, d1)>
// CHECK-LABEL: func.func @quantize_per_block
// CHECK-DAG:     %[[S:.*]] = arith.constant dense<{{\[}}[1.000000e-01, 2.000000e-01], [3.000000e-01, 4.000000e-01]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[Z:.*]] = arith.constant 0 : i32
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[BLK]], #{{.*}}]
// CHECK-SAME:      ins(%{{.*}}, %[[S]] : tensor<64x2xf32>, tensor<2x2xf32>)
// CHECK:           arith.constant -8.000000e+00 : f32
// CHECK:           arith.constant 7.000000e+00 : f32
// CHECK:           %[[I:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK:           arith.trunci %[[I]] : i32 to i4
func.func @quantize_per_block(%w: tensor<64x2xf32>) -> tensor<64x2xi4> {
  %q = compress.quantize %w {quant = #compress.quant<i4:f32, axis = 0, block = 32, scales = [0.1, 0.2, 0.3, 0.4]>} : tensor<64x2xf32> -> tensor<64x2xi4>
  return %q : tensor<64x2xi4>
}

// -----

// Dequantize: extend (extui for unsigned storage), subtract Z in i32,
// convert, scale, and truncate to the expressed f16.
// CHECK-LABEL: func.func @dequantize_per_axis_u8
// CHECK:         ^bb0(%[[IN:.*]]: i8, %[[S:.*]]: f32, %[[Z:.*]]: i32, %{{.*}}: f16):
// CHECK-NEXT:      %[[E:.*]] = arith.extui %[[IN]] : i8 to i32
// CHECK-NEXT:      %[[D:.*]] = arith.subi %[[E]], %[[Z]] : i32
// CHECK-NEXT:      %[[F:.*]] = arith.sitofp %[[D]] : i32 to f32
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[F]], %[[S]] : f32
// CHECK-NEXT:      %[[H:.*]] = arith.truncf %[[R]] : f32 to f16
// CHECK-NEXT:      linalg.yield %[[H]] : f16
func.func @dequantize_per_axis_u8(%q: tensor<2x3xi8>) -> tensor<2x3xf16> {
  %r = compress.dequantize %q {quant = #compress.quant<u8:f16, axis = 1, scales = [0.5, 0.25, 0.125], zero_points = [128, 127, 0]>} : tensor<2x3xi8> -> tensor<2x3xf16>
  return %r : tensor<2x3xf16>
}

// -----

// Signed storage sign-extends.
// CHECK-LABEL: func.func @dequantize_i4
// CHECK:         arith.extsi %{{.*}} : i4 to i32
func.func @dequantize_i4(%q: tensor<8xi4>) -> tensor<8xf32> {
  %r = compress.dequantize %q {quant = #compress.quant<i4:f32, scale = 0.5, zero_point = -1>} : tensor<8xi4> -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Double rounding (gemmlowp): M = 0.0025 / 0.1 = 0.025 = 1717986918 * 2^-36,
// i.e. M0 = 1717986918, right shift 5, mask 31. SaturatingRoundingDoublingHighMul
// in i64 with a +-2^30 nudge and a truncating division by 2^31, then
// RoundingDivideByPOT, clamp before adding Z_out, trunci. Integer ops only.
// CHECK-LABEL: func.func @requantize_double
// CHECK-DAG:     %[[M0:.*]] = arith.constant 1717986918 : i32
// CHECK-DAG:     %[[RIGHT:.*]] = arith.constant 5 : i32
// CHECK-DAG:     %[[MASK:.*]] = arith.constant 31 : i32
// CHECK-DAG:     %[[ZOUT:.*]] = arith.constant -3 : i32
// CHECK-DAG:     %[[LO:.*]] = arith.constant -125 : i32
// CHECK-DAG:     %[[HI:.*]] = arith.constant 130 : i32
// CHECK:         %[[DIM:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x4xi32>
// CHECK:         tensor.empty(%[[DIM]]) : tensor<?x4xi8>
// CHECK:         linalg.generic
// CHECK:           %[[X:.*]] = arith.subi
// CHECK:           %[[XS:.*]] = arith.shli %[[X]]
// CHECK:           %[[A:.*]] = arith.extsi %[[XS]] : i32 to i64
// CHECK:           %[[B:.*]] = arith.extsi %[[M0]] : i32 to i64
// CHECK:           %[[AB:.*]] = arith.muli %[[A]], %[[B]] : i64
// CHECK:           %[[NN:.*]] = arith.cmpi sge, %[[AB]]
// CHECK:           arith.constant 1073741824 : i64
// CHECK:           arith.constant -1073741823 : i64
// CHECK:           %[[NUDGE:.*]] = arith.select %[[NN]]
// CHECK:           %[[SUM:.*]] = arith.addi %[[AB]], %[[NUDGE]] : i64
// CHECK:           %[[P31:.*]] = arith.constant 2147483648 : i64
// CHECK:           %[[DIV:.*]] = arith.divsi %[[SUM]], %[[P31]] : i64
// CHECK:           %[[HIGH:.*]] = arith.trunci %[[DIV]] : i64 to i32
// CHECK:           %[[REM:.*]] = arith.andi %[[HIGH]], %[[MASK]] : i32
// CHECK:           %[[NEG:.*]] = arith.cmpi slt, %[[HIGH]]
// CHECK:           %[[HALF:.*]] = arith.shrsi %[[MASK]]
// CHECK:           %[[NEGI:.*]] = arith.extui %[[NEG]] : i1 to i32
// CHECK:           %[[THR:.*]] = arith.addi %[[HALF]], %[[NEGI]] : i32
// CHECK:           %[[UP:.*]] = arith.cmpi sgt, %[[REM]], %[[THR]] : i32
// CHECK:           %[[SH:.*]] = arith.shrsi %[[HIGH]], %[[RIGHT]] : i32
// CHECK:           %[[UPI:.*]] = arith.extui %[[UP]] : i1 to i32
// CHECK:           %[[RES:.*]] = arith.addi %[[SH]], %[[UPI]] : i32
// CHECK:           %[[C1:.*]] = arith.maxsi %[[RES]], %[[LO]] : i32
// CHECK:           %[[C2:.*]] = arith.minsi %[[C1]], %[[HI]] : i32
// CHECK:           %[[OUT:.*]] = arith.addi %[[C2]], %[[ZOUT]] : i32
// CHECK:           %[[Q:.*]] = arith.trunci %[[OUT]] : i32 to i8
// CHECK:           linalg.yield %[[Q]] : i8
// CHECK-NOT:     arith.{{.*}}f
func.func @requantize_double(%acc: tensor<?x4xi32>) -> tensor<?x4xi8> {
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.0025>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>} : tensor<?x4xi32> -> tensor<?x4xi8>
  return %q : tensor<?x4xi8>
}

// -----

// Single rounding with per-channel multipliers: (x * M0 + 2^(total-1)) >> total
// in i64, one constant per channel; a folded ReLU raises the clamp floor to
// Z_out (lo = clamp_min - Z_out = 0).
// CHECK-DAG: #[[AX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @requantize_single_per_axis
// CHECK-DAG:     %[[M0:.*]] = arith.constant dense<[1374389535, 1374389535, 2061584302]> : tensor<3xi64>
// CHECK-DAG:     %[[TOT:.*]] = arith.constant dense<[37, 36, 36]> : tensor<3xi64>
// CHECK-DAG:     %[[RND:.*]] = arith.constant dense<[68719476736, 34359738368, 34359738368]> : tensor<3xi64>
// CHECK-DAG:     %[[LO:.*]] = arith.constant 0 : i64
// CHECK-DAG:     %[[HI:.*]] = arith.constant 130 : i64
// CHECK-DAG:     %[[ZOUT:.*]] = arith.constant -3 : i64
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[AX]], #[[AX]], #[[AX]], #{{.*}}]
// CHECK:         ^bb0(%[[IN:.*]]: i32, %[[M:.*]]: i64, %[[T:.*]]: i64, %[[R:.*]]: i64, %{{.*}}: i8):
// CHECK:           %[[X:.*]] = arith.subi %[[IN]]
// CHECK:           %[[X64:.*]] = arith.extsi %[[X]] : i32 to i64
// CHECK:           %[[P:.*]] = arith.muli %[[X64]], %[[M]] : i64
// CHECK:           %[[PR:.*]] = arith.addi %[[P]], %[[R]] : i64
// CHECK:           %[[S:.*]] = arith.shrsi %[[PR]], %[[T]] : i64
// CHECK:           %[[C1:.*]] = arith.maxsi %[[S]], %[[LO]] : i64
// CHECK:           %[[C2:.*]] = arith.minsi %[[C1]], %[[HI]] : i64
// CHECK:           %[[O:.*]] = arith.addi %[[C2]], %[[ZOUT]] : i64
// CHECK:           arith.trunci %[[O]] : i64 to i8
func.func @requantize_single_per_axis(%acc: tensor<2x3xi32>) -> tensor<2x3xi8> {
  %b = compress.requantize %acc {input_quant = #compress.quant<i32:f32, axis = 1, scales = [0.001, 0.002, 0.003]>, output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>, rounding = #compress<requant_rounding single>, clamp_min = -3} : tensor<2x3xi32> -> tensor<2x3xi8>
  return %b : tensor<2x3xi8>
}

// -----

// Scalars lower to plain arith, no linalg.
// CHECK-LABEL: func.func @quantize_scalar
// CHECK-NOT:     linalg
// CHECK:         arith.divf
// CHECK:         math.roundeven
// CHECK:         arith.fptosi
// CHECK:         arith.trunci %{{.*}} : i32 to i8
func.func @quantize_scalar(%x: f32) -> i8 {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.5>} : f32 -> i8
  return %q : i8
}

// -----

// prune selects between the weight and zero; observe disappears; fake_quant
// rounds to the grid and scales back in f32.
// CHECK-LABEL: func.func @prune_observe_fake_quant
// CHECK-SAME:    (%[[W:.*]]: tensor<4xf32>, %[[M:.*]]: tensor<4xi1>)
// CHECK:         %[[P:.*]] = linalg.generic {{.*}} ins(%[[W]], %[[M]] : tensor<4xf32>, tensor<4xi1>)
// CHECK:         ^bb0(%[[V:.*]]: f32, %[[K:.*]]: i1, %{{.*}}: f32):
// CHECK:           %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[SEL:.*]] = arith.select %[[K]], %[[V]], %[[ZERO]] : f32
// CHECK:           linalg.yield %[[SEL]]
// CHECK:         linalg.generic {{.*}} ins(%[[P]] : tensor<4xf32>)
// CHECK:           math.roundeven
// CHECK:           %[[SUB:.*]] = arith.subf
// CHECK:           %[[MUL:.*]] = arith.mulf %[[SUB]]
// CHECK:           linalg.yield %[[MUL]] : f32
func.func @prune_observe_fake_quant(%w: tensor<4xf32>, %m: tensor<4xi1>) -> tensor<4xf32> {
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<4xf32>, tensor<4xi1>
  %o = compress.observe %p {min = 0.0 : f32, max = 1.0 : f32} : tensor<4xf32>
  %f = compress.fake_quant %o {quant = #compress.quant<i8:f32, scale = 0.5, zero_point = 1>} : tensor<4xf32>
  return %f : tensor<4xf32>
}

// -----

// Integer weights are pruned with an integer zero.
// CHECK-LABEL: func.func @prune_int
// CHECK:         arith.constant 0 : i8
// CHECK:         arith.select
func.func @prune_int(%w: tensor<4xi8>, %m: tensor<4xi1>) -> tensor<4xi8> {
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<4xi8>, tensor<4xi1>
  return %p : tensor<4xi8>
}

// -----

// int4 unpacking: nibble (j % 2) of byte j / 2, logical shift then trunci.
// CHECK-DAG: #[[HALF:.*]] = affine_map<(d0, d1) -> (d0, d1 floordiv 2)>
// CHECK-LABEL: func.func @unpack
// CHECK:         linalg.generic {indexing_maps = [#[[HALF]], #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%{{.*}} : tensor<2x3xi8>) outs(%{{.*}} : tensor<2x6xi4>)
// CHECK:           %[[J:.*]] = linalg.index 1 : index
// CHECK:           arith.andi %[[J]]
// CHECK:           %[[SH:.*]] = arith.muli
// CHECK:           %[[N:.*]] = arith.shrui %{{.*}}, %[[SH]] : i8
// CHECK:           arith.trunci %[[N]] : i8 to i4
func.func @unpack(%p: tensor<2x3xi8>) -> tensor<2x6xi4> {
  %w = compress.unpack %p : tensor<2x3xi8> -> tensor<2x6xi4>
  return %w : tensor<2x6xi4>
}

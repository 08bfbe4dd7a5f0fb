// RUN: compress-opt %s -split-input-file -verify-diagnostics

func.func @scale_not_positive(%x: tensor<4xf32>) {
  // expected-error @+1 {{scale #0 is 0; scales must be finite and positive}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.0>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @scale_negative(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{scale #1 is -0.5; scales must be finite and positive}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 0, scales = [0.5, -0.5]>} : tensor<2x2xf32> -> tensor<2x2xi8>
  return
}

// -----

func.func @scale_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{scale #0 is nan; scales must be finite and positive}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0x7FF8000000000000>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @scale_inf(%x: tensor<4xf32>) {
  // expected-error @+1 {{scale #0 is inf; scales must be finite and positive}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0x7FF0000000000000>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @scale_underflows_f32(%x: tensor<4xf32>) {
  // expected-error @+1 {{which is not a positive finite f32}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 1.0e-300>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @zero_point_out_of_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{zero point #0 is 128, outside the storage range [-128, 127]}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 1.0, zero_point = 128>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @zero_point_out_of_narrow_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{zero point #0 is -128, outside the storage range [-127, 127]}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, range = [-127, 127], scale = 1.0, zero_point = -128>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @zero_point_out_of_u4_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{zero point #0 is 16, outside the storage range [0, 15]}}
  %q = compress.quantize %x {quant = #compress.quant<u4:f32, scale = 1.0, zero_point = 16>} : tensor<4xf32> -> tensor<4xi4>
  return
}

// -----

func.func @range_too_wide(%x: tensor<4xf32>) {
  // expected-error @+1 {{storage range [-200, 127] must be a non-empty sub-range of [-128, 127] for i8}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, range = [-200, 127], scale = 1.0>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @unsupported_storage(%x: tensor<4xf32>) {
  // expected-error @+1 {{storage type i7 is not supported; use i4, u4, i8, u8, i16, u16 (or i32 for accumulators)}}
  %q = compress.quantize %x {quant = #compress.quant<i7:f32, scale = 1.0>} : tensor<4xf32> -> tensor<4xi7>
  return
}

// -----

func.func @unsupported_expressed(%x: tensor<4xf64>) {
  // expected-error @+1 {{expressed type 'f64' is not supported; use f32, f16 or bf16}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f64, scale = 1.0>} : tensor<4xf64> -> tensor<4xi8>
  return
}

// -----

func.func @unknown_key(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown key 'scael'; expected scale, zero_point, scales, zero_points, axis, block or range}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scael = 1.0>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @per_tensor_two_scales(%x: tensor<4xf32>) {
  // expected-error @+1 {{per-tensor parameters take exactly one scale, got 2; add `axis = N` for per-axis}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scales = [1.0, 2.0]>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @count_mismatch(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{got 2 scales but 1 zero points; the counts must match}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 0, scales = [1.0, 2.0], zero_points = [0]>} : tensor<2x2xf32> -> tensor<2x2xi8>
  return
}

// -----

func.func @block_without_axis(%x: tensor<4xf32>) {
  // expected-error @+1 {{block size 2 needs an axis and must be positive}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, block = 2, scale = 1.0>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @per_axis_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'compress.quantize' op per-axis quantization along axis 1 needs 3 scales (the size of that dimension), got 2}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 1, scales = [1.0, 2.0]>} : tensor<2x3xf32> -> tensor<2x3xi8>
  return
}

// -----

func.func @axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'compress.quantize' op quantization axis 2 is out of range for a value of rank 2}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 2, scales = [1.0, 2.0]>} : tensor<2x3xf32> -> tensor<2x3xi8>
  return
}

// -----

func.func @per_axis_on_scalar(%x: f32) {
  // expected-error @+1 {{'compress.quantize' op quantization axis 0 is out of range for a value of rank 0}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, axis = 0, scales = [1.0]>} : f32 -> i8
  return
}

// -----

func.func @block_does_not_divide(%x: tensor<6x2xf32>) {
  // expected-error @+1 {{'compress.quantize' op block size 4 does not divide dimension 0 of size 6}}
  %q = compress.quantize %x {quant = #compress.quant<i4:f32, axis = 0, block = 4, scales = [1.0, 2.0]>} : tensor<6x2xf32> -> tensor<6x2xi4>
  return
}

// -----

func.func @block_count(%x: tensor<8x2xf32>) {
  // expected-error @+1 {{'compress.quantize' op per-block quantization of shape [8, 2] with block 4 along axis 0 needs 4 scales, got 2}}
  %q = compress.quantize %x {quant = #compress.quant<i4:f32, axis = 0, block = 4, scales = [1.0, 2.0]>} : tensor<8x2xf32> -> tensor<8x2xi4>
  return
}

// -----

func.func @block_dynamic(%x: tensor<?x2xf32>) {
  // expected-error @+1 {{'compress.quantize' op per-block quantization needs a static size along axis 0}}
  %q = compress.quantize %x {quant = #compress.quant<i4:f32, axis = 0, block = 4, scales = [1.0, 2.0]>} : tensor<?x2xf32> -> tensor<?x2xi4>
  return
}

// -----

func.func @quantize_expressed_mismatch(%x: tensor<4xf16>) {
  // expected-error @+1 {{'compress.quantize' op input element type 'f16' does not match the expressed type 'f32' of the quantization parameters}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4xf16> -> tensor<4xi8>
  return
}

// -----

func.func @quantize_storage_mismatch(%x: tensor<4xf32>) {
  // expected-error @+1 {{'compress.quantize' op result element type 'i8' does not match the 4-bit storage type of the quantization parameters}}
  %q = compress.quantize %x {quant = #compress.quant<i4:f32, scale = 1.0>} : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @quantize_to_i32(%x: tensor<4xf32>) {
  // expected-error @+1 {{'compress.quantize' op storage of 32 bits is for requantize accumulators only; use at most 16 bits}}
  %q = compress.quantize %x {quant = #compress.quant<i32:f32, scale = 1.0>} : tensor<4xf32> -> tensor<4xi32>
  return
}

// -----

func.func @quantize_shape_mismatch(%x: tensor<4xf32>) {
  // expected-error @+1 {{'compress.quantize' op requires the same shape for all operands and results}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4xf32> -> tensor<5xi8>
  return
}

// -----

func.func @quantize_float_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{'compress.quantize' op result #0 must be signless integer scalar or ranked tensor}}
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @dequantize_storage_mismatch(%q: tensor<4xi16>) {
  // expected-error @+1 {{'compress.dequantize' op input element type 'i16' does not match the 8-bit storage type of the quantization parameters}}
  %r = compress.dequantize %q {quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4xi16> -> tensor<4xf32>
  return
}

// -----

func.func @dequantize_expressed_mismatch(%q: tensor<4xi8>) {
  // expected-error @+1 {{'compress.dequantize' op result element type 'bf16' does not match the expressed type 'f32'}}
  %r = compress.dequantize %q {quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4xi8> -> tensor<4xbf16>
  return
}

// -----

func.func @fake_quant_mismatch(%x: tensor<4xf32>) {
  // expected-error @+1 {{'compress.fake_quant' op input element type 'f32' does not match the expressed type 'f16'}}
  %r = compress.fake_quant %x {quant = #compress.quant<i8:f16, scale = 1.0>} : tensor<4xf32>
  return
}

// -----

func.func @requantize_input_not_i32(%acc: tensor<4xi32>) {
  // expected-error @+1 {{'compress.requantize' op input parameters must have i32 storage (the accumulator), got i8}}
  %q = compress.requantize %acc {input_quant = #compress.quant<i8:f32, scale = 1.0>, output_quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @requantize_operand_not_i32(%acc: tensor<4xi16>) {
  // expected-error @+1 {{'compress.requantize' op operand #0 must be i32 scalar or ranked tensor}}
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 1.0>, output_quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4xi16> -> tensor<4xi8>
  return
}

// -----

func.func @requantize_per_block(%acc: tensor<4x2xi32>) {
  // expected-error @+1 {{'compress.requantize' op per-block parameters cannot be requantized with one multiplier; apply block scales during accumulation}}
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, axis = 0, block = 2, scales = [1.0, 1.0, 1.0, 1.0]>, output_quant = #compress.quant<i8:f32, scale = 1.0>} : tensor<4x2xi32> -> tensor<4x2xi8>
  return
}

// -----

func.func @requantize_axis_mismatch(%acc: tensor<2x2xi32>) {
  // expected-error @+1 {{'compress.requantize' op input axis 0 and output axis 1 must agree}}
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, axis = 0, scales = [1.0, 1.0]>, output_quant = #compress.quant<i8:f32, axis = 1, scales = [1.0, 1.0]>} : tensor<2x2xi32> -> tensor<2x2xi8>
  return
}

// -----

func.func @requantize_multiplier_too_large(%acc: tensor<4xi32>) {
  // expected-error @+1 {{'compress.requantize' op requantization multiplier S_in / S_out = 2e+10 (channel 0) is too large; it must be below 2^30}}
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 2.0>, output_quant = #compress.quant<i8:f32, scale = 1.0e-10>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @requantize_bad_clamp(%acc: tensor<4xi32>) {
  // expected-error @+1 {{'compress.requantize' op clamp range [-3, 200] must be a non-empty sub-range of the output storage range [-128, 127]}}
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 1.0>, output_quant = #compress.quant<i8:f32, scale = 1.0>, clamp_min = -3, clamp_max = 200} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @requantize_bad_rounding(%acc: tensor<4xi32>) {
  // expected-error @+2 {{expected ::mlir::compress::RequantRounding to be one of: single, double}}
  // expected-error @+1 {{failed to parse Compress_RequantRoundingAttr parameter 'value'}}
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 1.0>, output_quant = #compress.quant<i8:f32, scale = 1.0>, rounding = #compress<requant_rounding half_even>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @prune_mask_shape(%w: tensor<4x8xf32>, %m: tensor<8x4xi1>) {
  // expected-error @+1 {{'compress.prune' op mask shape [8, 4] does not match the input shape [4, 8]}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<4x8xf32>, tensor<8x4xi1>
  return
}

// -----

func.func @prune_mask_type(%w: tensor<4x8xf32>, %m: tensor<4x8xi8>) {
  // expected-error @+1 {{'compress.prune' op operand #1 must be ranked tensor of 1-bit signless integer values}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<unstructured>} : tensor<4x8xf32>, tensor<4x8xi8>
  return
}

// -----

func.func @nm_violated(%w: tensor<2x4xf32>) {
  %m = arith.constant dense<[[true, true, true, false], [true, false, false, false]]> : tensor<2x4xi1>
  // expected-error @+1 {{'compress.prune' op mask breaks its n:m 2:4 structure: a group along axis 1 starting at element 0 keeps 3}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<n:m 2:4, axis = 1>} : tensor<2x4xf32>, tensor<2x4xi1>
  return
}

// -----

func.func @nm_violated_axis0(%w: tensor<4x2xf32>) {
  %m = arith.constant dense<[[true, false], [true, false], [true, false], [false, true]]> : tensor<4x2xi1>
  // expected-error @+1 {{'compress.prune' op mask breaks its n:m 1:2 structure: a group along axis 0 starting at element 0 keeps 2}}
  %q = compress.prune %w, %m {sparsity = #compress.sparsity<n:m 1:2, axis = 0>} : tensor<4x2xf32>, tensor<4x2xi1>
  return
}

// -----

func.func @block_violated(%w: tensor<2x4xf32>) {
  %m = arith.constant dense<[[true, true, false, false], [true, false, false, false]]> : tensor<2x4xi1>
  // expected-error @+1 {{'compress.prune' op mask breaks its block 2x2 structure: element 5 differs from the first element of its block}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<block 2x2>} : tensor<2x4xf32>, tensor<2x4xi1>
  return
}

// -----

func.func @channel_violated(%w: tensor<2x4xf32>) {
  %m = arith.constant dense<[[true, true, false, true], [false, false, false, false]]> : tensor<2x4xi1>
  // expected-error @+1 {{'compress.prune' op mask breaks its channel structure: slice 0 along axis 0 is partly kept and partly pruned}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<channel, axis = 0>} : tensor<2x4xf32>, tensor<2x4xi1>
  return
}

// -----

func.func @nm_bad_numbers(%w: tensor<2x4xf32>, %m: tensor<2x4xi1>) {
  // expected-error @+1 {{n:m sparsity needs 0 < n <= m, got 5:4}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<n:m 5:4, axis = 1>} : tensor<2x4xf32>, tensor<2x4xi1>
  return
}

// -----

func.func @nm_group_does_not_divide(%w: tensor<2x6xf32>, %m: tensor<2x6xi1>) {
  // expected-error @+1 {{'compress.prune' op n:m group size 4 does not divide dimension 1 of size 6}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<n:m 2:4, axis = 1>} : tensor<2x6xf32>, tensor<2x6xi1>
  return
}

// -----

func.func @block_does_not_tile(%w: tensor<4x6xf32>, %m: tensor<4x6xi1>) {
  // expected-error @+1 {{'compress.prune' op block 2x4 does not tile the trailing dimensions 4x6}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<block 2x4>} : tensor<4x6xf32>, tensor<4x6xi1>
  return
}

// -----

func.func @block_on_vector(%w: tensor<8xf32>, %m: tensor<8xi1>) {
  // expected-error @+1 {{'compress.prune' op block sparsity needs a value of rank >= 2, got 1}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<block 2x2>} : tensor<8xf32>, tensor<8xi1>
  return
}

// -----

func.func @sparsity_axis_out_of_range(%w: tensor<4x8xf32>, %m: tensor<4x8xi1>) {
  // expected-error @+1 {{'compress.prune' op sparsity axis 2 is out of range for a value of rank 2}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<channel, axis = 2>} : tensor<4x8xf32>, tensor<4x8xi1>
  return
}

// -----

func.func @unknown_structure(%w: tensor<4x8xf32>, %m: tensor<4x8xi1>) {
  // expected-error @+1 {{unknown sparsity structure 'diagonal'; expected unstructured, n:m, block or channel}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<diagonal>} : tensor<4x8xf32>, tensor<4x8xi1>
  return
}

// -----

func.func @bad_block_shape(%w: tensor<4x8xf32>, %m: tensor<4x8xi1>) {
  // expected-error @+1 {{block sparsity needs positive block sizes, got 0x4}}
  %p = compress.prune %w, %m {sparsity = #compress.sparsity<block 0x4>} : tensor<4x8xf32>, tensor<4x8xi1>
  return
}

// -----

func.func @observe_inverted(%x: tensor<4xf32>) {
  // expected-error @+1 {{'compress.observe' op observed min 2 is greater than max 1}}
  %o = compress.observe %x {min = 2.0 : f32, max = 1.0 : f32} : tensor<4xf32>
  return
}

// -----

func.func @observe_infinite(%x: tensor<4xf32>) {
  // expected-error @+1 {{'compress.observe' op observed range [-1, inf] must be finite}}
  %o = compress.observe %x {min = -1.0 : f32, max = 0x7F800000 : f32} : tensor<4xf32>
  return
}

// -----

func.func @unpack_shape(%p: tensor<4x8xi8>) {
  // expected-error @+1 {{'compress.unpack' op result shape [4, 8] must be the input shape [4, 8] with the last dimension doubled}}
  %w = compress.unpack %p : tensor<4x8xi8> -> tensor<4x8xi4>
  return
}

// -----

func.func @sparse_block(%a: tensor<2x8xi8>, %v: tensor<1x16x4xi8>, %i: tensor<1xi16>, %o: tensor<3xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op block must be two positive sizes [bk, bn]}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 0, 16>} : tensor<2x8xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_divides(%a: tensor<2x6xi8>, %v: tensor<1x16x4xi8>, %i: tensor<1xi16>, %o: tensor<3xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op block [4, 16] must divide K = 6 and N = 32}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x6xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_values(%a: tensor<2x8xi8>, %v: tensor<1x4x16xi8>, %i: tensor<1xi16>, %o: tensor<3xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op values must be [tiles, 16, 4] for block [4, 16], got [1, 4, 16]}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<1x4x16xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_offsets_count(%a: tensor<2x8xi8>, %v: tensor<1x16x4xi8>, %i: tensor<1xi16>, %o: tensor<2xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op offsets must have N / bn + 1 = 3 entries, got 2}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<2xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_indices_count(%a: tensor<2x8xi8>, %v: tensor<1x16x4xi8>, %i: tensor<2xi16>, %o: tensor<3xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op indices must have one entry per stored tile (1), got 2}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<1x16x4xi8>, tensor<2xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_offsets_order(%a: tensor<2x8xi8>, %v: tensor<1x16x4xi8>, %c: tensor<2x32xi32>) {
  %i = arith.constant dense<0> : tensor<1xi16>
  %o = arith.constant dense<[0, 2, 1]> : tensor<3xi32>
  // expected-error @+1 {{'compress.sparse_matmul' op offsets must rise from 0 to the number of tiles (1); entry 1 is 2}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_offsets_last(%a: tensor<2x8xi8>, %v: tensor<1x16x4xi8>, %c: tensor<2x32xi32>) {
  %i = arith.constant dense<0> : tensor<1xi16>
  %o = arith.constant dense<[0, 0, 0]> : tensor<3xi32>
  // expected-error @+1 {{'compress.sparse_matmul' op the last offset is 0 but there are 1 tiles}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_index_range(%a: tensor<2x8xi8>, %v: tensor<1x16x4xi8>, %c: tensor<2x32xi32>) {
  %i = arith.constant dense<2> : tensor<1xi16>
  %o = arith.constant dense<[0, 1, 1]> : tensor<3xi32>
  // expected-error @+1 {{'compress.sparse_matmul' op tile 0 has row-block index 2 outside [0, K / bk = 2)}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_mixed(%a: tensor<2x8xf32>, %v: tensor<1x16x4xi8>, %i: tensor<1xi16>, %o: tensor<3xi32>, %c: tensor<2x32xf32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op a, values and init must all be integer or all be float}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xf32>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xf32> -> tensor<2x32xf32>
  return
}

// -----

func.func @sparse_rows(%a: tensor<3x8xi8>, %v: tensor<1x16x4xi8>, %i: tensor<1xi16>, %o: tensor<3xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op a has 3 rows but init has 2}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<3x8xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

// -----

func.func @sparse_result(%a: tensor<2x8xi8>, %v: tensor<1x16x4xi8>, %i: tensor<1xi16>, %o: tensor<3xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op result type 'tensor<2x32xi16>' must be the init type 'tensor<2x32xi32>'}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x8xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi16>
  return
}

// -----

func.func @sparse_dynamic_k(%a: tensor<2x?xi8>, %v: tensor<1x16x4xi8>, %i: tensor<1xi16>, %o: tensor<3xi32>, %c: tensor<2x32xi32>) {
  // expected-error @+1 {{'compress.sparse_matmul' op the reduction size K and the columns N must be static}}
  %r = compress.sparse_matmul %a, %v, %i, %o, %c {block = array<i64: 4, 16>} : tensor<2x?xi8>, tensor<1x16x4xi8>, tensor<1xi16>, tensor<3xi32>, tensor<2x32xi32> -> tensor<2x32xi32>
  return
}

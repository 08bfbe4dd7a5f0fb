//===- Passes.td - compress transformation passes ----------*- tablegen -*-===//

#ifndef COMPRESS_DIALECT_COMPRESS_TRANSFORMS_PASSES_TD
#define COMPRESS_DIALECT_COMPRESS_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CompressCalibrate : Pass<"compress-calibrate", "::mlir::ModuleOp"> {
  let summary = "Record activation ranges by running the float model";
  let description = [{
    JIT-compiles the float model (MLIR's ExecutionEngine, in-process), runs
    it on the representative inputs of a NumPy `.npy` file (float32, C
    order, shape `[N, ...]` matching the model input after the batch
    dimension) and records the min/max of every activation that feeds a
    `linalg` contraction or convolution, and of every returned value, as a
    `compress.observe` op. When the model's batch dimension is static, the
    samples run in batches of that size, the last batch filled by repeating
    samples from the start. Ranges already present (QAT exports) are kept.

    ```mlir
    // compress-opt --compress-calibrate="inputs=calib.npy"
    %a = compress.observe %x {min = 0.0 : f32, max = 1.0 : f32} : tensor<32x64xf32>
    %m = linalg.matmul ins(%a, %w : ...) ...
    ```
  }];
  let options = [
    Option<"inputs", "inputs", "std::string", /*default=*/"\"\"",
           "NumPy .npy file of representative inputs (float32, C order)">,
    Option<"funcName", "func", "std::string", /*default=*/"\"\"",
           "Function to calibrate (default: the public function taking one "
           "tensor)">,
    Option<"maxSamples", "max-samples", "int64_t", /*default=*/"0",
           "Use at most this many samples (0: all)">,
  ];
  let dependentDialects = ["::mlir::compress::CompressDialect"];
}

def CompressQuantize : Pass<"compress-quantize", "::mlir::ModuleOp"> {
  let summary = "Post-training quantization of matmul/conv weights and activations";
  let description = [{
    For every `linalg.matmul`, `linalg.batch_matmul`, `linalg.matvec`,
    `linalg.conv_2d_nhwc_hwcf`, `linalg.conv_2d_nchw_fchw` and
    `linalg.depthwise_conv_2d_nhwc_hwc` whose weights are constant (possibly
    behind a `compress.prune`), inserts `compress.quantize` /
    `compress.dequantize` pairs with parameters computed from the constant:
    one scale per tensor, per output channel, or per block of `block-size`
    along the reduction dimension. Activations:

    * `static`: parameters from the `compress.observe` range on the
      activation (widened to contain 0, asymmetric int8); the function keeps
      its float interface;
    * `dynamic`: the activation's range is computed at run time per tensor
      (or per row, `dynamic-granularity=row`) and the contraction runs as
      int8 x int8 -> i32, rescaled to f32;
    * `none`: weight-only quantization (W8A32 / W4A32);
      `--compress-lower-to-integer` fuses the dequantization into the
      contraction.

    Functions that contain no such op (a `main` that calls the model and
    prints) are left alone.
  }];
  let options = [
    Option<"bits", "bits", "unsigned", /*default=*/"8", "Weight bits: 8 or 4">,
    Option<"weights", "weights", "std::string", /*default=*/"\"channel\"",
           "Weight granularity: tensor, channel or block">,
    Option<"blockSize", "block-size", "int64_t", /*default=*/"32",
           "Block size along the reduction dimension (weights=block)">,
    Option<"symmetric", "symmetric", "bool", /*default=*/"true",
           "Symmetric weights (zero point 0)">,
    Option<"activations", "activations", "std::string", /*default=*/"\"static\"",
           "Activations: none, dynamic or static">,
    Option<"rounding", "rounding", "std::string", /*default=*/"\"half_even\"",
           "Rounding of quantize ops: half_even or half_away">,
    Option<"dynamicGranularity", "dynamic-granularity", "std::string",
           /*default=*/"\"tensor\"",
           "activations=dynamic: one range per tensor or per row">,
  ];
  let dependentDialects = [
    "::mlir::compress::CompressDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::math::MathDialect",
  ];
}

def CompressFoldConstants : Pass<"compress-fold-constants"> {
  let summary = "Quantize constant weights and apply constant masks at compile time";
  let description = [{
    Folds `compress.quantize` of constants into integer constants and
    `compress.prune` of a constant by a constant mask into the masked
    constant (also through a quantize: the mask is applied to the integer
    weights). `dense` and `dense_resource` constants are both read. Nothing
    that depends on run-time values is touched. int4 constants are stored
    two values per byte (an i8 constant and a `compress.unpack`) unless
    `pack-int4=false`.
  }];
  let options = [
    Option<"packInt4", "pack-int4", "bool", /*default=*/"true",
           "Store int4 constants two per byte">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::compress::CompressDialect"];
}

def CompressLowerToInteger : Pass<"compress-lower-to-integer"> {
  let summary = "Fold S and Z into integer kernels: dequant -> op -> quant becomes int8 compute";
  let description = [{
    Rewrites `quantize(relu?(bias_add?(matmul(dequantize(a), dequantize(w)))))`
    into `requantize(matmul_i8xi8->i32(a, w) + bias_i32)` where the bias
    constant absorbs the quantized float bias (scale `S_a * S_w`) and the
    zero-point corrections `-Z_a * colsum(w) + K * Z_a * Z_w`, a row-sum term
    handles asymmetric weights, per-channel weight scales become per-channel
    requantization multipliers, and ReLU / ReLU6 fold into the clamp. The
    accumulation is proven not to overflow i32
    (`K * max|q_a - Z_a| * max|q_w - Z_w| < 2^31`); what cannot be proven is
    left in float with a remark.

    Weight-only contractions `matmul(x, dequantize(w))` (per-channel or
    per-block int8/int4 weights): with `weight-only=fused` (the default) one
    `linalg.generic` dequantizes each weight inside the reduction, so no
    float copy of the weights exists; with `weight-only=materialize` the
    dequantization of constant weights is a separate element-wise generic
    over the weights as int8 (int4 unpacked at compile time) with K split
    into (block, offset), run once per call into a float buffer that the
    (vectorized) float matmul reads — faster for small weights or several
    rows, at K × N floats of scratch memory.

    Per-block int4 / int8 weights with quantized int8 activations become
    int8 products summed per block (the constant weights widened to int8,
    partial sums `[M][K/B][N]`) and one f32 combination of the block sums.
  }];
  let options = [
    Option<"weightOnly", "weight-only", "std::string", /*default=*/"\"fused\"",
           "Weight-only contractions: fused (dequantize inside the "
           "reduction) or materialize (dequantize once per call)">,
  ];
  let dependentDialects = [
    "::mlir::compress::CompressDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def CompressPrune : Pass<"compress-prune", "::mlir::ModuleOp"> {
  let summary = "Magnitude pruning of constant matmul/conv weights";
  let description = [{
    Computes a pruning mask for the constant weights of every supported
    linalg contraction or convolution (layers are numbered in program order,
    0, 1, ...) and writes it as a constant on a `compress.prune` op; biases
    are untouched. Importance is `|w|` for single weights and the L2 norm for
    blocks and channels; ties go to the lower index, so results are
    deterministic.

    * `structure=unstructured`: prune the `sparsity` fraction of the weights
      with the smallest magnitude, per layer (`scope=layer`) or over all
      layers together (`scope=global`);
    * `structure=n:m` (`n=`, `m=`): in every group of `m` consecutive weights
      along the reduction dimension keep the `n` largest;
    * `structure=block` (`block=RxC`): prune the `sparsity` fraction of the
      `R x C` blocks of the two trailing dimensions;
    * `structure=channel`: prune the `sparsity` fraction of output channels.

    A weight that is already pruned keeps its mask and loses the requested
    fraction of its *remaining* weights, so repeated runs implement iterative
    magnitude pruning. `exclude=` lists layers left dense.

    ```mlir
    // compress-opt --compress-prune="sparsity=0.5"
    %p = compress.prune %w, %mask {sparsity = #compress.sparsity<unstructured>}
        : tensor<64x128xf32>, tensor<64x128xi1>
    ```
  }];
  let options = [
    Option<"sparsity", "sparsity", "double", /*default=*/"0.5",
           "Fraction of the remaining weights (blocks, channels) to prune">,
    Option<"structure", "structure", "std::string",
           /*default=*/"\"unstructured\"",
           "unstructured, n:m, block or channel">,
    Option<"n", "n", "int64_t", /*default=*/"2", "n of n:m">,
    Option<"m", "m", "int64_t", /*default=*/"4", "m of n:m">,
    Option<"block", "block", "std::string", /*default=*/"\"4x4\"",
           "Block shape RxC for structure=block">,
    Option<"scope", "scope", "std::string", /*default=*/"\"layer\"",
           "layer or global (unstructured only)">,
    ListOption<"exclude", "exclude", "int64_t",
               "Layers (program-order indices) left dense">,
  ];
  let dependentDialects = ["::mlir::compress::CompressDialect",
                           "::mlir::arith::ArithDialect"];
}

def CompressSparsify : Pass<"compress-sparsify", "::mlir::ModuleOp"> {
  let summary = "Exploit pruning masks: shrink pruned channels, store sparse weights compressed";
  let description = [{
    Two rewrites, in this order.

    **Channels.** A `linalg.matmul` whose constant weights carry a `channel`
    mask along the output channels loses those channels: the weight
    constant, the matmul, the element-wise ops after it (bias add, ReLU, ...
    with their per-channel constants) become smaller, and the next
    `linalg.matmul` loses the matching input channels (rows of its weights,
    masked or not). What a pruned channel still contributed downstream —
    e.g. `relu(bias[n])` times the next layer's weights — is computed at
    compile time and becomes the consumer's accumulator initial value, so
    the result is unchanged. A layer is left alone (with a remark) when its
    channels feed anything else.

    **Compressed storage.** A `linalg.matmul` (i8 × i8 → i32 after
    `--compress-lower-to-integer`, or f32) whose weights are a constant —
    possibly behind a `compress.prune` with a constant mask — becomes
    `compress.sparse_matmul` with the weights stored block-compressed
    (values, row-block indices, per-block-column offsets) when that is
    predicted faster. Candidate tiles: `4x16` (one AVX-512 VNNI `vpdpbusd`
    per tile; block-pruned weights) and `1x1` (CSR; unstructured and n:m
    masks). The cost rule: stored fraction × relative tile cost < 1, with
    the relative costs measured by `benchmarks/run.sh`.
    `--compress-cpu-pipeline` runs this pass after integer lowering.

    ```mlir
    // compress-opt --compress-prune="structure=block block=4x16 sparsity=0.9" \
    //   --compress-quantize --compress-fold-constants --compress-lower-to-integer \
    //   --compress-sparsify
    %c = compress.sparse_matmul %a, %values, %indices, %offsets, %init
        {block = array<i64: 4, 16>} : ...
    ```
  }];
  let options = [
    Option<"storage", "storage", "std::string", /*default=*/"\"auto\"",
           "Compressed storage: auto (where the cost rule predicts a "
           "speed-up, fastest tile shape), always (fastest tile shape), "
           "smallest (where it takes fewer bytes, smallest tile shape), "
           "never">,
    Option<"block", "block", "std::string", /*default=*/"\"auto\"",
           "Tile shape RxC of the compressed storage (rows along K, columns "
           "along N), or auto (the cheapest calibrated shape)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::compress::CompressDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def CompressReport : Pass<"compress-report", "::mlir::ModuleOp"> {
  let summary = "Per-layer table of parameters, non-zeros, bits and bytes";
  let description = [{
    For the weights of every supported contraction or convolution: shape,
    parameters, non-zeros (after constant masks), sparsity, mask structure,
    bits per stored value, bytes as dense float32 and bytes as stored in the
    IR (quantized storage, int4 packing), and a total line with the
    compression ratio `NN.Nx`. Written to stderr, or to `file=`. The IR is
    not changed.
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"\"\"",
           "Write the table to this file instead of stderr">,
  ];
}

#endif // COMPRESS_DIALECT_COMPRESS_TRANSFORMS_PASSES_TD

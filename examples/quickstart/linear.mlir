// A linear layer y = x · W with W stored as per-output-channel int8
// (weight-only quantization), next to the same layer in f32.
// scripts/demo.sh folds, lowers, compiles and runs it.

func.func private @printMemrefF32(tensor<*xf32>)

func.func @linear_f32(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<2x4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

func.func @linear_w8(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x4xf32> {
  // Symmetric int8, one scale per output channel (max|w| / 127). With a
  // constant W, --canonicalize folds this into an i8 constant.
  %wq = compress.quantize %w {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.0062992125984251968, 0.0078740157480314960, 0.0047244094488188976, 0.0055118110236220472]>} : tensor<8x4xf32> -> tensor<8x4xi8>
  %wd = compress.dequantize %wq {quant = #compress.quant<i8:f32, range = [-127, 127], axis = 1, scales = [0.0062992125984251968, 0.0078740157480314960, 0.0047244094488188976, 0.0055118110236220472]>} : tensor<8x4xi8> -> tensor<8x4xf32>
  %y = call @linear_f32(%x, %wd) : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

func.func @main() {
  %x = arith.constant dense<[[1.0, -2.0, 0.5, 3.0, -1.5, 2.5, 0.25, -0.75],
                             [0.1, 0.2, -0.3, 0.4, -0.5, 0.6, -0.7, 0.8]]> : tensor<2x8xf32>
  %w = arith.constant dense<[[0.80, -1.00, 0.60, 0.70], [-0.25, 0.50, -0.60, 0.10],
                             [0.33, 0.12, 0.05, -0.70], [0.07, -0.90, 0.31, 0.44],
                             [-0.61, 0.27, -0.45, 0.02], [0.18, 0.36, 0.54, -0.08],
                             [0.40, -0.20, 0.15, 0.30], [-0.05, 0.95, -0.22, 0.61]]> : tensor<8x4xf32>
  %yf = call @linear_f32(%x, %w) : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %yq = call @linear_w8(%x, %w) : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %uf = tensor.cast %yf : tensor<2x4xf32> to tensor<*xf32>
  %uq = tensor.cast %yq : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%uf) : (tensor<*xf32>) -> ()
  call @printMemrefF32(%uq) : (tensor<*xf32>) -> ()
  return
}

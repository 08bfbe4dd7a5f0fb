// Quantized layers for the GPU example (examples/gpu/build.sh): an int8
// layer with constant weights and a fixed-point requantization epilogue
// (ReLU in the clamp), an int8 GEMM and an f32 GEMM with run-time operands
// (the benchmark shape is set by build.sh), and an f32 layer.
func.func @int8_layer(%a: tensor<64x256xi8>) -> tensor<64x128xi8> attributes {llvm.emit_c_interface} {
  %w = arith.constant dense<WEIGHTS> : tensor<256x128xi8>
  %c0 = arith.constant 11 : i32
  %e = tensor.empty() : tensor<64x128xi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<64x128xi32>) -> tensor<64x128xi32>
  %acc = linalg.matmul ins(%a, %w : tensor<64x256xi8>, tensor<256x128xi8>) outs(%init : tensor<64x128xi32>) -> tensor<64x128xi32>
  %q = compress.requantize %acc {input_quant = #compress.quant<i32:f32, scale = 0.00031>,
      output_quant = #compress.quant<i8:f32, scale = 0.1, zero_point = -3>, clamp_min = -3}
      : tensor<64x128xi32> -> tensor<64x128xi8>
  return %q : tensor<64x128xi8>
}

func.func @int8_gemm(%a: tensor<SIZExSIZExi8>, %b: tensor<SIZExSIZExi8>) -> tensor<SIZExSIZExi32> attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : i32
  %e = tensor.empty() : tensor<SIZExSIZExi32>
  %init = linalg.fill ins(%c0 : i32) outs(%e : tensor<SIZExSIZExi32>) -> tensor<SIZExSIZExi32>
  %acc = linalg.matmul ins(%a, %b : tensor<SIZExSIZExi8>, tensor<SIZExSIZExi8>) outs(%init : tensor<SIZExSIZExi32>) -> tensor<SIZExSIZExi32>
  return %acc : tensor<SIZExSIZExi32>
}

func.func @float_gemm(%a: tensor<SIZExSIZExf32>, %b: tensor<SIZExSIZExf32>) -> tensor<SIZExSIZExf32> attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<SIZExSIZExf32>
  %init = linalg.fill ins(%c0 : f32) outs(%e : tensor<SIZExSIZExf32>) -> tensor<SIZExSIZExf32>
  %c = linalg.matmul ins(%a, %b : tensor<SIZExSIZExf32>, tensor<SIZExSIZExf32>) outs(%init : tensor<SIZExSIZExf32>) -> tensor<SIZExSIZExf32>
  return %c : tensor<SIZExSIZExf32>
}

func.func @float_layer(%x: tensor<64x256xf32>, %w: tensor<256x128xf32>) -> tensor<64x128xf32> attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x128xf32>
  %init = linalg.fill ins(%c0 : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
  %y = linalg.matmul ins(%x, %w : tensor<64x256xf32>, tensor<256x128xf32>) outs(%init : tensor<64x128xf32>) -> tensor<64x128xf32>
  return %y : tensor<64x128xf32>
}

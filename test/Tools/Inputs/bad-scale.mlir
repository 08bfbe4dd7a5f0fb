// Input for errors.test: a negative scale.
func.func @f(%x: tensor<4xf32>) -> tensor<4xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = -1.0>} : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

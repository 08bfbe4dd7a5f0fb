// A quantized dense layer compiled ahead of time: the C interface
// (`llvm.emit_c_interface`) gives C/C++ callers
//   void _mlir_ciface_layer(StridedMemRefType<float, 2> *result,
//                           StridedMemRefType<float, 2> *x);
// The result buffer is allocated by the callee (free its basePtr).
#id = affine_map<(d0, d1) -> (d0, d1)>
#bias = affine_map<(d0, d1) -> (d1)>
func.func @layer(%x: tensor<2x4xf32>) -> tensor<2x3xf32> attributes {llvm.emit_c_interface} {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[0.5, -1.0, 0.0], [0.25, 0.5, 0.0], [-0.125, 0.75, 0.0], [1.0, -0.5, 0.0]]> : tensor<4x3xf32>
  %b = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %xo = compress.observe %x {min = -1.0 : f32, max = 3.0 : f32} : tensor<2x4xf32>
  %e = tensor.empty() : tensor<2x3xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  %m = linalg.matmul ins(%xo, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%f : tensor<2x3xf32>) -> tensor<2x3xf32>
  %a = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel"]} ins(%m, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%e : tensor<2x3xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %s = arith.addf %in, %bb : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.maximumf %in, %zero : f32
    linalg.yield %v : f32
  } -> tensor<2x3xf32>
  %ro = compress.observe %r {min = 0.0 : f32, max = 2.0 : f32} : tensor<2x3xf32>
  return %ro : tensor<2x3xf32>
}

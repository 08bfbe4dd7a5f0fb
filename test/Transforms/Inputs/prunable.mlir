// Two layers with constant weights and a bias, for the pruning tests.
func.func @net(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %zero = arith.constant 0.0 : f32
  %w0 = arith.constant dense<[[1.0, -8.0, 3.0, 0.5], [2.0, 7.0, -0.25, 6.0], [-4.0, 0.1, 5.0, -2.0], [0.3, -0.2, 9.0, 1.5]]> : tensor<4x4xf32>
  %w1 = arith.constant dense<[[0.5, 0.1, -0.3, 2.0], [1.0, -1.0, 0.2, 0.2], [3.0, 0.4, 0.6, -0.7], [0.05, 4.0, -0.9, 0.8]]> : tensor<4x4xf32>
  %bias = arith.constant dense<[0.01, 0.02, 0.03, 0.04]> : tensor<4xf32>
  %e = tensor.empty() : tensor<1x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4xf32>) -> tensor<1x4xf32>
  %h = linalg.matmul ins(%x, %w0 : tensor<1x4xf32>, tensor<4x4xf32>) outs(%f : tensor<1x4xf32>) -> tensor<1x4xf32>
  %b = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%h, %bias : tensor<1x4xf32>, tensor<4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %s = arith.addf %in, %bb : f32
    linalg.yield %s : f32
  } -> tensor<1x4xf32>
  %y = linalg.matmul ins(%b, %w1 : tensor<1x4xf32>, tensor<4x4xf32>) outs(%f : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

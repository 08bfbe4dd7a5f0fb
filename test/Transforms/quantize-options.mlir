// RUN: compress-opt %S/Inputs/dense-relu-layer.mlir --compress-quantize="weights=tensor activations=none" | FileCheck %s --check-prefix=TENSOR
// RUN: compress-opt %S/Inputs/dense-relu-layer.mlir --compress-quantize="weights=block block-size=2 bits=4" | FileCheck %s --check-prefix=BLOCK
// RUN: compress-opt %S/Inputs/dense-relu-layer.mlir --compress-quantize="symmetric=false rounding=half_away" | FileCheck %s --check-prefix=ASYM
// RUN: compress-opt %S/Inputs/dense-relu-layer.mlir --compress-quantize="activations=dynamic" | FileCheck %s --check-prefix=DYN
// RUN: compress-opt %S/Inputs/dense-relu-layer.mlir --compress-quantize="activations=dynamic dynamic-granularity=row" | FileCheck %s --check-prefix=ROW

// Weight-only, one scale for the tensor (max|w| = 1.0 -> 1/127); activations
// stay float.
// TENSOR:     compress.quantize %{{.*}} {quant = #compress.quant<i8:f32, range = [-127, 127], scale = 0.0078740157480314959>}
// TENSOR-NOT: compress.quantize %{{.*}} : tensor<2x4xf32>
// TENSOR:     linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x3xf32>)

// int4 blocks of 2 along K: K/2 x N = 6 scales, narrow range [-7, 7].
// BLOCK: compress.quantize %{{.*}} {quant = #compress.quant<i4:f32, range = [-7, 7], axis = 0, block = 2, scales = [0.071428571428571425, 0.14285714285714285, 1.000000e+00, 0.14285714285714285, 0.10714285714285714, 1.000000e+00]>} : tensor<4x3xf32> -> tensor<4x3xi4>

// Asymmetric weights use the full range with per-channel zero points (channel
// 0: [-0.125, 1.0] -> S = 1.125/255, Z = -100; the all-zero channel: S = 1, Z = 0);
// quantize ops round half away from zero.
// ASYM: compress.quantize %{{.*}} {quant = #compress.quant<i8:f32, axis = 1, scales = [0.0044117647058823529, 0.0068627450980392156, 1.000000e+00], zero_points = [-100, 18, 0]>, rounding = #compress<rounding half_away>}

// Dynamic: the activation range is reduced at run time (NaN-ignoring
// min/max), the activation quantized with it, the matmul runs
// int8 x int8 -> i32 and is rescaled per channel to f32.
// DYN-LABEL: func.func @layer
// DYN:       linalg.reduce ins(%{{.*}} : tensor<2x4xf32>) outs(%{{.*}} : tensor<f32>) dimensions = [0, 1]
// DYN:         arith.minnumf
// DYN:       linalg.reduce ins(%{{.*}} : tensor<2x4xf32>) outs(%{{.*}} : tensor<f32>) dimensions = [0, 1]
// DYN:         arith.maxnumf
// DYN:       %[[P:.*]]:2 = linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<f32>, tensor<i32>)
// DYN:         arith.select
// DYN:         math.roundeven
// DYN:         arith.fptosi
// DYN:       %[[XQ:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[P]]#0, %[[P]]#1 : tensor<2x4xf32>, tensor<f32>, tensor<i32>) outs(%{{.*}} : tensor<2x4xi8>)
// DYN:       %[[WQ:.*]] = compress.quantize %{{.*}} : tensor<4x3xf32> -> tensor<4x3xi8>
// DYN:       %[[ACC:.*]] = linalg.matmul ins(%[[XQ]], %[[WQ]] : tensor<2x4xi8>, tensor<4x3xi8>) outs(%{{.*}} : tensor<2x3xi32>)
// DYN:       arith.constant dense<[207, -32, 0]> : tensor<3xi32>
// DYN:       linalg.generic {{.*}} ins(%[[ACC]], %{{.*}}, %{{.*}}, %[[P]]#0, %[[P]]#1 : tensor<2x3xi32>, tensor<3xi32>, tensor<3xf32>, tensor<f32>, tensor<i32>)
// DYN:         arith.muli
// DYN:         arith.sitofp
// DYN:         arith.mulf
// DYN-NOT:   linalg.matmul ins(%{{.*}} : tensor<2x4xf32>
// DYN:       return

// Per row: one range, scale and zero point per row of the activation.
// ROW-DAG:   #[[ROWMAP:.*]] = affine_map<(d0, d1) -> (d0)>
// ROW-LABEL: func.func @layer
// ROW:       linalg.reduce ins(%{{.*}} : tensor<2x4xf32>) outs(%{{.*}} : tensor<2xf32>) dimensions = [1]
// ROW:       %[[P:.*]]:2 = linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi32>)
// ROW:       linalg.generic {indexing_maps = [#{{.*}}, #[[ROWMAP]], #[[ROWMAP]], #{{.*}}]{{.*}} ins(%{{.*}}, %[[P]]#0, %[[P]]#1 : tensor<2x4xf32>, tensor<2xf32>, tensor<2xi32>) outs(%{{.*}} : tensor<2x4xi8>)

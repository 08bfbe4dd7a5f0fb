// REQUIRES: plugin
// Upstream (Debian) mlir-opt loads compress as a dialect and pass plugin.
// Plugin passes are named through --pass-pipeline: mlir-opt creates its
// per-pass flags before the plugin is loaded.
// RUN: %mlir-opt %s --load-dialect-plugin=%compress_lib_dir/CompressPlugin.so --load-pass-plugin=%compress_lib_dir/CompressPlugin.so | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: %mlir-opt %s --load-dialect-plugin=%compress_lib_dir/CompressPlugin.so --load-pass-plugin=%compress_lib_dir/CompressPlugin.so --pass-pipeline="builtin.module(compress-lower-ops)" | FileCheck %s --check-prefix=LOWERED
// RUN: %mlir-opt --load-dialect-plugin=%compress_lib_dir/CompressPlugin.so --load-pass-plugin=%compress_lib_dir/CompressPlugin.so --help | FileCheck %s --check-prefix=HELP

// ROUNDTRIP: compress.quantize %{{.*}} {quant = #compress.quant<i8:f32, scale = 2.500000e-01, zero_point = -1>}
// LOWERED-NOT: compress.
// LOWERED: linalg.generic
// LOWERED: math.roundeven
// LOWERED: arith.fptosi
// HELP: --compress-lower-ops
// HELP: --compress-reference-pipeline
func.func @f(%x: tensor<8xf32>) -> tensor<8xi8> {
  %q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = 0.25, zero_point = -1>} : tensor<8xf32> -> tensor<8xi8>
  return %q : tensor<8xi8>
}

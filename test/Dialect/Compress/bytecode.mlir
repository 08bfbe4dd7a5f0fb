// Every op and attribute form of ops.mlir survives MLIR bytecode.
// RUN: compress-opt %S/ops.mlir -emit-bytecode | compress-opt | FileCheck %S/ops.mlir
// RUN: compress-opt %S/ops.mlir -emit-bytecode | compress-opt -emit-bytecode | compress-opt | FileCheck %S/ops.mlir

// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="sparsity=0.75" --compress-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRUNED
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-prune="sparsity=0.75" --compress-quantize="activations=none" --compress-fold-constants --compress-report="file=%t.txt" -o /dev/null
// RUN: FileCheck %s --check-prefix=INT8 < %t.txt
// RUN: compress-opt %S/Inputs/prunable.mlir --compress-quantize="activations=none bits=4 weights=block block-size=2" --compress-fold-constants --compress-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=INT4

// PRUNED: layer  op                           shape            params  non-zeros  sparsity structure       bits    f32 bytes stored bytes
// PRUNED: 0      linalg.matmul                4x4                  16          4     75.0% unstructured      32           64           64
// PRUNED: 1      linalg.matmul                4x4                  16          4     75.0% unstructured      32           64           64
// PRUNED: total                                                    32          8     75.0%                                128          128  compression 1.0x

// int8 per channel: 16 bytes of values + 4 x (4-byte scale + 1-byte zero
// point) per layer.
// INT8: 0      linalg.matmul                4x4                  16          4     75.0% -                  8           64           36
// INT8: total                                                    32          8     75.0%                                128           72  compression 1.8x

// int4 blocks of 2: 8 bytes of packed values, 8 scales (32 bytes) and 8
// int4 zero points (4 bytes).
// INT4: 0      linalg.matmul                4x4                  16         16      0.0% -                  4           64           44
// INT4: total {{.*}} compression 1.5x

// Weights stored compressed (compress.sparse_matmul): values + row-block
// indices + offsets. 1x1 tiles: 4 i8 values, 4 i8 indices, 33 i8 offsets
// = 41 bytes; 4x16 tiles: 2 x 64 values, 2 i8 indices, 3 i8 offsets = 133.
// RUN: compress-opt %S/sparsify-storage.mlir --split-input-file --compress-sparsify="storage=always block=1x1" --compress-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=CSR
// RUN: compress-opt %S/sparsify-storage.mlir --split-input-file --compress-sparsify="storage=always block=4x16" --compress-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=TILES
// CSR: 0      compress.sparse_matmul       8x32                256          4     98.4% csr                8         1024           41
// CSR: total                                                   256          4     98.4%                               1024           41  compression 25.0x
// TILES: 0      compress.sparse_matmul       8x32                256          4     98.4% tiles 4x16         8         1024          133

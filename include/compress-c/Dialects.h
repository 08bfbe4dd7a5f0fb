/*===- compress-c/Dialects.h - C API for the compress dialect -----*- C -*-===*\
|*                                                                            *|
|* Lets C (and Python ctypes, Rust, ...) hosts load the compress dialect and *|
|* register its passes and pipelines with the upstream MLIR C API.            *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef COMPRESS_C_DIALECTS_H
#define COMPRESS_C_DIALECTS_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// mlirGetDialectHandle__compress__(): register or load the dialect with
/// mlirDialectHandleRegisterDialect / mlirDialectHandleLoadDialect.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Compress, compress);

/// Registers every compress pass and pipeline (`--compress-lower-ops`,
/// `--compress-reference-pipeline`, ...) with the global pass registry, so
/// mlirParsePassPipeline can name them.
MLIR_CAPI_EXPORTED void mlirRegisterCompressPasses(void);

#ifdef __cplusplus
}
#endif

#endif /* COMPRESS_C_DIALECTS_H */

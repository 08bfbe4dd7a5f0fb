/*===- compress-capi-test.c - exercise the compress C API ---------------===*/
/* Driven by test/CAPI/capi.test: loads the dialect through its handle,
 * parses compress IR, runs --compress-lower-ops through the C pass API and
 * prints the result. */

#include "compress-c/Dialects.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>

static void printToStdout(MlirStringRef str, void *userData) {
  (void)userData;
  fwrite(str.data, 1, str.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic,
                                         void *userData) {
  (void)userData;
  printf("diagnostic: ");
  mlirDiagnosticPrint(diagnostic, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

/* Invalid compress IR through the C API: a diagnostic, a null module. */
static int parseInvalid(MlirContext ctx) {
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);
  const char *bad =
      "%x = \"test.source\"() : () -> tensor<4xf32>\n"
      "%q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = "
      "0.5, zero_point = 300>} : tensor<4xf32> -> tensor<4xi8>\n";
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(bad));
  printf("module is null: %d\n", mlirModuleIsNull(module));
  mlirContextDestroy(ctx);
  return mlirModuleIsNull(module) ? 0 : 1;
}

int main(int argc, char **argv) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectHandle handle = mlirGetDialectHandle__compress__();
  mlirDialectHandleRegisterDialect(handle, ctx);
  MlirDialect dialect = mlirDialectHandleLoadDialect(handle, ctx);
  MlirStringRef ns = mlirDialectGetNamespace(dialect);
  printf("dialect: %.*s\n", (int)ns.length, ns.data);
  mlirRegisterCompressPasses();

  const char *source =
      "%x = \"test.source\"() : () -> tensor<4xf32>\n"
      "%q = compress.quantize %x {quant = #compress.quant<i8:f32, scale = "
      "0.5, zero_point = 3>} : tensor<4xf32> -> tensor<4xi8>\n"
      "\"test.sink\"(%q) : (tensor<4xi8>) -> ()\n";
  /* test.source / test.sink stand in for a producer and a consumer. */
  mlirContextSetAllowUnregisteredDialects(ctx, true);
  if (argc > 1 && argv[1][0] == 'i')
    return parseInvalid(ctx);
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(source));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "parse failed\n");
    return 1;
  }
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");

  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      opm, mlirStringRefCreateFromCString("builtin.module(compress-lower-ops)"),
      printToStdout, NULL);
  if (mlirLogicalResultIsFailure(parsed)) {
    fprintf(stderr, "pipeline parse failed\n");
    return 1;
  }
  if (mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)))) {
    fprintf(stderr, "pass failed\n");
    return 1;
  }
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}

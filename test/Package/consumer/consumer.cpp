// Registers compress from the installed package, parses IR, and runs
// --compress-lower-ops by name.
#include "compress/InitAllCompress.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

int main() {
  mlir::DialectRegistry registry;
  mlir::compress::registerAllCompressDialects(registry);
  registry.insert<mlir::func::FuncDialect>();
  mlir::compress::registerAllCompressPasses();
  mlir::MLIRContext context(registry);

  const char *source = R"mlir(
    func.func @f(%x: tensor<4xf32>) -> tensor<4xi8> {
      %q = compress.quantize %x {quant = #compress.quant<u8:f32, scale = 0.25, zero_point = 128>} : tensor<4xf32> -> tensor<4xi8>
      return %q : tensor<4xi8>
    })mlir";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  if (!module)
    return 1;
  mlir::PassManager pm(&context);
  if (mlir::failed(mlir::parsePassPipeline("compress-lower-ops", pm)) ||
      mlir::failed(pm.run(*module)))
    return 2;
  module->print(llvm::outs());
  return 0;
}

//===- X86Amx.cpp - int8 matmuls on AMX tiles -----------------------------===//
//
// An AMX tile multiply (tdpbssd) takes A as a 16 x 64-byte tile (16 rows,
// 64 values of K) and B as a 16 x 64-byte tile in the same [K/4][N][4]
// layout vpdpbusd uses (16 groups of 4 rows of K, 16 columns), and adds the
// 16 x 16 int32 products into a C tile. Both operands are signed: no +128
// compensation. The matmul becomes
//   1. (tensors) A viewed [M, K/4, 4], B packed (at compile time when
//      constant), a linalg.generic marked for AMX that no schedule tiles;
//   2. (buffers, after deallocation) that generic -> loops over 2 x 2 blocks
//      of C tiles held in tile registers across the K loop, tile loads of A
//      and B, amx.tile_muli;
//   3. a module constructor that asks Linux for the AMX tile state
//      (arch_prctl ARCH_REQ_XCOMP_PERM), without which the first tile
//      instruction faults.
// `emulateAmxTiles` rewrites the tile ops into vector ops with the same
// semantics, so the kernel structure is executed and checked on CPUs
// without AMX.
//
//===----------------------------------------------------------------------===//

#include "X86Amx.h"
#include "X86Vnni.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace mlir::compress;

/// Marks the AMX-form generic; the value is the register blocking [rm, rn]
/// (C tiles per block of rows and of columns).
static constexpr StringLiteral kAmxKernelAttr = "compress.amx_kernel";

std::optional<std::array<int64_t, 2>>
compress::amxRegisterBlocking(linalg::MatmulOp mm) {
  std::optional<std::array<int64_t, 3>> shape = staticInt8MatmulShape(mm);
  if (!shape)
    return std::nullopt;
  auto [m, k, n] = *shape;
  if (m % 16 != 0 || n % 16 != 0 || k % 64 != 0)
    return std::nullopt;
  // Eight tile registers: 2 x 2 C tiles, two A tiles, two B tiles.
  return std::array<int64_t, 2>{m % 32 == 0 ? 2 : 1, n % 32 == 0 ? 2 : 1};
}

bool compress::isAmxKernel(Operation *op) {
  return op->hasAttr(kAmxKernelAttr);
}

linalg::GenericOp compress::rewriteMatmulForAmx(OpBuilder &b,
                                                linalg::MatmulOp mm) {
  std::array<int64_t, 2> blocking = *amxRegisterBlocking(mm);
  Location loc = mm.getLoc();
  MLIRContext *ctx = b.getContext();
  Value a = mm.getInputs()[0], w = mm.getInputs()[1], init = mm.getOutputs()[0];
  auto aType = cast<RankedTensorType>(a.getType());
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1);
  Type i32 = b.getI32Type();
  AffineExpr d0, d1, d2, d3;
  bindDims(ctx, d0, d1, d2, d3);
  Value a3 = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({m, k / 4, 4}, b.getI8Type()), a,
      ArrayRef<ReassociationIndices>{{0}, {1, 2}});
  Value b4 = packWeightsForVnni(b, loc, w);
  using utils::IteratorType;
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{a3, b4}, init,
      ArrayRef<AffineMap>{AffineMap::get(4, 0, {d0, d2, d3}, ctx),
                          AffineMap::get(4, 0, {d2, d1, d3}, ctx),
                          AffineMap::get(4, 0, {d0, d1}, ctx)},
      ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::parallel,
                             IteratorType::reduction, IteratorType::reduction},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value x = arith::ExtSIOp::create(nb, l, i32, args[0]);
        Value y = arith::ExtSIOp::create(nb, l, i32, args[1]);
        Value p = arith::MulIOp::create(nb, l, x, y);
        linalg::YieldOp::create(
            nb, l, arith::AddIOp::create(nb, l, args[2], p).getResult());
      });
  generic->setAttr(kAmxKernelAttr, b.getDenseI64ArrayAttr(blocking));
  return generic;
}

namespace {

/// The AMX-form generic on buffers -> tile loops. A [M, K/4, 4] and B
/// [K/4, N, 4] are viewed [M, K] and [K/4, N * 4] (each 64-byte tile row
/// contiguous), C is loaded into tile registers once per block, updated by
/// K / 64 tile multiplies, and stored once.
struct AmxGenericToTiles : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    auto blocking = op->getAttrOfType<DenseI64ArrayAttr>(kAmxKernelAttr);
    if (!blocking || !op.hasPureBufferSemantics())
      return failure();
    Value a3 = op.getDpsInputs()[0], b4 = op.getDpsInputs()[1],
          c = op.getDpsInits()[0];
    auto a3Type = cast<MemRefType>(a3.getType());
    auto b4Type = cast<MemRefType>(b4.getType());
    SmallVector<ReassociationIndices> rows = {{0}, {1, 2}};
    if (!memref::CollapseShapeOp::isGuaranteedCollapsible(a3Type, rows) ||
        !memref::CollapseShapeOp::isGuaranteedCollapsible(b4Type, rows))
      return rewriter.notifyMatchFailure(op, "operand rows not contiguous");
    Location loc = op.getLoc();
    int64_t m = a3Type.getDimSize(0), kb = a3Type.getDimSize(1),
            n = b4Type.getDimSize(1);
    int64_t rm = blocking[0], rn = blocking[1];
    Value a2 = memref::CollapseShapeOp::create(rewriter, loc, a3, rows);
    Value b2 = memref::CollapseShapeOp::create(rewriter, loc, b4, rows);
    auto index = [&](OpBuilder &b, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    auto add = [&](OpBuilder &b, Value x, int64_t v) -> Value {
      return v ? arith::AddIOp::create(b, loc, x, index(b, v)).getResult() : x;
    };
    MLIRContext *ctx = rewriter.getContext();
    auto cTile = amx::TileType::get({16, 16}, IntegerType::get(ctx, 32));
    auto abTile = amx::TileType::get({16, 64}, IntegerType::get(ctx, 8));
    Value zero = index(rewriter, 0);
    scf::ForOp::create(
        rewriter, loc, zero, index(rewriter, m), index(rewriter, 16 * rm),
        ValueRange{}, [&](OpBuilder &b, Location, Value m0, ValueRange) {
          scf::ForOp::create(
              b, loc, zero, index(b, n), index(b, 16 * rn), ValueRange{},
              [&](OpBuilder &b, Location, Value n0, ValueRange) {
                SmallVector<Value> acc;
                for (int64_t i = 0; i < rm; ++i)
                  for (int64_t j = 0; j < rn; ++j)
                    acc.push_back(amx::TileLoadOp::create(
                        b, loc, cTile, c,
                        ValueRange{add(b, m0, 16 * i), add(b, n0, 16 * j)}));
                // 64 values of K (16 rows of packed B) per step.
                auto kLoop = scf::ForOp::create(
                    b, loc, zero, index(b, kb), index(b, 16), acc,
                    [&](OpBuilder &b, Location, Value kb0, ValueRange tiles) {
                      Value k0 =
                          arith::MulIOp::create(b, loc, kb0, index(b, 4));
                      SmallVector<Value> aTiles, bTiles;
                      for (int64_t i = 0; i < rm; ++i)
                        aTiles.push_back(amx::TileLoadOp::create(
                            b, loc, abTile, a2,
                            ValueRange{add(b, m0, 16 * i), k0}));
                      for (int64_t j = 0; j < rn; ++j) {
                        Value col = arith::MulIOp::create(
                            b, loc, add(b, n0, 16 * j), index(b, 4));
                        bTiles.push_back(amx::TileLoadOp::create(
                            b, loc, abTile, b2, ValueRange{kb0, col}));
                      }
                      SmallVector<Value> next;
                      for (int64_t i = 0; i < rm; ++i)
                        for (int64_t j = 0; j < rn; ++j)
                          next.push_back(amx::TileMulIOp::create(
                              b, loc, cTile, aTiles[i], bTiles[j],
                              tiles[i * rn + j], /*isZextLhs=*/false,
                              /*isZextRhs=*/false));
                      scf::YieldOp::create(b, loc, next);
                    });
                for (int64_t i = 0; i < rm; ++i)
                  for (int64_t j = 0; j < rn; ++j)
                    amx::TileStoreOp::create(
                        b, loc, c,
                        ValueRange{add(b, m0, 16 * i), add(b, n0, 16 * j)},
                        kLoop.getResult(i * rn + j));
                scf::YieldOp::create(b, loc);
              });
          scf::YieldOp::create(b, loc);
        });
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void compress::populateX86AmxKernelPatterns(RewritePatternSet &patterns) {
  patterns.add<AmxGenericToTiles>(patterns.getContext());
}

LogicalResult compress::requestAmxPermission(ModuleOp module) {
  bool usesAmx = false;
  module.walk([&](Operation *op) {
    if (isa_and_nonnull<amx::AMXDialect>(op->getDialect()))
      usesAmx = true;
  });
  if (!usesAmx)
    return success();
  constexpr StringLiteral kRequest = "__compress_request_amx";
  if (module.lookupSymbol(kRequest))
    return success();
  MLIRContext *ctx = module.getContext();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Location loc = module.getLoc();
  Type i64 = b.getI64Type();
  // long syscall(long number, ...) from libc.
  auto syscallType = LLVM::LLVMFunctionType::get(i64, {i64}, /*isVarArg=*/true);
  auto syscall = module.lookupSymbol<LLVM::LLVMFuncOp>("syscall");
  if (!syscall)
    syscall = LLVM::LLVMFuncOp::create(b, loc, "syscall", syscallType);
  auto request = LLVM::LLVMFuncOp::create(
      b, loc, kRequest,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {}),
      LLVM::Linkage::Internal);
  OpBuilder body = OpBuilder::atBlockEnd(request.addEntryBlock(b));
  auto constant = [&](int64_t v) -> Value {
    return LLVM::ConstantOp::create(body, loc, i64, body.getI64IntegerAttr(v));
  };
  // SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA. A failure
  // (no AMX, old kernel) leaves the state off: the tile instructions then
  // fault, which the target option asked for.
  LLVM::CallOp::create(
      body, loc, syscall,
      ValueRange{constant(158), constant(0x1023), constant(18)});
  LLVM::ReturnOp::create(body, loc, ValueRange{});
  // Priority 0 (first), added to the module's constructors if it has some.
  SmallVector<Attribute> ctors = {FlatSymbolRefAttr::get(ctx, kRequest)},
                         data = {LLVM::ZeroAttr::get(ctx)};
  SmallVector<int32_t> priorities = {0};
  for (LLVM::GlobalCtorsOp existing :
       llvm::make_early_inc_range(module.getOps<LLVM::GlobalCtorsOp>())) {
    llvm::append_range(ctors, existing.getCtors());
    llvm::append_range(data, existing.getData());
    for (Attribute p : existing.getPriorities())
      priorities.push_back(int32_t(cast<IntegerAttr>(p).getInt()));
    existing.erase();
  }
  LLVM::GlobalCtorsOp::create(b, loc, b.getArrayAttr(ctors),
                              b.getI32ArrayAttr(priorities),
                              b.getArrayAttr(data));
  return success();
}

namespace {

/// !amx.tile<RxCxT> -> vector<RxCxT>.
struct TileToVector : TypeConverter {
  TileToVector() {
    addConversion([](Type t) { return t; });
    addConversion([](amx::TileType t) -> Type {
      return VectorType::get(t.getShape(), t.getElementType());
    });
  }
};

struct EmulateTileLoad : OpConversionPattern<amx::TileLoadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(amx::TileLoadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getStride())
      return failure();
    auto type = cast<VectorType>(getTypeConverter()->convertType(op.getType()));
    Type element = type.getElementType();
    Value pad = arith::ConstantOp::create(rewriter, op.getLoc(),
                                          rewriter.getZeroAttr(element));
    rewriter.replaceOpWithNewOp<vector::TransferReadOp>(
        op, type, adaptor.getBase(), adaptor.getIndices(), pad,
        SmallVector<bool>(2, true));
    return success();
  }
};

struct EmulateTileStore : OpConversionPattern<amx::TileStoreOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(amx::TileStoreOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getStride())
      return failure();
    rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
        op, adaptor.getVal(), adaptor.getBase(), adaptor.getIndices(),
        SmallVector<bool>(2, true));
    return success();
  }
};

/// C[m][n] += Σ_{kb, kk} ext(A[m][4 kb + kk]) * ext(B[kb][4 n + kk]).
struct EmulateTileMulI : OpConversionPattern<amx::TileMulIOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(amx::TileMulIOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto lhsType = cast<VectorType>(adaptor.getLhs().getType());
    auto rhsType = cast<VectorType>(adaptor.getRhs().getType());
    int64_t m = lhsType.getDimSize(0), kb = rhsType.getDimSize(0),
            n = rhsType.getDimSize(1) / 4;
    Type i8 = rewriter.getI8Type(), i32 = rewriter.getI32Type();
    auto extend = [&](Value v, ArrayRef<int64_t> shape, bool zext) -> Value {
      Value bytes = vector::ShapeCastOp::create(rewriter, loc,
                                                VectorType::get(shape, i8), v);
      auto wide = VectorType::get(shape, i32);
      if (zext)
        return arith::ExtUIOp::create(rewriter, loc, wide, bytes);
      return arith::ExtSIOp::create(rewriter, loc, wide, bytes);
    };
    // A as [m][4 kb]; B's [kb][n][4] as [4 kb][n]: a plain 2-D contraction.
    Value lhs = extend(adaptor.getLhs(), {m, 4 * kb}, op.getIsZextLhs());
    Value rhs3 = extend(adaptor.getRhs(), {kb, n, 4}, op.getIsZextRhs());
    Value rhs = vector::ShapeCastOp::create(
        rewriter, loc, VectorType::get({4 * kb, n}, i32),
        vector::TransposeOp::create(rewriter, loc, rhs3,
                                    ArrayRef<int64_t>{0, 2, 1}));
    AffineExpr d0, d1, d2;
    bindDims(rewriter.getContext(), d0, d1, d2);
    rewriter.replaceOpWithNewOp<vector::ContractionOp>(
        op, lhs, rhs, adaptor.getAcc(),
        ArrayRef<ArrayRef<AffineExpr>>{{d0, d2}, {d2, d1}, {d0, d1}},
        ArrayRef<vector::IteratorType>{vector::IteratorType::parallel,
                                       vector::IteratorType::parallel,
                                       vector::IteratorType::reduction});
    return success();
  }
};

} // namespace

LogicalResult compress::emulateAmxTiles(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  TileToVector converter;
  ConversionTarget target(*ctx);
  target.addIllegalDialect<amx::AMXDialect>();
  target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
  RewritePatternSet patterns(ctx);
  patterns.add<EmulateTileLoad, EmulateTileStore, EmulateTileMulI>(converter,
                                                                   ctx);
  // Tiles carried by the K loop become vectors carried by it.
  scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                       target);
  return applyPartialConversion(module, target, std::move(patterns));
}

//===- GpuInt8Dot.cpp - int8 matmuls as 4-way dot products (dp4a) ---------===//
//
// C[m][n] += sum_k A[m][k] * B[k][n] over int8 becomes, with K = 4 * K4,
//   C[m][n] += sum_kb dp4a(A4[m][kb], B4[kb][n])
// where A4 / B4 hold four k-consecutive bytes in one i32 (little-endian:
// byte r of the word is element 4 kb + r). B4 is a constant when B is (the
// integer-lowered layers); A4 is packed by an element-wise kernel. Each
// thread of the mapped kernel then issues K / 4 `dp4a` instead of K
// multiply-adds and reads its operands in 32-bit words. On buffers, shapes
// that tile get the staged kernel of GpuStagedMatmul.cpp (words in
// workgroup memory); batch_matmuls are the same per matrix.
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"
#include "GpuStagedMatmul.h"
#include "GpuTarget.h"
#include "KernelBuilder.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// A static int8 x int8 -> i32 linalg.matmul or batch_matmul on tensors,
/// default maps, K a multiple of 4.
bool isInt8Matmul(linalg::LinalgOp mm) {
  if (!isPlainMatmul(mm) || mm->getNumResults() != 1)
    return false;
  auto a = dyn_cast<RankedTensorType>(mm.getDpsInputs()[0].getType());
  auto b = dyn_cast<RankedTensorType>(mm.getDpsInputs()[1].getType());
  auto c = dyn_cast<RankedTensorType>(mm->getResultTypes()[0]);
  return a && b && c && a.hasStaticShape() && b.hasStaticShape() &&
         a.getElementType().isInteger(8) && b.getElementType().isInteger(8) &&
         c.getElementType().isInteger(32) && a.getShape().back() % 4 == 0 &&
         mm.hasPureTensorSemantics();
}

/// Packs `v` ([rows][K] when `kAxis` is 1, [K][cols] when 0) into i32
/// words of four k-consecutive bytes: a reduction over the byte index.
Value packWords(OpBuilder &b, Location loc, Value v, int64_t kAxis) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  Type i32 = b.getI32Type();
  SmallVector<int64_t> outShape = kAxis == 1
                                      ? SmallVector<int64_t>{rows, cols / 4}
                                      : SmallVector<int64_t>{rows / 4, cols};
  // (d0, d1, d2 = byte) over the packed shape, reading v viewed as
  // [rows][cols/4][4] or [rows/4][4][cols].
  AffineExpr d0 = b.getAffineDimExpr(0), d1 = b.getAffineDimExpr(1),
             d2 = b.getAffineDimExpr(2);
  Type i8 = type.getElementType();
  Value bytes =
      kAxis == 1 ? tensor::ExpandShapeOp::create(
                       b, loc, RankedTensorType::get({rows, cols / 4, 4}, i8),
                       v, ArrayRef<ReassociationIndices>{{0}, {1, 2}})
                       .getResult()
                 : tensor::ExpandShapeOp::create(
                       b, loc, RankedTensorType::get({rows / 4, 4, cols}, i8),
                       v, ArrayRef<ReassociationIndices>{{0, 1}, {2}})
                       .getResult();
  AffineMap in = kAxis == 1
                     ? AffineMap::get(3, 0, {d0, d1, d2}, b.getContext())
                     : AffineMap::get(3, 0, {d0, d2, d1}, b.getContext());
  AffineMap out = AffineMap::get(3, 0, {d0, d1}, b.getContext());
  Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
  Value empty = tensor::EmptyOp::create(b, loc, outShape, i32);
  Value init = linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  return linalg::GenericOp::create(
             b, loc, init.getType(), bytes, init, ArrayRef<AffineMap>{in, out},
             ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                           utils::IteratorType::parallel,
                                           utils::IteratorType::reduction},
             [](OpBuilder &nb, Location l, ValueRange args) {
               Type i32 = nb.getI32Type();
               Value byte = arith::ExtUIOp::create(nb, l, i32, args[0]);
               Value r = arith::IndexCastOp::create(
                   nb, l, i32, linalg::IndexOp::create(nb, l, 2));
               Value shift = arith::MulIOp::create(
                   nb, l, r,
                   arith::ConstantOp::create(nb, l, nb.getI32IntegerAttr(8)));
               Value word = arith::ShLIOp::create(nb, l, byte, shift);
               linalg::YieldOp::create(
                   nb, l,
                   arith::OrIOp::create(nb, l, args[1], word).getResult());
             })
      .getResult(0);
}

/// packWords for a [batch][rows][cols] operand (`kAxis` 2 for A, 1 for B):
/// the batch folded into the rows, whose groups of four never straddle two
/// matrices (K % 4 = 0), packed, and unfolded.
Value packBatchedWords(OpBuilder &b, Location loc, Value v, int64_t kAxis) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getRank() == 2)
    return packWords(b, loc, v, kAxis);
  SmallVector<ReassociationIndices> fold{{0, 1}, {2}};
  Value flat = tensor::CollapseShapeOp::create(b, loc, v, fold);
  Value words = packWords(b, loc, flat, kAxis - 1);
  SmallVector<int64_t> shape(type.getShape());
  shape[kAxis] /= 4;
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, b.getI32Type()), words, fold);
}

/// B [K][N] int8 constant -> [K/4][N] i32 words at compile time.
std::optional<Value> packConstantWords(OpBuilder &b, Location loc, Value v) {
  DenseIntElementsAttr attr;
  if (cast<RankedTensorType>(v.getType()).getRank() != 2 ||
      !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  auto type = cast<RankedTensorType>(v.getType());
  int64_t k = type.getDimSize(0), n = type.getDimSize(1);
  SmallVector<uint8_t> bytes;
  for (const APInt &x : attr.getValues<APInt>())
    bytes.push_back(static_cast<uint8_t>(x.getZExtValue()));
  SmallVector<int32_t> words(k / 4 * n);
  for (int64_t kb = 0; kb < k / 4; ++kb)
    for (int64_t j = 0; j < n; ++j) {
      uint32_t word = 0;
      for (int64_t r = 0; r < 4; ++r)
        word |= uint32_t(bytes[(kb * 4 + r) * n + j]) << (8 * r);
      words[kb * n + j] = static_cast<int32_t>(word);
    }
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({k / 4, n}, b.getI32Type()),
                             ArrayRef<int32_t>(words)));
}

constexpr StringLiteral kDotAttr = "compress.int8_dot";

/// The four bytes of an i32 word, element r = bits 8r .. 8r + 7.
Value bytesOf(OpBuilder &b, Location loc, Value word) {
  Value v = vector::BroadcastOp::create(
      b, loc, VectorType::get({1}, b.getI32Type()), word);
  return vector::BitCastOp::create(b, loc, VectorType::get({4}, b.getI8Type()),
                                   v);
}

/// acc + the dot product of the four bytes of words `a` and `b`, in arith
/// (what dp4a computes; runs anywhere).
Value dotInArith(OpBuilder &b, Location loc, Value aWord, Value bWord,
                 Value acc) {
  Type i32 = b.getI32Type();
  Value a = bytesOf(b, loc, aWord), bb = bytesOf(b, loc, bWord);
  Value sum = acc;
  for (int64_t r = 0; r < 4; ++r) {
    auto element = [&](Value v) -> Value {
      return arith::ExtSIOp::create(b, loc, i32,
                                    vector::ExtractOp::create(b, loc, v, r));
    };
    sum = arith::AddIOp::create(
        b, loc, sum, arith::MulIOp::create(b, loc, element(a), element(bb)));
  }
  return sum;
}

/// acc + dp4a(a, b) (NVVM; retargeted to sdot4 for AMDGPU after outlining).
Value dotOnGpu(OpBuilder &b, Location loc, Value aWord, Value bWord,
               Value acc) {
  auto s8 = NVVM::DotAccumulateTypeAttr::get(b.getContext(),
                                             NVVM::DotAccumulateType::SIGNED);
  return NVVM::DotAccumulate4WayOp::create(b, loc, b.getI32Type(),
                                           bytesOf(b, loc, aWord), s8,
                                           bytesOf(b, loc, bWord), s8, acc);
}

/// The body of a tagged contraction (on buffers by now) yields
/// acc + dp4a(a, b) directly; the arith chain it replaces is dead.
/// On buffers: the contraction as loops with a register tile of rm x rn
/// outputs per thread (4 x 4 when the shape allows), the accumulators in
/// registers (a generic lowered by convert-linalg-to-parallel-loops would
/// load and store C on every k step, since C may alias A and B):
///   scf.parallel (mi, ni) { acc[i][j] = C[rm mi + i][rn ni + j]
///     scf.for kb { a[i] = A4[rm mi + i][kb]; b[j] = B4[kb][rn ni + j];
///                  acc[i][j] = dp4a(a[i], b[j], acc[i][j]) }
///     C[...] = acc }
/// Each k step loads rm + rn words for rm * rn dot products.
void lowerDotToLoops(linalg::GenericOp generic, MultiplyAdd dot) {
  OpBuilder b(generic);
  Location loc = generic.getLoc();
  Value a4 = generic.getDpsInputs()[0], b4 = generic.getDpsInputs()[1],
        c = generic.getDpsInits()[0];
  auto cType = cast<MemRefType>(c.getType());
  int64_t m = cType.getDimSize(0), n = cType.getDimSize(1);
  int64_t k4 = cast<MemRefType>(a4.getType()).getDimSize(1);
  int64_t rm = m % 4 == 0 ? 4 : 1, rn = n % 4 == 0 ? 4 : 1;
  auto index = [&](OpBuilder &ib, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(ib, loc, v);
  };
  Value zero = index(b, 0), one = index(b, 1);
  scf::ParallelOp::create(
      b, loc, ValueRange{zero, zero},
      ValueRange{index(b, m / rm), index(b, n / rn)}, ValueRange{one, one},
      [&](OpBuilder &pb, Location l, ValueRange tile) {
        SmallVector<Value> rows, cols;
        for (int64_t i = 0; i < rm; ++i)
          rows.push_back(arith::AddIOp::create(
              pb, l, arith::MulIOp::create(pb, l, tile[0], index(pb, rm)),
              index(pb, i)));
        for (int64_t j = 0; j < rn; ++j)
          cols.push_back(arith::AddIOp::create(
              pb, l, arith::MulIOp::create(pb, l, tile[1], index(pb, rn)),
              index(pb, j)));
        SmallVector<Value> accs;
        for (int64_t i = 0; i < rm; ++i)
          for (int64_t j = 0; j < rn; ++j)
            accs.push_back(
                memref::LoadOp::create(pb, l, c, ValueRange{rows[i], cols[j]}));
        auto loop = scf::ForOp::create(
            pb, l, zero, index(pb, k4), one, accs,
            [&](OpBuilder &fb, Location fl, Value kb, ValueRange args) {
              SmallVector<Value> as, bs;
              for (int64_t i = 0; i < rm; ++i)
                as.push_back(memref::LoadOp::create(fb, fl, a4,
                                                    ValueRange{rows[i], kb}));
              for (int64_t j = 0; j < rn; ++j)
                bs.push_back(memref::LoadOp::create(fb, fl, b4,
                                                    ValueRange{kb, cols[j]}));
              SmallVector<Value> next;
              for (int64_t i = 0; i < rm; ++i)
                for (int64_t j = 0; j < rn; ++j)
                  next.push_back(dot(fb, fl, as[i], bs[j], args[i * rn + j]));
              scf::YieldOp::create(fb, fl, next);
            });
        for (int64_t i = 0; i < rm; ++i)
          for (int64_t j = 0; j < rn; ++j)
            memref::StoreOp::create(pb, l, loop.getResult(i * rn + j), c,
                                    ValueRange{rows[i], cols[j]});
      });
  generic.erase();
}

/// The contraction's body yields acc + dp4a(a, b); the arith chain it
/// replaces is erased.
void putDp4aInBody(linalg::GenericOp generic) {
  Block *body = generic.getBody();
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  OpBuilder b(yield);
  Location loc = generic.getLoc();
  auto s8 = NVVM::DotAccumulateTypeAttr::get(b.getContext(),
                                             NVVM::DotAccumulateType::SIGNED);
  Value dot = NVVM::DotAccumulate4WayOp::create(
      b, loc, b.getI32Type(), bytesOf(b, loc, body->getArgument(0)), s8,
      bytesOf(b, loc, body->getArgument(1)), s8, body->getArgument(2));
  yield->setOperand(0, dot);
  // Erase the now-dead arith chain, last use first.
  for (Operation &op :
       llvm::make_early_inc_range(llvm::reverse(body->getOperations())))
    if (&op != yield && op.use_empty() && isPure(&op))
      op.erase();
}

/// On buffers: the staged kernel (tiles of words in workgroup memory) when
/// the shape has a tiling and the operands are row-major, else loops with a
/// register tile per thread.
void lowerDotOnBuffers(linalg::GenericOp generic, bool emulate) {
  MultiplyAdd dot = emulate ? MultiplyAdd(dotInArith) : MultiplyAdd(dotOnGpu);
  Value a4 = generic.getDpsInputs()[0], b4 = generic.getDpsInputs()[1],
        c = generic.getDpsInits()[0];
  ArrayRef<int64_t> cShape = cast<MemRefType>(c.getType()).getShape();
  bool batched = cShape.size() == 3;
  std::optional<StagedMatmulTiling> tiling = chooseStagedMatmulTiling(
      cShape[cShape.size() - 2], cShape.back(),
      cast<MemRefType>(a4.getType()).getShape().back());
  if (!tiling || !isMmaKernelOperand(a4) || !isMmaKernelOperand(b4) ||
      !isMmaKernelOperand(c)) {
    if (!batched)
      return lowerDotToLoops(generic, dot);
    // A batched contraction without a tiling stays a generic (one thread
    // per output in the pipeline), its body the dot product.
    if (!emulate)
      putDp4aInBody(generic);
    generic->removeAttr(kDotAttr);
    return;
  }
  std::optional<TypedAttr> start = takeConstantFill(generic, c);
  OpBuilder b(generic);
  buildStagedMatmul(b, generic.getLoc(), a4, b4, c, *tiling, !emulate, start,
                    dot);
  generic.erase();
}

void finalizeDot(linalg::GenericOp generic, bool emulate) {
  if (generic.hasPureBufferSemantics())
    return lowerDotOnBuffers(generic, emulate);
  putDp4aInBody(generic);
  generic->removeAttr(kDotAttr);
}

void rewriteToDp4a(linalg::LinalgOp mm) {
  OpBuilder b(mm);
  Location loc = mm.getLoc();
  Value a = mm.getDpsInputs()[0], bIn = mm.getDpsInputs()[1];
  bool batched = cast<RankedTensorType>(a.getType()).getRank() == 3;
  int64_t first = batched ? 1 : 0;
  Value a4 = packBatchedWords(b, loc, a, first + 1);
  Value b4 = packConstantWords(b, loc, bIn).value_or(Value());
  if (!b4)
    b4 = packBatchedWords(b, loc, bIn, first);
  // (batch,) m, n, kb: A4[.., m, kb], B4[.., kb, n], C[.., m, n].
  MLIRContext *ctx = b.getContext();
  auto map = [&](unsigned x, unsigned y) {
    SmallVector<AffineExpr> results;
    if (batched)
      results.push_back(getAffineDimExpr(0, ctx));
    results.append(
        {getAffineDimExpr(first + x, ctx), getAffineDimExpr(first + y, ctx)});
    return AffineMap::get(first + 3, 0, results, ctx);
  };
  SmallVector<utils::IteratorType> iterators(first + 2,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto dot = linalg::GenericOp::create(
      b, loc, mm->getResultTypes()[0], ValueRange{a4, b4}, mm.getDpsInits()[0],
      ArrayRef<AffineMap>{map(0, 2), map(2, 1), map(0, 1)}, iterators,
      [](OpBuilder &nb, Location l, ValueRange args) {
        // Plain arith (what dp4a computes) until after buffer deallocation,
        // which rejects NVVM ops (unknown memory effects); finalize() puts
        // the dp4a in.
        linalg::YieldOp::create(nb, l,
                                dotInArith(nb, l, args[0], args[1], args[2]));
      });
  dot->setAttr(kDotAttr, UnitAttr::get(b.getContext()));
  mm->getResult(0).replaceAllUsesWith(dot.getResult(0));
  mm->erase();
}

/// AMDGPU: the kernels' NVVM dp4a (the vendor-neutral form the finalize
/// stage writes) -> llvm.amdgcn.sdot4 (v_dot4_i32_i8), inside outlined GPU
/// modules. Done after kernel outlining because sdot4's clamp operand must
/// be an immediate: a constant created before outlining is hoisted out of
/// the launch and would become a kernel argument.
void retargetDotsToAmdgpu(ModuleOp module) {
  SmallVector<NVVM::DotAccumulate4WayOp> dots;
  module.walk([&](gpu::GPUModuleOp gpuModule) {
    gpuModule.walk([&](NVVM::DotAccumulate4WayOp dot) { dots.push_back(dot); });
  });
  for (NVVM::DotAccumulate4WayOp dot : dots) {
    OpBuilder b(dot);
    Location loc = dot.getLoc();
    Type i32 = b.getI32Type();
    auto word = [&](Value bytes) -> Value {
      Value v =
          vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), bytes);
      return vector::ExtractOp::create(b, loc, v, 0);
    };
    Value noClamp = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
    Value sum =
        LLVM::CallIntrinsicOp::create(
            b, loc, i32, b.getStringAttr("llvm.amdgcn.sdot4"),
            ValueRange{word(dot.getA()), word(dot.getB()), dot.getC(), noClamp})
            .getResult(0);
    dot.getResult().replaceAllUsesWith(sum);
    dot.erase();
  }
}

struct CompressGpuInt8DotPass
    : PassWrapper<CompressGpuInt8DotPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressGpuInt8DotPass)

  CompressGpuInt8DotPass() = default;
  CompressGpuInt8DotPass(const CompressGpuInt8DotPass &other)
      : PassWrapper(other) {}
  CompressGpuInt8DotPass(bool finalizeStage, bool amdTarget) {
    finalize = finalizeStage;
    amd = amdTarget;
  }

  Option<bool> finalize{
      *this, "finalize",
      llvm::cl::desc("Second stage (after buffer deallocation): put the "
                     "NVVM dp4a into the tagged contractions"),
      llvm::cl::init(false)};
  Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("With finalize: the contractions on buffers as loops a "
                     "CPU runs, the staged kernel's tiling included, dot "
                     "products in arith (for tests)"),
      llvm::cl::init(false)};
  Option<bool> amd{
      *this, "amd",
      llvm::cl::desc("AMDGPU stage (after kernel outlining): the dp4a in GPU "
                     "modules become llvm.amdgcn.sdot4 (v_dot4_i32_i8)"),
      llvm::cl::init(false)};

  StringRef getArgument() const override { return "compress-gpu-int8-dot"; }
  StringRef getDescription() const override {
    return "Rewrite int8 x int8 -> i32 linalg.matmul and batch_matmul (K a "
           "multiple of 4) "
           "into a contraction over 32-bit words whose body is NVVM's 4-way "
           "dot product (dp4a; AMDGPU's v_dot4_i32_i8 with amd=true after "
           "outlining); the int8 stage of --compress-gpu-pipeline";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<affine::AffineDialect, gpu::GPUDialect, LLVM::LLVMDialect,
                    memref::MemRefDialect, NVVM::NVVMDialect, scf::SCFDialect,
                    vector::VectorDialect>();
  }
  void runOnOperation() override {
    if (amd)
      return retargetDotsToAmdgpu(getOperation());
    if (finalize) {
      SmallVector<linalg::GenericOp> dots;
      getOperation().walk([&](linalg::GenericOp g) {
        if (g->hasAttr(kDotAttr))
          dots.push_back(g);
      });
      for (linalg::GenericOp g : dots)
        finalizeDot(g, emulate);
      return;
    }
    SmallVector<linalg::LinalgOp> matmuls;
    getOperation().walk([&](linalg::LinalgOp mm) {
      if (isInt8Matmul(mm))
        matmuls.push_back(mm);
    });
    for (linalg::LinalgOp mm : matmuls)
      rewriteToDp4a(mm);
  }
};

} // namespace

std::unique_ptr<Pass> compress::createCompressGpuInt8DotPass(bool finalize,
                                                             bool amd) {
  return std::make_unique<CompressGpuInt8DotPass>(finalize, amd);
}

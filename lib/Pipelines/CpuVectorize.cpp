//===- CpuVectorize.cpp - tile and vectorize contractions for CPUs --------===//
//
// --compress-cpu-vectorize: a transform-dialect schedule generated per kernel
// (each static linalg.matmul, matmul-like generic, or VNNI-form generic
// with target=avx512-vnni) register-tiles it (8 x 32 x 16, or the largest
// divisors), vectorizes it, hoists the accumulator out of the reduction
// loop, then bufferizes the module with contiguous buffers at function
// boundaries. VNNI kernels over B packed in column panels are tiled by an
// scf.forall over (panel, row tile) first, with the accumulator start fused
// into it. --compress-cpu-lower-vectors runs after buffer deallocation:
// VNNI contractions become vpdpbusd, the rest outer products and plain
// loads/stores, and marked packing loops get streaming stores. What no
// schedule matches becomes loops later.
//
//===----------------------------------------------------------------------===//

#include "ContractUnitDims.h"
#include "CpuWeightOnlyMatmul.h"
#include "PaddedRows.h"
#include "ParallelTiles.h"
#include "X86Amx.h"
#include "X86Vnni.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Transform/IR/TransformOps.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

constexpr StringLiteral kKernelAttr = "compress.cpu_kernel";

/// On a tile loop of a run-time packing of B into panels whose buffer is
/// too large to stay cached: its 64-byte-aligned vector stores become
/// non-temporal (--compress-cpu-lower-vectors). The panel layout writes one
/// piece to every panel per step of K/4, 128 write streams for N = 4096,
/// which the cache cannot prefetch (read-for-ownership of every line);
/// streaming stores need no read (64 x 4096 x 4096: 7.8 -> 6.5 ms).
constexpr StringLiteral kStreamingStoresAttr = "compress.streaming_stores";

/// A packed B at least this large takes streaming stores: the L2 of current
/// x86 cores is 1-2 MiB, and A, C and the kernel's panel compete for it
/// (1024^3, 1 MiB: equal either way).
constexpr int64_t kStreamingStoreBytes = 1 << 20;

/// On the scf.forall of a kernel with a fused accumulator start
/// (Kernel::startTiles): after bufferization it becomes nested scf.for
/// loops marked kParallelTilesAttr.
constexpr StringLiteral kStartTilesAttr = "compress.start_tiles";

/// Sub-byte operands (int4) are left to the loop lowering: a vector<16xi4>
/// load reads 8 packed bytes while scalar i4 memory holds one element per
/// byte, so vector code would need narrow-type emulation first.
bool hasSubByteOperand(Operation *op) {
  return llvm::any_of(op->getOperandTypes(), [](Type t) {
    Type e = getElementTypeOrSelf(t);
    return e.isIntOrFloat() && e.getIntOrFloatBitWidth() < 8;
  });
}

/// Register tile sizes (M, N, K) for a static matmul: the largest of the
/// preferred sizes that divide each dimension, so no masking is needed.
std::optional<std::array<int64_t, 3>> tileSizes(linalg::MatmulOp matmul) {
  auto lhs = dyn_cast<RankedTensorType>(matmul.getInputs()[0].getType());
  auto out = dyn_cast<RankedTensorType>(matmul.getResultTypes()[0]);
  if (!lhs || !out || !lhs.hasStaticShape() || !out.hasStaticShape() ||
      matmul.getIndexingMapsArray() !=
          matmul.getDefaultIndexingMaps(matmul.getContext()))
    return std::nullopt;
  if (hasSubByteOperand(matmul))
    return std::nullopt;
  auto pick = [](int64_t size, ArrayRef<int64_t> preferred) {
    for (int64_t p : preferred)
      if (size % p == 0)
        return p;
    return int64_t(1);
  };
  int64_t k = pick(lhs.getDimSize(1), {16, 8, 4, 2});
  // A K tile of 1 gains nothing over loops (and the hoisting then spins):
  // leave odd reductions to the loop lowering.
  if (k == 1)
    return std::nullopt;
  return std::array<int64_t, 3>{pick(out.getDimSize(0), {8, 4, 2}),
                                pick(out.getDimSize(1), {32, 16, 8, 4, 2}), k};
}

/// A run-time B whose row stride would alias in the cache (PaddedRows.h),
/// with enough rows of A (8 row tiles) to reuse each column panel: copied
/// into padded rows first, one tile row (up to 64 elements) per step (fp32
/// 1024^3: 22.7-25.2 -> 20.9-21.5 ms, the copy of 4 MiB included).
void copyIntoPaddedRows(linalg::MatmulOp matmul) {
  Value b = matmul.getInputs()[1];
  auto aType = dyn_cast<RankedTensorType>(matmul.getInputs()[0].getType());
  auto bType = dyn_cast<RankedTensorType>(b.getType());
  if (!aType || !bType || !bType.hasStaticShape() || aType.isDynamicDim(0) ||
      aType.getDimSize(0) < 64 || matchPattern(b, m_Constant()) ||
      !bType.getElementType().isIntOrFloat())
    return;
  int64_t bytes = bType.getElementTypeBitWidth() / 8;
  int64_t pad = bytes ? cacheRowPadding(bType.getDimSize(1), bytes) : 0;
  if (!pad)
    return;
  OpBuilder builder(matmul);
  Location loc = matmul.getLoc();
  Value dest = paddedDestination(builder, loc, bType, pad);
  Value copy = linalg::CopyOp::create(builder, loc, b, dest).getResult(0);
  matmul->setOperand(1, copy);
}

/// A min / max of a whole static matrix (the range of a dynamically
/// quantized activation) -> a column reduction into a row of partial
/// results (the vectorized [reduction, parallel] form: one vector compare
/// per 16 ... 64 elements) and a reduction of that row. The scalar form is
/// one dependent compare per element. min / max only: the initial value
/// may then seed every partial result.
void splitWholeMatrixMinMax(linalg::ReduceOp reduce) {
  auto in = dyn_cast<RankedTensorType>(reduce.getInputs()[0].getType());
  auto out = dyn_cast<RankedTensorType>(reduce.getInits()[0].getType());
  Block *body = reduce.getBody();
  if (reduce.getInputs().size() != 1 || !in || !out || !in.hasStaticShape() ||
      in.getRank() != 2 || out.getRank() != 0 ||
      reduce.getDimensions().size() != 2 ||
      !llvm::hasSingleElement(body->without_terminator()) ||
      !isa<arith::MinNumFOp, arith::MaxNumFOp, arith::MinimumFOp,
           arith::MaximumFOp, arith::MinSIOp, arith::MaxSIOp, arith::MinUIOp,
           arith::MaxUIOp>(body->front()) ||
      in.getDimSize(1) % 16 != 0)
    return;
  IRRewriter rewriter(reduce.getContext());
  rewriter.setInsertionPoint(reduce);
  Location loc = reduce.getLoc();
  Value init = reduce.getInits()[0];
  auto rowType = RankedTensorType::get({in.getDimSize(1)}, in.getElementType());
  Value rowEmpty = tensor::EmptyOp::create(rewriter, loc, rowType.getShape(),
                                           in.getElementType());
  Value rowInit = linalg::BroadcastOp::create(rewriter, loc, init, rowEmpty,
                                              ArrayRef<int64_t>{0})
                      .getResult()[0];
  auto combine = [&](OpBuilder &b, Location l, ValueRange args) {
    IRMapping map;
    map.map(body->getArguments(), args);
    Operation *op = b.clone(body->front(), map);
    linalg::YieldOp::create(b, l, op->getResult(0));
  };
  auto columns = linalg::ReduceOp::create(rewriter, loc, reduce.getInputs(),
                                          ValueRange{rowInit},
                                          ArrayRef<int64_t>{0}, combine);
  FailureOr<linalg::GenericOp> generic = linalg::generalizeNamedOp(
      rewriter, cast<linalg::LinalgOp>(columns.getOperation()));
  if (failed(generic))
    return;
  auto total =
      linalg::ReduceOp::create(rewriter, loc, ValueRange{generic->getResult(0)},
                               ValueRange{init}, ArrayRef<int64_t>{0}, combine);
  rewriter.replaceOp(reduce, total.getResults());
}

/// Tile sizes (and loop order) for vectorizing a non-contraction op.
struct TileChoice {
  SmallVector<int64_t> tiles;
  SmallVector<int64_t> interchange;
  bool parallelOuter = true;
};

/// Largest of {64, 32, ..., 2} dividing `size`, or 1.
int64_t vectorWidth(int64_t size) {
  for (int64_t w : {64, 32, 16, 8, 4, 2})
    if (size % w == 0)
      return w;
  return 1;
}

/// Static linalg.fill / broadcast / copy / transpose, element-wise
/// linalg.generic (arith body, broadcasts allowed) and column reductions
/// ([reduction, parallel], e.g.
/// the column sums of a run-time int8 weight): one vector along the
/// innermost dimension per tile; nullopt for everything else.
std::optional<TileChoice> vectorTilesForDataOp(linalg::LinalgOp op) {
  // Fills (accumulator starts, reduction inits): the scalar loop stores 4
  // bytes at a time, 10 % of an int8 GEMM 1024^3 before this.
  // Broadcasts (accumulator starts of constant rows) and copies likewise.
  if (isa<linalg::FillOp, linalg::BroadcastOp, linalg::CopyOp>(
          op.getOperation())) {
    auto type = dyn_cast<RankedTensorType>(op->getResultTypes()[0]);
    if (!type || !type.hasStaticShape() || type.getRank() == 0 ||
        !type.getElementType().isIntOrFloat() ||
        type.getElementTypeBitWidth() < 8)
      return std::nullopt;
    SmallVector<int64_t> tiles(type.getRank(), 1);
    tiles.back() = vectorWidth(type.getShape().back());
    if (tiles.back() == 1)
      return std::nullopt;
    return TileChoice{tiles, {}};
  }
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      hasSubByteOperand(op) || llvm::any_of(op->getOperandTypes(), [](Type t) {
        return !isa<RankedTensorType>(t);
      }))
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty() || ShapedType::isDynamicShape(ranges))
    return std::nullopt;
  int64_t rank = ranges.size();
  SmallVector<int64_t> tiles(rank, 1);
  if (auto transpose = dyn_cast<linalg::TransposeOp>(op.getOperation())) {
    // Loops run over the output; the input's innermost dimension is output
    // dimension j with permutation[j] == rank - 1.
    ArrayRef<int64_t> perm = transpose.getPermutation();
    int64_t j = llvm::find(perm, rank - 1) - perm.begin();
    tiles[j] = vectorWidth(ranges[j]);
    tiles[rank - 1] = std::min<int64_t>(vectorWidth(ranges[rank - 1]), 16);
    if (tiles[j] == 1 || tiles[rank - 1] == 1)
      return std::nullopt;
    return TileChoice{tiles, {}};
  }
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || generic.getNumDpsInputs() == 0 ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isProjectedPermutation(); }) ||
      !llvm::all_of(generic.getBody()->without_terminator(), [](Operation &o) {
        // Element-wise arith and math (quantization's roundeven) only.
        return isa_and_nonnull<arith::ArithDialect, math::MathDialect>(
            o.getDialect());
      }))
    return std::nullopt;
  using utils::IteratorType;
  SmallVector<IteratorType> iterators = generic.getIteratorTypesArray();
  tiles[rank - 1] = vectorWidth(ranges[rank - 1]);
  if (tiles[rank - 1] == 1)
    return std::nullopt;
  if (llvm::all_of(iterators, [](IteratorType t) {
        return t == IteratorType::parallel;
      })) {
    // A permuted input (a transposing copy such as the packing of a
    // run-time int8 B): as for linalg.transpose, one vector along the
    // input's innermost dimension and one along the output's.
    AffineMap in = generic.getIndexingMapsArray().front();
    if (generic.getNumDpsInputs() == 1 && in.isPermutation() &&
        !in.isIdentity()) {
      int64_t j = in.getDimPosition(rank - 1);
      tiles[j] = vectorWidth(ranges[j]);
      tiles[rank - 1] = std::min<int64_t>(tiles[rank - 1], 16);
      if (tiles[j] == 1)
        return std::nullopt;
    }
    return TileChoice{tiles, {}};
  }
  // Row reduction (e.g. the row sums of A): vectors along the row.
  if (rank == 2 && iterators[0] == IteratorType::parallel &&
      iterators[1] == IteratorType::reduction &&
      generic.getIndexingMapsArray().back() ==
          AffineMap::get(2, 0, getAffineDimExpr(0, op.getContext())))
    return TileChoice{tiles, {}};
  // Rows of lane partial sums ([M][K/L][L] -> [M][L], e.g. the first step
  // of the row sums of A): the L lanes as one vector, added down K/L.
  if (rank == 3 &&
      iterators == ArrayRef<IteratorType>{IteratorType::parallel,
                                          IteratorType::reduction,
                                          IteratorType::parallel} &&
      generic.getIndexingMapsArray().back() ==
          AffineMap::get(3, 0,
                         {getAffineDimExpr(0, op.getContext()),
                          getAffineDimExpr(2, op.getContext())},
                         op.getContext()) &&
      ranges[2] <= 64) {
    tiles[2] = 0;
    return TileChoice{tiles, {}};
  }
  // Column reduction: blocks of 16 rows outermost, so the input streams
  // row by row (a column strip at a time would stride a page per row); the
  // accumulator row stays in L1. The outer loop is the reduction.
  if (rank == 2 && iterators[0] == IteratorType::reduction &&
      iterators[1] == IteratorType::parallel &&
      generic.getIndexingMapsArray().back() ==
          AffineMap::get(2, 0, getAffineDimExpr(1, op.getContext()))) {
    tiles[0] = ranges[0] % 16 == 0 ? 16 : (ranges[0] % 4 == 0 ? 4 : 1);
    return TileChoice{tiles, {}, /*parallelOuter=*/false};
  }
  return std::nullopt;
}

/// The transform script: one tile + vectorize + hoist block per tagged
/// matmul, then bufferization and the vector lowerings for the module.
struct Kernel {
  StringRef opName;           // linalg.matmul or linalg.generic (VNNI form)
  SmallVector<int64_t> tiles; // one per loop, 0 = not tiled
  // Tile loop order (a permutation of the loops); empty = as is.
  SmallVector<int64_t> interchange = {};
  // How many of the outermost tile loops write disjoint tiles (0 when the
  // outermost runs over the reduction). --compress-cpu-parallelize runs the
  // outermost of them that survives canonicalization on threads.
  int64_t parallelLoops = 1;
  // > 0: an outer loop over `columnSplit`-wide slices of dimension 1 (the
  // output columns), run on threads, around the register tiling.
  int64_t columnSplit = 0;
  // Mark the second tile loop with kStreamingStoresAttr.
  bool streamingStores = false;
  // Non-empty: an outer scf.forall over these tiles (two tiled loops, both
  // writing disjoint output tiles) into which the producer of the
  // accumulator start (operand 2) is fused, so each register tile starts
  // from values computed in registers instead of a pass over C; `tiles`
  // then tile the rest inside it.
  SmallVector<int64_t> startTiles = {};
  // Non-empty: the producer of operand 0 (a per-block contraction whose
  // partial sums this kernel combines, reducing over the block loop, the
  // innermost tile loop) is fused into that loop together with
  // `producerChain` producers of its accumulator start (each the producer
  // of the previous one's operand at the given index), so the partial sums
  // of a tile stay in registers; the fused contraction is then tiled by
  // these sizes (its K loop) and vectorized.
  SmallVector<int64_t> producerTiles = {};
  SmallVector<int64_t> producerChain = {};
};

std::string buildSchedule(ArrayRef<Kernel> kernels) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "module attributes {transform.with_named_sequence} {\n"
        "transform.named_sequence @__transform_main(%root: !transform.any_op "
        "{transform.consumed}) {\n";
  for (auto [i, kernel] : llvm::enumerate(kernels)) {
    int64_t loops = llvm::count_if(kernel.tiles, [](int64_t t) { return t; });
    os << "  %mm" << i << " = transform.structured.match ops{[\""
       << kernel.opName << "\"]} attributes {" << kKernelAttr << " = " << i
       << " : i64} in %root : (!transform.any_op) -> !transform.any_op\n";
    std::string target = "%mm" + std::to_string(i);
    if (!kernel.producerTiles.empty()) {
      os << "  %pp" << i << " = transform.get_producer_of_operand %mm" << i
         << "[0] : (!transform.any_op) -> !transform.any_op\n";
      std::string previous = "%pp" + std::to_string(i);
      for (auto [c, operand] : llvm::enumerate(kernel.producerChain)) {
        std::string name = "%pc" + std::to_string(i) + "_" + std::to_string(c);
        os << "  " << name << " = transform.get_producer_of_operand "
           << previous << "[" << operand
           << "] : (!transform.any_op) -> !transform.any_op\n";
        previous = name;
      }
    }
    if (!kernel.startTiles.empty()) {
      os << "  %st" << i << " = transform.get_producer_of_operand %mm" << i
         << "[2] : (!transform.any_op) -> !transform.any_op\n"
         << "  %ft" << i << ", %fa" << i
         << " = transform.structured.tile_using_forall %mm" << i
         << " tile_sizes [";
      llvm::interleaveComma(kernel.startTiles, os);
      os << "] : (!transform.any_op) -> (!transform.any_op, "
            "!transform.any_op)\n"
         << "  %sf" << i << ", %fb" << i
         << " = transform.structured.fuse_into_containing_op %st" << i
         << " into %fa" << i
         << " : (!transform.any_op, !transform.any_op) -> (!transform.any_op, "
            "!transform.any_op)\n"
         << "  transform.structured.vectorize %sf" << i
         << " : !transform.any_op\n"
         << "  transform.annotate %fb" << i << " \"" << kStartTilesAttr
         << "\" : !transform.any_op\n";
      target = "%ft" + std::to_string(i);
    }
    if (kernel.columnSplit) {
      SmallVector<int64_t> split(kernel.tiles.size(), 0);
      split[1] = kernel.columnSplit;
      os << "  %cs" << i << ", %csl" << i
         << " = transform.structured.tile_using_for %mm" << i
         << " tile_sizes [";
      llvm::interleaveComma(split, os);
      os << "] : (!transform.any_op) -> (!transform.any_op, "
            "!transform.any_op)\n  transform.annotate %csl"
         << i << " \"" << kParallelTilesAttr << "\" : !transform.any_op\n";
      target = "%cs" + std::to_string(i);
    }
    os << "  %t" << i << ", %l" << i << ":" << loops
       << " = transform.structured.tile_using_for " << target
       << " tile_sizes [";
    llvm::interleaveComma(kernel.tiles, os);
    os << "]";
    if (!kernel.interchange.empty()) {
      os << " interchange = [";
      llvm::interleaveComma(kernel.interchange, os);
      os << "]";
    }
    os << " : (!transform.any_op) -> (!transform.any_op";
    for (int64_t l = 0; l < loops; ++l)
      os << ", !transform.any_op";
    os << ")\n  transform.structured.vectorize %t" << i
       << " : !transform.any_op\n";
    if (!kernel.producerTiles.empty()) {
      // Fuse the contraction, then its start chain, into the innermost
      // tile loop (the block loop); each fusion returns the new loop.
      std::string loop =
          "%l" + std::to_string(i) + "#" + std::to_string(loops - 1);
      SmallVector<std::string> fused = {"%pp" + std::to_string(i)};
      for (size_t c = 0; c < kernel.producerChain.size(); ++c)
        fused.push_back("%pc" + std::to_string(i) + "_" + std::to_string(c));
      for (auto [c, producer] : llvm::enumerate(fused)) {
        std::string name = "%pf" + std::to_string(i) + "_" + std::to_string(c);
        std::string next = "%pl" + std::to_string(i) + "_" + std::to_string(c);
        os << "  " << name << ", " << next
           << " = transform.structured.fuse_into_containing_op " << producer
           << " into " << loop
           << " : (!transform.any_op, !transform.any_op) -> "
              "(!transform.any_op, !transform.any_op)\n";
        loop = next;
      }
      int64_t producerLoops =
          llvm::count_if(kernel.producerTiles, [](int64_t t) { return t; });
      os << "  %pt" << i << ", %plk" << i << ":" << producerLoops
         << " = transform.structured.tile_using_for %pf" << i
         << "_0 tile_sizes [";
      llvm::interleaveComma(kernel.producerTiles, os);
      os << "] : (!transform.any_op) -> (!transform.any_op";
      for (int64_t l = 0; l < producerLoops; ++l)
        os << ", !transform.any_op";
      os << ")\n  transform.structured.vectorize %pt" << i
         << " : !transform.any_op\n";
      for (size_t c = 1; c < fused.size(); ++c)
        os << "  transform.structured.vectorize %pf" << i << "_" << c
           << " : !transform.any_op\n";
    }
    // The outermost tile loop runs over rows of the output: its iterations
    // write disjoint tiles (what --compress-cpu-parallelize relies on).
    // (The scf.forall of startTiles is marked once it is loops.)
    if (kernel.startTiles.empty())
      for (int64_t l = 0; l < std::min(kernel.parallelLoops, loops - 1); ++l)
        os << "  transform.annotate %l" << i << "#" << l << " \""
           << kParallelTilesAttr << "\" : !transform.any_op\n";
    if (kernel.streamingStores && loops > 1)
      os << "  transform.annotate %l" << i << "#1 \"" << kStreamingStoresAttr
         << "\" : !transform.any_op\n";
  }
  // Clean contractions first, then hoist the accumulator out of each K loop
  // (before canonicalization, which may fold a single-iteration loop and
  // leave its handle dangling).
  os << R"mlir(  %f = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
  transform.apply_patterns to %f {
    transform.apply_patterns.vector.fold_arith_extension
    transform.apply_patterns.vector.transfer_permutation_patterns
    transform.apply_patterns.vector.reduction_to_contract
  } : !transform.any_op
)mlir";
  // The innermost tiled loop is the reduction loop (of a fused producer
  // too: its K loop, inside the consumer's block loop).
  for (auto [i, kernel] : llvm::enumerate(kernels)) {
    int64_t loops = llvm::count_if(kernel.tiles, [](int64_t t) { return t; });
    if (!kernel.producerTiles.empty())
      os << "  transform.loop.hoist_loop_invariant_subsets %plk" << i << "#"
         << llvm::count_if(kernel.producerTiles, [](int64_t t) { return t; }) -
                1
         << " : !transform.any_op\n";
    os << "  transform.loop.hoist_loop_invariant_subsets %l" << i << "#"
       << loops - 1 << " : !transform.any_op\n";
  }
  os << R"mlir(  transform.apply_patterns to %f {
    transform.apply_patterns.canonicalization
  } : !transform.any_op
  %b = transform.bufferization.one_shot_bufferize layout{IdentityLayoutMap} %root {bufferize_function_boundaries = true} : (!transform.any_op) -> !transform.any_op
)mlir";
  os << "  transform.yield\n}\n}\n";
  return s;
}

/// The vector lowerings that follow bufferization and buffer deallocation
/// (so that target-specific intrinsics, which deallocation cannot analyse,
/// can be introduced just before them).
constexpr StringLiteral kLowerVectorsSchedule = R"mlir(
module attributes {transform.with_named_sequence} {
transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
  %f = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
  transform.apply_patterns to %f {
    transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
    transform.apply_patterns.vector.transfer_permutation_patterns
    transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = "innerparallel"
    transform.apply_patterns.vector.split_transfer_full_partial split_transfer_strategy = "linalg-copy"
    transform.apply_patterns.vector.transfer_to_scf max_transfer_rank = 1 full_unroll = true
    transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
    transform.apply_patterns.canonicalization
  } : !transform.any_op
  // Shape casts and transposes last, without canonicalization: with it,
  // a transpose that moves unit dimensions (vector<1x2x1> -> <1x1x2>) is
  // lowered and re-formed forever (LLVM 22).
  transform.apply_patterns to %f {
    transform.apply_patterns.vector.lower_shape_cast
    transform.apply_patterns.vector.lower_transpose lowering_strategy = "shuffle_1d"
  } : !transform.any_op
  transform.yield
}
}
)mlir";

LogicalResult applySchedule(ModuleOp payload, StringRef text) {
  OwningOpRef<ModuleOp> schedule =
      parseSourceString<ModuleOp>(text, payload.getContext());
  if (!schedule)
    return payload.emitError("compress: a CPU schedule does not parse");
  auto entry = transform::detail::findTransformEntryPoint(payload, *schedule,
                                                          "__transform_main");
  if (!entry)
    return failure();
  return transform::applyTransformNamedSequence(
      payload, entry, *schedule,
      transform::TransformOptions().enableExpensiveChecks(false));
}

struct CompressCpuVectorizePass
    : PassWrapper<CompressCpuVectorizePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressCpuVectorizePass)

  CompressCpuVectorizePass() = default;
  CompressCpuVectorizePass(const CompressCpuVectorizePass &other)
      : PassWrapper(other) {}
  CompressCpuVectorizePass(bool useVnni, bool useAmx, unsigned threadCount) {
    vnni = useVnni;
    amx = useAmx;
    threads = threadCount;
  }

  Option<bool> vnni{*this, "vnni",
                    llvm::cl::desc("Rewrite int8 matmuls for AVX-512 VNNI "
                                   "(vpdpbusd)"),
                    llvm::cl::init(false)};
  Option<bool> amx{*this, "amx",
                   llvm::cl::desc("Rewrite int8 matmuls whose M, N are "
                                  "multiples of 16 and K of 64 for AMX tiles "
                                  "(before the VNNI forms)"),
                   llvm::cl::init(false)};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads the kernels will run on: GEMV-like kernels, "
                     "whose outer loop is the reduction, get an outer loop "
                     "over column slices to spread over them"),
      llvm::cl::init(1)};

  StringRef getArgument() const override { return "compress-cpu-vectorize"; }
  StringRef getDescription() const override {
    return "Tile and vectorize linalg.matmul for CPUs, then bufferize the "
           "module (the tiling stage of --compress-cpu-pipeline)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    // The schedule's ops and everything it creates.
    registry.insert<transform::TransformDialect>();
  }

  void runOnOperation() override {
    // Tag the matmuls this schedule vectorizes; the rest stays for loops.
    std::vector<Kernel> kernels;
    // Start producers fused into a combine kernel: not tiled on their own.
    llvm::SmallPtrSet<Operation *, 8> fusedStarts;
    auto tag = [&](Operation *op, StringRef name, SmallVector<int64_t> tiles,
                   SmallVector<int64_t> interchange = {},
                   int64_t parallelLoops = 2) {
      op->setAttr(kKernelAttr,
                  IntegerAttr::get(IntegerType::get(&getContext(), 64),
                                   kernels.size()));
      kernels.push_back(
          {name, std::move(tiles), std::move(interchange), parallelLoops});
    };
    // GEMV-like kernels run rows of B outermost (a reduction): with
    // threads, each thread takes a contiguous slice of the columns.
    auto splitColumnsForThreads = [&](Kernel &kernel, linalg::GenericOp op,
                                      int64_t columnTile) {
      int64_t n = op.getStaticLoopRanges()[1];
      if (threads > 1 && n % (threads * columnTile) == 0)
        kernel.columnSplit = n / threads;
    };
    SmallVector<linalg::MatmulOp> matmuls;
    getOperation().walk([&](linalg::MatmulOp mm) { matmuls.push_back(mm); });
    for (linalg::MatmulOp matmul : matmuls) {
      if (amx && amxRegisterBlocking(matmul)) {
        OpBuilder b(matmul);
        linalg::GenericOp generic = rewriteMatmulForAmx(b, matmul);
        matmul.getResult(0).replaceAllUsesWith(generic.getResult(0));
        matmul.erase();
        continue;
      }
      if (vnni) {
        if (std::optional<std::array<int64_t, 3>> t =
                vnniGemvTileSizes(matmul)) {
          OpBuilder b(matmul);
          linalg::GenericOp generic = rewriteGemvForVnni(b, matmul);
          matmul.getResult(0).replaceAllUsesWith(generic.getResult(0));
          matmul.erase();
          // Rows of B outermost: B streams through once, row by row (a
          // column strip at a time would stride 4 KiB pages through all
          // of K); the accumulators live in the (L1-sized) output.
          tag(generic, "linalg.generic", {(*t)[0], (*t)[1], (*t)[2], 0},
              {2, 1, 0, 3}, /*parallelLoops=*/0);
          splitColumnsForThreads(kernels.back(), generic, (*t)[1]);
          continue;
        }
        if (std::optional<std::array<int64_t, 3>> t = vnniTileSizes(matmul)) {
          OpBuilder b(matmul);
          auto [tm, tn, tkb] = *t;
          // With fewer than 8 rows (one row tile) there is no reuse of a
          // column panel to gain: rows of B [K/4][N][4] outermost, each
          // streamed once.
          if (tm < 8) {
            linalg::GenericOp generic = rewriteMatmulForVnni(b, matmul);
            tag(generic, "linalg.generic", {tm, tn, tkb, 0}, {2, 1, 0, 3},
                /*parallelLoops=*/0);
            splitColumnsForThreads(kernels.back(), generic, tn);
            continue;
          }
          // Column panels outermost, each reused by every row tile, B
          // packed in panels of one register tile's columns so that a
          // panel is contiguous (64 x 4096 x 4096, constant B: 5.9 -> 5.1
          // ms; in [K/4][N][4] each K/4 step of a panel is another page).
          linalg::GenericOp generic = rewriteMatmulForVnni(b, matmul, tn);
          // Loops (panel, row, column, K/4, 4): the start fused per
          // (panel, 8-row) tile, K tiled inside.
          tag(generic, "linalg.generic", {0, 0, tn, tkb, 0});
          kernels.back().startTiles = {1, tm, 0, 0, 0};
          // Run-time B: the packing reads rows of B (kb outermost) and
          // transposes one panel's [4][tn] bytes at a time in registers.
          // Streaming stores when the packed B will not stay cached.
          if (auto pack = generic.getDpsInputs()[1]
                              .getDefiningOp<linalg::GenericOp>()) {
            tag(pack, "linalg.generic", {1, 1, tn, 4}, {1, 0, 2, 3},
                /*parallelLoops=*/1);
            kernels.back().streamingStores =
                cast<RankedTensorType>(pack.getResultTypes()[0])
                    .getNumElements() >= kStreamingStoreBytes;
          }
          continue;
        }
      }
      if (std::optional<std::array<int64_t, 3>> t = tileSizes(matmul)) {
        copyIntoPaddedRows(matmul);
        tag(matmul, "linalg.matmul", {(*t)[0], (*t)[1], (*t)[2]}, {1, 0, 2});
      }
    }
    // A per-block contraction whose partial sums [.., block, ..] feed one
    // generic that combines them (scales, float conversion) reducing over
    // the block loop: that generic is the kernel, tiled like the
    // contraction with the block loop innermost (tile 1), and the
    // contraction with its accumulator start is fused into it — the partial
    // sums of a register tile never reach memory (the digits W4A8 model
    // alone: 19.6 -> 9.8 us per batch).
    auto fuseIntoBlockCombine = [&](linalg::GenericOp contraction,
                                    ArrayRef<int64_t> contractionTiles) {
      Value partial = contraction.getResult(0);
      if (!partial.hasOneUse())
        return false;
      auto combine = dyn_cast<linalg::GenericOp>(*partial.getUsers().begin());
      if (!combine || combine.getNumDpsInits() != 1 ||
          combine.getDpsInputOperand(0)->get() != partial ||
          !combine.hasPureTensorSemantics() || combine->hasAttr(kKernelAttr))
        return false;
      using utils::IteratorType;
      SmallVector<IteratorType> iterators = combine.getIteratorTypesArray();
      int64_t rank = iterators.size();
      if (llvm::count(iterators, IteratorType::reduction) != 1 ||
          iterators.back() != IteratorType::reduction)
        return false;
      // Every combine loop indexes the partial sums, and the contraction
      // writes every dimension of them through one of its loops.
      AffineMap in =
          combine.getMatchingIndexingMap(combine.getDpsInputOperand(0));
      AffineMap produced = contraction.getIndexingMapsArray().back();
      if (!in.isPermutation() || !produced.isProjectedPermutation() ||
          produced.getNumResults() != rank)
        return false;
      // Combine tile per loop: the contraction's tile of the loop that
      // writes the same dimension of the partial sums; the block loop 1.
      SmallVector<int64_t> tiles(rank, 1);
      for (int64_t r = 0; r < rank; ++r)
        tiles[in.getDimPosition(r)] =
            contractionTiles[produced.getDimPosition(r)];
      tiles.back() = 1;
      // The contraction's own tiles inside: only its reduction loops that
      // the combine does not see (K within a block).
      SmallVector<int64_t> producerTiles(contractionTiles.size(), 0);
      SmallVector<utils::IteratorType> contractionIterators =
          contraction.getIteratorTypesArray();
      bool anyK = false;
      for (auto [d, t] : llvm::enumerate(contractionTiles))
        if (contractionIterators[d] == IteratorType::reduction && t) {
          producerTiles[d] = t;
          anyK = true;
        }
      if (!anyK)
        return false;
      // The accumulator start's producers, while each is a tensor linalg op
      // used only by the next.
      SmallVector<int64_t> chain;
      Value start = contraction.getDpsInitOperand(0)->get();
      int64_t operand = contraction.getDpsInitOperand(0)->getOperandNumber();
      while (auto producer = start.getDefiningOp<linalg::LinalgOp>()) {
        if (!start.hasOneUse() || !producer.hasPureTensorSemantics() ||
            producer->getNumResults() != 1 || producer->hasAttr(kKernelAttr))
          break;
        chain.push_back(operand);
        fusedStarts.insert(producer);
        if (producer.getNumDpsInits() != 1)
          break;
        operand = producer.getDpsInitOperand(0)->getOperandNumber();
        start = producer.getDpsInitOperand(0)->get();
      }
      tag(combine, "linalg.generic", tiles);
      kernels.back().producerTiles = producerTiles;
      kernels.back().producerChain = chain;
      return true;
    };
    // Per-block int8 contractions with constant weights (partial sums of
    // int4 / int8 block weights times int8 activations): the u8 x s8 form
    // for vpdpbusd, with the block loop and any split of N tiled by 1.
    if (vnni) {
      SmallVector<linalg::GenericOp> blocks;
      getOperation().walk([&](linalg::GenericOp generic) {
        if (!generic->hasAttr(kKernelAttr) && vnniBlockTileSizes(generic))
          blocks.push_back(generic);
      });
      for (linalg::GenericOp generic : blocks) {
        SmallVector<int64_t> tiles = *vnniBlockTileSizes(generic);
        OpBuilder b(generic);
        FailureOr<linalg::GenericOp> vnniForm =
            rewriteBlockContractionForVnni(b, generic);
        if (failed(vnniForm))
          continue;
        generic.getResult(0).replaceAllUsesWith(vnniForm->getResult(0));
        generic.erase();
        if (!fuseIntoBlockCombine(*vnniForm, tiles))
          tag(*vnniForm, "linalg.generic", tiles);
      }
    }
    // Matmul-like generics (the weight-only contraction that dequantizes
    // inside the loop): same register tiles, vectorized as they are.
    using utils::IteratorType;
    getOperation().walk([&](linalg::GenericOp generic) {
      auto iterators = generic.getIteratorTypesArray();
      bool threeLoops =
          iterators == ArrayRef<IteratorType>{IteratorType::parallel,
                                              IteratorType::parallel,
                                              IteratorType::reduction};
      // (m, n, kb, kk): contractions over blocked K (per-block weights).
      bool blocked =
          iterators == ArrayRef<IteratorType>{
                           IteratorType::parallel, IteratorType::parallel,
                           IteratorType::reduction, IteratorType::reduction};
      // (m, ..., n, ..., kk): contractions with more parallel loops, e.g.
      // per-block partial sums [m, kb, n] of int8 products (loops m, n, kb,
      // kk, or N split by reshape propagation).
      bool manyParallel =
          iterators.size() >= 4 && linalg::isaContractionOpInterface(generic) &&
          iterators.back() == IteratorType::reduction &&
          llvm::all_of(ArrayRef(iterators).drop_back(), [](IteratorType t) {
            return t == IteratorType::parallel;
          });
      if (generic->hasAttr(kKernelAttr) || isAmxKernel(generic) ||
          (!threeLoops && !blocked && !manyParallel) ||
          hasSubByteOperand(generic) || generic.getNumDpsInits() != 1 ||
          !llvm::all_of(generic.getIndexingMapsArray(),
                        [](AffineMap m) { return m.isProjectedPermutation(); }))
        return;
      SmallVector<int64_t> ranges = generic.getStaticLoopRanges();
      if (ShapedType::isDynamicShape(ranges) ||
          !generic.hasPureTensorSemantics())
        return;
      auto pick = [](int64_t size, ArrayRef<int64_t> preferred) {
        for (int64_t p : preferred)
          if (size % p == 0)
            return p;
        return int64_t(1);
      };
      int64_t mTile = pick(ranges[0], {8, 4, 2}),
              nTile = pick(ranges[1], {32, 16, 8, 4, 2});
      if (manyParallel) {
        // Rows of the output on loop 0, its innermost dimension in vectors,
        // every other parallel loop one at a time.
        AffineMap out = generic.getIndexingMapsArray().back();
        int64_t n = out.getNumResults()
                        ? out.getDimPosition(out.getNumResults() - 1)
                        : 0;
        int64_t k = pick(ranges.back(), {16, 8, 4, 2});
        int64_t width = n ? pick(ranges[n], {32, 16, 8, 4, 2}) : 1;
        // Without a vector along the output row there is no tile to
        // lower (it would be a contraction of unit loops): loops instead.
        if (width == 1 || k == 1)
          return;
        SmallVector<int64_t> tiles(ranges.size(), 1);
        tiles[0] = mTile;
        tiles[n] = width;
        tiles.back() = k;
        tag(generic, "linalg.generic", tiles);
        return;
      }
      if (blocked) {
        int64_t kk = pick(ranges[3], {16, 8, 4, 2});
        if (kk > 1)
          tag(generic, "linalg.generic", {mTile, nTile, 1, kk});
        return;
      }
      int64_t k = pick(ranges[2], {16, 8, 4, 2});
      if (k > 1)
        tag(generic, "linalg.generic", {mTile, nTile, k});
    });
    SmallVector<linalg::ReduceOp> reductions;
    getOperation().walk([&](linalg::ReduceOp r) { reductions.push_back(r); });
    for (linalg::ReduceOp r : reductions)
      splitWholeMatrixMinMax(r);
    // Data movement and element-wise work around the kernels (run-time
    // weight packing, the u8 flip of A, column sums, epilogues): vectors
    // along the innermost dimension instead of scalar loops.
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kKernelAttr) || isAmxKernel(op) ||
          fusedStarts.contains(op))
        return;
      if (std::optional<TileChoice> t = vectorTilesForDataOp(op))
        tag(op, op->getName().getStringRef(), t->tiles, t->interchange,
            t->parallelOuter ? 1 : 0);
    });
    if (failed(applySchedule(getOperation(), buildSchedule(kernels))))
      return signalPassFailure();
    // The start-fused kernels' scf.forall (on buffers now) as nested
    // scf.for loops marked for --compress-cpu-parallelize.
    SmallVector<scf::ForallOp> foralls;
    getOperation().walk([&](scf::ForallOp f) {
      if (f->hasAttr(kStartTilesAttr))
        foralls.push_back(f);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ForallOp forall : foralls) {
      SmallVector<Operation *> loops;
      rewriter.setInsertionPoint(forall);
      if (failed(scf::forallToForLoop(rewriter, forall, &loops)))
        return signalPassFailure();
      for (Operation *loop : loops)
        loop->setAttr(kParallelTilesAttr, rewriter.getUnitAttr());
    }
  }
};

struct CompressCpuLowerVectorsPass
    : PassWrapper<CompressCpuLowerVectorsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressCpuLowerVectorsPass)

  CompressCpuLowerVectorsPass() = default;
  CompressCpuLowerVectorsPass(const CompressCpuLowerVectorsPass &other)
      : PassWrapper(other) {}
  CompressCpuLowerVectorsPass(CpuIsa isa, bool emulate) {
    avx512 = isa.avx512;
    vnni = isa.vnni;
    amx = isa.amx;
    amxEmulation = emulate;
  }

  Option<bool> avx512{*this, "avx512",
                      llvm::cl::desc("AVX-512 peepholes: 4-bit fields of i32 "
                                     "lanes to float as one vpermps lookup"),
                      llvm::cl::init(false)};
  Option<bool> vnni{*this, "vnni",
                    llvm::cl::desc("Lower the VNNI-form contractions to "
                                   "llvm.x86.avx512.vpdpbusd.512"),
                    llvm::cl::init(false)};
  Option<bool> amx{*this, "amx",
                   llvm::cl::desc("Lower the AMX-form generics to tile loops "
                                  "(amx.tile_load / tile_muli / tile_store) "
                                  "and add the AMX permission request"),
                   llvm::cl::init(false)};
  Option<bool> amxEmulation{
      *this, "amx-emulation",
      llvm::cl::desc("Testing: rewrite the tile ops into vector ops with the "
                     "same semantics, to run the AMX kernels without AMX"),
      llvm::cl::init(false)};

  StringRef getArgument() const override {
    return "compress-cpu-lower-vectors";
  }
  StringRef getDescription() const override {
    return "Lower the vectors of --compress-cpu-vectorize (contractions to "
           "outer products, transfers to loads/stores, non-temporal stores "
           "in packing loops marked compress.streaming_stores) after "
           "bufferization";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<transform::TransformDialect, amx::AMXDialect,
                    LLVM::LLVMDialect, memref::MemRefDialect, scf::SCFDialect,
                    vector::VectorDialect>();
  }
  /// A rewrite that never settles is a compiler bug: say so instead of
  /// failing without a message.
  void failWithoutConvergence() {
    getOperation().emitError()
        << "compress-cpu-lower-vectors: the vector rewrites did not converge";
    signalPassFailure();
  }

  void runOnOperation() override {
    if (amx) {
      RewritePatternSet patterns(&getContext());
      populateX86AmxKernelPatterns(patterns);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return failWithoutConvergence();
      if (failed(amxEmulation ? emulateAmxTiles(getOperation())
                              : requestAmxPermission(getOperation())))
        return signalPassFailure();
    }
    if (vnni || avx512) {
      RewritePatternSet patterns(&getContext());
      if (vnni)
        populateX86VnniContractionPatterns(patterns);
      // AVX-512F, which VNNI implies.
      populateX86NibbleLookupPatterns(patterns);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return failWithoutConvergence();
    }
    // n-D transfers of contiguous memory (a packed [1][64][4] tile, rows of
    // a tile) as one 1-D transfer each: the rank-1 lowering below would
    // otherwise move them 4 bytes at a time.
    // Contractions with unit loops (many-loop register tiles) as
    // matmul-like ones, for the outer-product lowering.
    {
      RewritePatternSet patterns(&getContext());
      vector::populateFlattenVectorTransferPatterns(patterns);
      populateDropContractUnitDimsPatterns(patterns);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return failWithoutConvergence();
    }
    if (failed(applySchedule(getOperation(), kLowerVectorsSchedule)))
      return signalPassFailure();
    markStreamingStores();
  }

  /// The vector stores of packing loops marked kStreamingStoresAttr: each
  /// writes 64 or 128 bytes at a multiple of 64 bytes into a 64-byte-aligned
  /// allocation (the packed panels), so they may be aligned non-temporal
  /// stores (vmovntdq needs the alignment).
  void markStreamingStores() {
    getOperation().walk([](scf::ForOp loop) {
      if (!loop->hasAttr(kStreamingStoresAttr))
        return;
      loop.walk([](vector::StoreOp store) {
        VectorType type = store.getVectorType();
        if (type.getRank() != 1 || !type.getElementType().isInteger(8) ||
            type.getNumElements() % 64 != 0)
          return;
        OpBuilder b(store);
        store.setNontemporal(true);
        store.setAlignmentAttr(b.getI64IntegerAttr(64));
      });
    });
  }
};

} // namespace

namespace {

/// The marked outer tile loops (scf.for on buffers, no results) become
/// scf.parallel, which --convert-scf-to-openmp then runs on threads.
struct CompressCpuParallelizePass
    : PassWrapper<CompressCpuParallelizePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressCpuParallelizePass)

  StringRef getArgument() const override { return "compress-cpu-parallelize"; }
  StringRef getDescription() const override {
    return "Turn the outermost tile loop of each nest that "
           "--compress-cpu-vectorize marked (independent output tiles) into "
           "scf.parallel";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<scf::SCFDialect>();
  }
  void runOnOperation() override {
    // The outermost marked loop of each nest (an outer one may have been
    // folded away for having one iteration; nested threading is not wanted).
    auto marked = [](Operation *op) {
      auto loop = dyn_cast<scf::ForOp>(op);
      return loop && loop->hasAttr(kParallelTilesAttr) &&
             loop.getNumResults() == 0;
    };
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) {
      if (!marked(loop))
        return;
      for (Operation *p = loop->getParentOp(); p; p = p->getParentOp())
        if (marked(p))
          return;
      loops.push_back(loop);
    });
    for (scf::ForOp loop : loops) {
      OpBuilder b(loop);
      auto parallel = scf::ParallelOp::create(
          b, loop.getLoc(), ValueRange{loop.getLowerBound()},
          ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
      Block *body = parallel.getBody();
      // Move the loop body (minus its scf.yield) into the parallel loop.
      Block *old = loop.getBody();
      old->getTerminator()->erase();
      body->getOperations().splice(body->begin(), old->getOperations());
      loop.getInductionVar().replaceAllUsesWith(parallel.getInductionVars()[0]);
      loop.erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> compress::createCompressCpuParallelizePass() {
  return std::make_unique<CompressCpuParallelizePass>();
}

std::unique_ptr<Pass>
compress::createCompressCpuLowerVectorsPass(CpuIsa isa, bool amxEmulation) {
  return std::make_unique<CompressCpuLowerVectorsPass>(isa, amxEmulation);
}

std::unique_ptr<Pass>
compress::createCompressCpuVectorizePass(CpuIsa isa, unsigned threads) {
  return std::make_unique<CompressCpuVectorizePass>(isa.vnni, isa.amx, threads);
}

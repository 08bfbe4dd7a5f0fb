//===- GpuConvIm2col.cpp - convolutions as matmuls for the GPU kernels ----===//
//
// The GPU matmul kernels take convolutions as products over the input's
// windows (im2col): the windows are gathered by an affine linalg.generic
// (strides and dilations in its indexing map) into a view whose collapse is
// the matrix, so no index arithmetic is left to the kernels. int8
// convolutions become the tensor-core kernel's C[M][N] += A[M][K] * Bt[N][K]
// (rewriteConvolutionsForMma), f32 ones plain linalg.matmul for the staged
// kernel (rewriteFloatConvolutionsAsMatmuls).
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"
#include "GpuStagedMatmul.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// A reshaped tensor, a constant reshaped at compile time.
Value collapsed(OpBuilder &b, Location loc, Value v,
                ArrayRef<ReassociationIndices> groups) {
  DenseElementsAttr attr;
  if (matchPattern(v, m_Constant(&attr))) {
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> shape;
    for (const ReassociationIndices &group : groups) {
      int64_t size = 1;
      for (int64_t d : group)
        size *= type.getDimSize(d);
      shape.push_back(size);
    }
    return arith::ConstantOp::create(
        b, loc,
        attr.reshape(RankedTensorType::get(shape, type.getElementType())));
  }
  return tensor::CollapseShapeOp::create(b, loc, v, groups).getResult();
}

/// Static convolution operands on tensors: int8 x int8 -> i32, or with
/// `f32` f32 throughout.
bool isStaticConv(linalg::LinalgOp conv, bool f32 = false) {
  auto in = dyn_cast<RankedTensorType>(conv->getOperand(0).getType());
  auto filter = dyn_cast<RankedTensorType>(conv->getOperand(1).getType());
  auto out = dyn_cast<RankedTensorType>(conv->getResult(0).getType());
  if (!in || !filter || !out || !in.hasStaticShape() ||
      !filter.hasStaticShape() || !out.hasStaticShape() ||
      !conv.hasPureTensorSemantics())
    return false;
  if (f32)
    return in.getElementType().isF32() && filter.getElementType().isF32() &&
           out.getElementType().isF32();
  return in.getElementType().isInteger(8) &&
         filter.getElementType().isInteger(8) &&
         out.getElementType().isInteger(32);
}

int64_t dim(Value v, unsigned i) {
  return cast<RankedTensorType>(v.getType()).getDimSize(i);
}

/// The convolution's input windows gathered into a tensor of `shape` (the
/// window-index dimensions of `window`, which maps them to input indices;
/// strides and dilations are in the map).
Value gatherWindows(OpBuilder &b, Location loc, Value input,
                    ArrayRef<int64_t> shape, AffineMap window) {
  Value init = tensor::EmptyOp::create(
      b, loc, shape, cast<RankedTensorType>(input.getType()).getElementType());
  unsigned rank = shape.size();
  return linalg::GenericOp::create(
             b, loc, init.getType(), input, init,
             ArrayRef<AffineMap>{window, AffineMap::getMultiDimIdentityMap(
                                             rank, b.getContext())},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, args[0]);
             })
      .getResult(0);
}

/// Input index `position * stride + offset * dilation` of one spatial axis.
AffineExpr windowIndex(AffineExpr position, AffineExpr offset,
                       DenseIntElementsAttr strides,
                       DenseIntElementsAttr dilations, unsigned axis) {
  return position * strides.getValues<int64_t>()[axis] +
         offset * dilations.getValues<int64_t>()[axis];
}

/// conv -> im2col (an affine gather: the 6-D [N][OH][OW][KH][KW][C] view of
/// the input's windows, collapsed to [N*OH*OW][KH*KW*C]), the filter and the
/// accumulator collapsed to 2-D, a linalg.matmul the matmul rewrite takes,
/// and the result expanded back to NHWC.
void rewriteConvAsMatmul(linalg::Conv2DNhwcHwcfOp conv) {
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  Value input = conv.getInputs()[0], filter = conv.getInputs()[1],
        init = conv.getOutputs()[0], out = conv.getResult(0);
  SmallVector<AffineExpr> d;
  for (unsigned i = 0; i < 6; ++i)
    d.push_back(b.getAffineDimExpr(i));
  // (n, oh, ow, kh, kw, c) -> input[n][oh*s + kh*d][ow*s + kw*d][c]
  AffineMap window = AffineMap::get(
      6, 0,
      {d[0], windowIndex(d[1], d[3], conv.getStrides(), conv.getDilations(), 0),
       windowIndex(d[2], d[4], conv.getStrides(), conv.getDilations(), 1),
       d[5]},
      b.getContext());
  Value windows =
      gatherWindows(b, loc, input,
                    {dim(out, 0), dim(out, 1), dim(out, 2), dim(filter, 0),
                     dim(filter, 1), dim(filter, 2)},
                    window);
  Value a = collapsed(b, loc, windows, {{0, 1, 2}, {3, 4, 5}});
  Value bMatrix = collapsed(b, loc, filter, {{0, 1, 2}, {3}});
  Value c = collapsed(b, loc, init, {{0, 1, 2}, {3}});
  Value product =
      linalg::MatmulOp::create(b, loc, c.getType(), ValueRange{a, bMatrix}, c)
          .getResult(0);
  out.replaceAllUsesWith(tensor::ExpandShapeOp::create(
                             b, loc, out.getType(), product,
                             ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}})
                             .getResult());
  conv.erase();
}

/// Single-image NCHW conv as out[F][OH*OW] = filter[F][C*KH*KW] x windows,
/// the windows gathered by an affine generic: for the tensor-core
/// contraction (`forMma`) as [OH][OW][C][KH][KW], collapsed to Bt
/// [OH*OW][C*KH*KW] (K-contiguous), else as [C][KH][KW][OH][OW], collapsed
/// to B [C*KH*KW][OH*OW] for a linalg.matmul. The filter collapses to A
/// [F][C*KH*KW], the accumulator to [F][OH*OW], and the product expands
/// back to [1][F][OH][OW] (NCHW as computed).
void rewriteNchwConv(linalg::Conv2DNchwFchwOp conv, bool forMma) {
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  Value input = conv.getInputs()[0], filter = conv.getInputs()[1],
        init = conv.getOutputs()[0], out = conv.getResult(0);
  // Positions of (oh, ow, c, kh, kw) among the gather's dimensions.
  SmallVector<unsigned> at = forMma ? SmallVector<unsigned>{0, 1, 2, 3, 4}
                                    : SmallVector<unsigned>{3, 4, 0, 1, 2};
  auto d = [&](unsigned which) { return b.getAffineDimExpr(at[which]); };
  // -> input[0][c][oh*s + kh*d][ow*s + kw*d]
  AffineMap window = AffineMap::get(
      5, 0,
      {b.getAffineConstantExpr(0), d(2),
       windowIndex(d(0), d(3), conv.getStrides(), conv.getDilations(), 0),
       windowIndex(d(1), d(4), conv.getStrides(), conv.getDilations(), 1)},
      b.getContext());
  int64_t sizes[] = {dim(out, 2), dim(out, 3), dim(filter, 1), dim(filter, 2),
                     dim(filter, 3)};
  SmallVector<int64_t> shape(5);
  for (unsigned which = 0; which < 5; ++which)
    shape[at[which]] = sizes[which];
  Value windows = gatherWindows(b, loc, input, shape, window);
  Value matrix = forMma ? collapsed(b, loc, windows, {{0, 1}, {2, 3, 4}})
                        : collapsed(b, loc, windows, {{0, 1, 2}, {3, 4}});
  Value a = collapsed(b, loc, filter, {{0}, {1, 2, 3}});
  Value c = collapsed(b, loc, init, {{0, 1}, {2, 3}});
  Value product = forMma ? buildTaggedMmaContraction(b, loc, a, matrix, c)
                         : linalg::MatmulOp::create(b, loc, c.getType(),
                                                    ValueRange{a, matrix}, c)
                               .getResult(0);
  out.replaceAllUsesWith(tensor::ExpandShapeOp::create(
                             b, loc, out.getType(), product,
                             ArrayRef<ReassociationIndices>{{0, 1}, {2, 3}})
                             .getResult());
  conv.erase();
}

/// The matmul a convolution becomes, as (M, N, K): NHWC
/// [N*OH*OW][KH*KW*C] x [KH*KW*C][F]; single-image NCHW
/// [F][C*KH*KW] x [C*KH*KW][OH*OW] (nullopt for more images).
std::optional<std::array<int64_t, 3>> im2colShape(linalg::LinalgOp conv) {
  Value out = conv->getResult(0), filter = conv.getDpsInputs()[1];
  if (isa<linalg::Conv2DNhwcHwcfOp>(conv))
    return std::array<int64_t, 3>{
        dim(out, 0) * dim(out, 1) * dim(out, 2), dim(filter, 3),
        dim(filter, 0) * dim(filter, 1) * dim(filter, 2)};
  if (dim(out, 0) != 1)
    return std::nullopt;
  return std::array<int64_t, 3>{dim(out, 1), dim(out, 2) * dim(out, 3),
                                dim(filter, 1) * dim(filter, 2) *
                                    dim(filter, 3)};
}

/// The static NHWC and single-image NCHW convolutions (int8, or f32 with
/// `f32`) whose im2col product `tiles`, rewritten: NHWC as a linalg.matmul,
/// NCHW as rewriteNchwConv builds it for the tensor cores (`forMma`) or
/// for a linalg.matmul.
void rewriteConvolutions(ModuleOp module, bool f32, bool forMma,
                         function_ref<bool(int64_t, int64_t, int64_t)> tiles) {
  SmallVector<linalg::LinalgOp> convs;
  module.walk([&](linalg::LinalgOp conv) {
    if (!isa<linalg::Conv2DNhwcHwcfOp, linalg::Conv2DNchwFchwOp>(conv) ||
        !isStaticConv(conv, f32))
      return;
    if (std::optional<std::array<int64_t, 3>> mnk = im2colShape(conv);
        mnk && tiles((*mnk)[0], (*mnk)[1], (*mnk)[2]))
      convs.push_back(conv);
  });
  for (linalg::LinalgOp conv : convs) {
    if (auto nhwc = dyn_cast<linalg::Conv2DNhwcHwcfOp>(conv.getOperation()))
      rewriteConvAsMatmul(nhwc);
    else
      rewriteNchwConv(cast<linalg::Conv2DNchwFchwOp>(conv.getOperation()),
                      forMma);
  }
}

} // namespace

void compress::rewriteFloatConvolutionsAsMatmuls(ModuleOp module) {
  rewriteConvolutions(module, /*f32=*/true, /*forMma=*/false,
                      [](int64_t m, int64_t n, int64_t k) {
                        return chooseStagedMatmulTiling(m, n, k).has_value();
                      });
}

void compress::rewriteConvolutionsForMma(ModuleOp module) {
  rewriteConvolutions(module, /*f32=*/false, /*forMma=*/true,
                      [](int64_t m, int64_t n, int64_t k) {
                        return chooseMmaTiling(m, n, k).has_value();
                      });
}

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

/// An int8 NHWC x HWCF convolution whose im2col matmul ([N*OH*OW][KH*KW*C]
/// x [KH*KW*C][F]) fits the mma tiles.
bool isMmaConv(linalg::Conv2DNhwcHwcfOp conv) {
  if (!isStaticConv(conv))
    return false;
  Value out = conv.getResult(0), filter = conv.getInputs()[1];
  return chooseMmaTiling(dim(out, 0) * dim(out, 1) * dim(out, 2),
                         dim(filter, 3),
                         dim(filter, 0) * dim(filter, 1) * dim(filter, 2))
      .has_value();
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

/// A single-image int8 NCHW x FCHW convolution whose product, read as
/// out[F][OH*OW] = filter[F][C*KH*KW] x windows[OH*OW][C*KH*KW]^T, fits the
/// mma tiles. (The roles swap against NHWC: the filter is A and the
/// windows are Bt, both K-contiguous, and the result is NCHW as computed.)
bool isMmaNchwConv(linalg::Conv2DNchwFchwOp conv) {
  if (!isStaticConv(conv))
    return false;
  Value out = conv.getResult(0), filter = conv.getInputs()[1];
  return dim(out, 0) == 1 &&
         chooseMmaTiling(dim(out, 1), dim(out, 2) * dim(out, 3),
                         dim(filter, 1) * dim(filter, 2) * dim(filter, 3))
             .has_value();
}

/// NCHW conv -> windows [OH][OW][C][KH][KW] (an affine gather), collapsed to
/// Bt [OH*OW][C*KH*KW]; the filter collapsed to A [F][C*KH*KW]; the
/// accumulator collapsed to [F][OH*OW]; the tagged contraction; the result
/// expanded back to [1][F][OH][OW].
void rewriteNchwConv(linalg::Conv2DNchwFchwOp conv) {
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  Value input = conv.getInputs()[0], filter = conv.getInputs()[1],
        init = conv.getOutputs()[0], out = conv.getResult(0);
  SmallVector<AffineExpr> d;
  for (unsigned i = 0; i < 5; ++i)
    d.push_back(b.getAffineDimExpr(i));
  // (oh, ow, c, kh, kw) -> input[0][c][oh*s + kh*d][ow*s + kw*d]
  AffineMap window = AffineMap::get(
      5, 0,
      {b.getAffineConstantExpr(0), d[2],
       windowIndex(d[0], d[3], conv.getStrides(), conv.getDilations(), 0),
       windowIndex(d[1], d[4], conv.getStrides(), conv.getDilations(), 1)},
      b.getContext());
  Value windows = gatherWindows(b, loc, input,
                                {dim(out, 2), dim(out, 3), dim(filter, 1),
                                 dim(filter, 2), dim(filter, 3)},
                                window);
  Value bt = collapsed(b, loc, windows, {{0, 1}, {2, 3, 4}});
  Value a = collapsed(b, loc, filter, {{0}, {1, 2, 3}});
  Value c = collapsed(b, loc, init, {{0, 1}, {2, 3}});
  Value product = buildTaggedMmaContraction(b, loc, a, bt, c);
  out.replaceAllUsesWith(tensor::ExpandShapeOp::create(
                             b, loc, out.getType(), product,
                             ArrayRef<ReassociationIndices>{{0, 1}, {2, 3}})
                             .getResult());
  conv.erase();
}

/// An f32 NHWC x HWCF convolution whose im2col matmul has a staged-kernel
/// tiling.
bool isStagedNhwcConv(linalg::Conv2DNhwcHwcfOp conv) {
  if (!isStaticConv(conv, /*f32=*/true))
    return false;
  Value out = conv.getResult(0), filter = conv.getInputs()[1];
  return chooseStagedMatmulTiling(
             dim(out, 0) * dim(out, 1) * dim(out, 2), dim(filter, 3),
             dim(filter, 0) * dim(filter, 1) * dim(filter, 2))
      .has_value();
}

/// A single-image f32 NCHW x FCHW convolution whose product
/// out[F][OH*OW] = filter[F][C*KH*KW] x windows[C*KH*KW][OH*OW] has a
/// staged-kernel tiling.
bool isStagedNchwConv(linalg::Conv2DNchwFchwOp conv) {
  if (!isStaticConv(conv, /*f32=*/true))
    return false;
  Value out = conv.getResult(0), filter = conv.getInputs()[1];
  return dim(out, 0) == 1 &&
         chooseStagedMatmulTiling(dim(out, 1), dim(out, 2) * dim(out, 3),
                                  dim(filter, 1) * dim(filter, 2) *
                                      dim(filter, 3))
             .has_value();
}

/// Single-image NCHW conv -> windows [C][KH][KW][OH][OW] (an affine gather)
/// collapsed to B [C*KH*KW][OH*OW]; the filter collapsed to A
/// [F][C*KH*KW]; the accumulator to [F][OH*OW]; a linalg.matmul; the result
/// expanded back to [1][F][OH][OW].
void rewriteNchwConvAsMatmul(linalg::Conv2DNchwFchwOp conv) {
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  Value input = conv.getInputs()[0], filter = conv.getInputs()[1],
        init = conv.getOutputs()[0], out = conv.getResult(0);
  SmallVector<AffineExpr> d;
  for (unsigned i = 0; i < 5; ++i)
    d.push_back(b.getAffineDimExpr(i));
  // (c, kh, kw, oh, ow) -> input[0][c][oh*s + kh*d][ow*s + kw*d]
  AffineMap window = AffineMap::get(
      5, 0,
      {b.getAffineConstantExpr(0), d[0],
       windowIndex(d[3], d[1], conv.getStrides(), conv.getDilations(), 0),
       windowIndex(d[4], d[2], conv.getStrides(), conv.getDilations(), 1)},
      b.getContext());
  Value windows = gatherWindows(b, loc, input,
                                {dim(filter, 1), dim(filter, 2), dim(filter, 3),
                                 dim(out, 2), dim(out, 3)},
                                window);
  Value bMatrix = collapsed(b, loc, windows, {{0, 1, 2}, {3, 4}});
  Value a = collapsed(b, loc, filter, {{0}, {1, 2, 3}});
  Value c = collapsed(b, loc, init, {{0, 1}, {2, 3}});
  Value product =
      linalg::MatmulOp::create(b, loc, c.getType(), ValueRange{a, bMatrix}, c)
          .getResult(0);
  out.replaceAllUsesWith(tensor::ExpandShapeOp::create(
                             b, loc, out.getType(), product,
                             ArrayRef<ReassociationIndices>{{0, 1}, {2, 3}})
                             .getResult());
  conv.erase();
}

} // namespace

void compress::rewriteFloatConvolutionsAsMatmuls(ModuleOp module) {
  SmallVector<linalg::Conv2DNhwcHwcfOp> nhwc;
  module.walk([&](linalg::Conv2DNhwcHwcfOp conv) {
    if (isStagedNhwcConv(conv))
      nhwc.push_back(conv);
  });
  for (linalg::Conv2DNhwcHwcfOp conv : nhwc)
    rewriteConvAsMatmul(conv);
  SmallVector<linalg::Conv2DNchwFchwOp> nchw;
  module.walk([&](linalg::Conv2DNchwFchwOp conv) {
    if (isStagedNchwConv(conv))
      nchw.push_back(conv);
  });
  for (linalg::Conv2DNchwFchwOp conv : nchw)
    rewriteNchwConvAsMatmul(conv);
}

void compress::rewriteConvolutionsForMma(ModuleOp module) {
  SmallVector<linalg::Conv2DNhwcHwcfOp> nhwc;
  module.walk([&](linalg::Conv2DNhwcHwcfOp conv) {
    if (isMmaConv(conv))
      nhwc.push_back(conv);
  });
  for (linalg::Conv2DNhwcHwcfOp conv : nhwc)
    rewriteConvAsMatmul(conv);
  SmallVector<linalg::Conv2DNchwFchwOp> nchw;
  module.walk([&](linalg::Conv2DNchwFchwOp conv) {
    if (isMmaNchwConv(conv))
      nchw.push_back(conv);
  });
  for (linalg::Conv2DNchwFchwOp conv : nchw)
    rewriteNchwConv(conv);
}

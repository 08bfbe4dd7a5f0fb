// Calls the ahead-of-time compiled quantized layer through its C interface.
#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <cstdio>
#include <cstdlib>

extern "C" void _mlir_ciface_layer(StridedMemRefType<float, 2> *result,
                                   StridedMemRefType<float, 2> *x);

int main() {
  float input[2][4] = {{1.0f, 2.0f, -0.5f, 0.25f}, {3.0f, -1.0f, 0.0f, 0.5f}};
  StridedMemRefType<float, 2> x{&input[0][0], &input[0][0], 0, {2, 4}, {4, 1}};
  StridedMemRefType<float, 2> y;
  _mlir_ciface_layer(&y, &x);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 3; ++j)
      std::printf("%s%.6f", j ? " " : "",
                  y.data[y.offset + i * y.strides[0] + j * y.strides[1]]);
    std::printf("\n");
  }
  std::free(y.basePtr);
  return 0;
}

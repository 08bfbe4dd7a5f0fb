//===- run_layers.cpp - run the compiled GPU layers, check, time ----------===//
//
// Links layers_gpu.o (from --compress-gpu-pipeline) and layers_cpu.o (the
// same layers from --compress-cpu-pipeline) with the CUDA runtime; runs
// both on the same inputs (in CUDA managed memory, readable by both) and
// compares: int8 outputs exactly, f32 within 1e-4 relative; then times the
// int8 GEMM on the GPU (median of repeated runs after a warm-up).
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

template <typename T> struct MemRef2 {
  T *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
};

extern "C" {
void *mgpuMemAlloc(uint64_t bytes, void *stream, bool isHostShared);
void mgpuMemFree(void *pointer, void *stream);
#define LAYER(NAME, TA, TB, TC)                                                \
  void _mlir_ciface_##NAME##_gpu(MemRef2<TC> *, MemRef2<TA> *, MemRef2<TB> *); \
  void _mlir_ciface_##NAME##_cpu(MemRef2<TC> *, MemRef2<TA> *, MemRef2<TB> *);
LAYER(int8_gemm, int8_t, int8_t, int32_t)
LAYER(float_gemm, float, float, float)
LAYER(float_layer, float, float, float)
void _mlir_ciface_int8_layer_gpu(MemRef2<int8_t> *, MemRef2<int8_t> *);
void _mlir_ciface_int8_layer_cpu(MemRef2<int8_t> *, MemRef2<int8_t> *);
}

template <typename T> MemRef2<T> shared(int64_t rows, int64_t cols) {
  T *p = static_cast<T *>(mgpuMemAlloc(rows * cols * sizeof(T), nullptr, true));
  return {p, p, 0, {rows, cols}, {cols, 1}};
}

/// The median of 5 timed calls (after a warm-up call: JIT, page
/// migration). Each call returns a new result; freeing the last one first
/// lets the runtime hand its block back, as PyTorch's caching allocator
/// does for torch's result.
template <typename T, typename Call>
double medianCallMs(MemRef2<T> &result, Call call) {
  call();
  std::vector<double> ms;
  for (int r = 0; r < 5; ++r) {
    mgpuMemFree(result.allocated, nullptr);
    auto t0 = std::chrono::steady_clock::now();
    call();
    ms.push_back(std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - t0)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[2];
}

template <typename T> int64_t count(const MemRef2<T> &m) {
  return m.sizes[0] * m.sizes[1];
}

/// Elements that differ (exact comparison).
template <typename T>
int64_t mismatches(const MemRef2<T> &x, const MemRef2<T> &y) {
  int64_t bad = 0;
  for (int64_t i = 0; i < count(x); ++i)
    bad += x.aligned[i] != y.aligned[i];
  return bad;
}

int main(int argc, char **argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 1024;
  std::srand(7);
  int failures = 0;

  // int8 layer with constant weights and requantization: exact.
  auto a = shared<int8_t>(64, 256);
  for (int64_t i = 0; i < count(a); ++i)
    a.aligned[i] = static_cast<int8_t>(std::rand() % 256 - 128);
  MemRef2<int8_t> gpuQ, cpuQ;
  _mlir_ciface_int8_layer_gpu(&gpuQ, &a);
  _mlir_ciface_int8_layer_cpu(&cpuQ, &a);
  int64_t bad = mismatches(gpuQ, cpuQ);
  std::printf("int8 layer 64x256x128 + requantize: %lld outputs, %lld "
              "mismatches (GPU vs CPU pipeline)\n",
              (long long)count(gpuQ), (long long)bad);
  failures += bad != 0;

  // f32 layer: within 1e-4 relative.
  auto x = shared<float>(64, 256), w = shared<float>(256, 128);
  for (int64_t i = 0; i < count(x); ++i)
    x.aligned[i] = (std::rand() % 2001 - 1000) / 1000.0f;
  for (int64_t i = 0; i < count(w); ++i)
    w.aligned[i] = (std::rand() % 2001 - 1000) / 1000.0f;
  MemRef2<float> gpuY, cpuY;
  _mlir_ciface_float_layer_gpu(&gpuY, &x, &w);
  _mlir_ciface_float_layer_cpu(&cpuY, &x, &w);
  double worst = 0;
  for (int64_t i = 0; i < count(gpuY); ++i)
    worst =
        std::max(worst, std::fabs(double(gpuY.aligned[i]) - cpuY.aligned[i]) /
                            (1.0 + std::fabs(double(cpuY.aligned[i]))));
  std::printf("f32 layer 64x256x128: max relative difference %.2e\n", worst);
  failures += worst > 1e-4;

  // int8 GEMM n^3 with run-time operands: exact, then timed.
  auto ga = shared<int8_t>(n, n), gb = shared<int8_t>(n, n);
  for (int64_t i = 0; i < count(ga); ++i) {
    ga.aligned[i] = static_cast<int8_t>(std::rand() % 256 - 128);
    gb.aligned[i] = static_cast<int8_t>(std::rand() % 256 - 128);
  }
  MemRef2<int32_t> gpuC, cpuC;
  double ms =
      medianCallMs(gpuC, [&] { _mlir_ciface_int8_gemm_gpu(&gpuC, &ga, &gb); });
  _mlir_ciface_int8_gemm_cpu(&cpuC, &ga, &gb);
  bad = mismatches(gpuC, cpuC);
  std::printf("int8 GEMM %lld^3: %lld mismatches; GPU median %.3f ms "
              "(%.1f TOP/s, whole call incl. packing A/B and launches)\n",
              (long long)n, (long long)bad, ms, 2.0 * n * n * n / ms / 1e9);
  failures += bad != 0;

  // f32 GEMM n^3 (the staged SIMT kernel): operands are multiples of 1/4 in
  // [-2, 2], so every sum is exact in f32 whatever the order or fusion of
  // the multiply-adds: GPU and CPU must agree exactly.
  auto fa = shared<float>(n, n), fb = shared<float>(n, n);
  for (int64_t i = 0; i < count(fa); ++i) {
    fa.aligned[i] = (std::rand() % 17 - 8) / 4.0f;
    fb.aligned[i] = (std::rand() % 17 - 8) / 4.0f;
  }
  MemRef2<float> gpuF, cpuF;
  ms =
      medianCallMs(gpuF, [&] { _mlir_ciface_float_gemm_gpu(&gpuF, &fa, &fb); });
  _mlir_ciface_float_gemm_cpu(&cpuF, &fa, &fb);
  bad = mismatches(gpuF, cpuF);
  std::printf("f32 GEMM %lld^3: %lld mismatches; GPU median %.3f ms "
              "(%.1f TFLOP/s, whole call)\n",
              (long long)n, (long long)bad, ms, 2.0 * n * n * n / ms / 1e9);
  failures += bad != 0;
  std::printf("%s\n", failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}

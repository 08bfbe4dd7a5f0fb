//===- bench.cpp - compress kernels vs oneDNN, OpenBLAS, upstream MLIR ----===//
//
// Every implementation is checked against a reference before it is timed;
// implementations are interleaved within each repetition; the table reports
// medians. Run through benchmarks/run.sh (pinned to one core).
//
//===----------------------------------------------------------------------===//

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <cblas.h>
#include <dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

#define DECLARE(NAME, TA, TC)                                                  \
  extern "C" void _mlir_ciface_##NAME##_compress(StridedMemRefType<TA, 2> *,   \
                                                 StridedMemRefType<TA, 2> *,   \
                                                 StridedMemRefType<TC, 2> *);  \
  extern "C" void _mlir_ciface_##NAME##_upstream(StridedMemRefType<TA, 2> *,   \
                                                 StridedMemRefType<TA, 2> *,   \
                                                 StridedMemRefType<TC, 2> *);
DECLARE(gemm_i8_1024, int8_t, int32_t)
DECLARE(gemm_i8_64x4096x4096, int8_t, int32_t)
DECLARE(gemv_i8_4096, int8_t, int32_t)
DECLARE(gemm_f32_1024, float, float)

template <typename T>
StridedMemRefType<T, 2> view(std::vector<T> &data, int64_t rows, int64_t cols) {
  StridedMemRefType<T, 2> d;
  d.basePtr = d.data = data.data();
  d.offset = 0;
  d.sizes[0] = rows;
  d.sizes[1] = cols;
  d.strides[0] = cols;
  d.strides[1] = 1;
  return d;
}

struct Impl {
  std::string name;
  std::function<void()> run;
};

struct Case {
  std::string name;
  int64_t m, n, k;
  std::vector<Impl> impls;
  std::function<bool(std::string &)> check; // after each impl's first run
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename TA, typename TC>
void referenceGemm(const std::vector<TA> &a, const std::vector<TA> &b,
                   std::vector<TC> &c, int64_t m, int64_t n, int64_t k) {
  std::fill(c.begin(), c.end(), TC(0));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < k; ++p) {
      TC av = a[i * k + p];
      for (int64_t j = 0; j < n; ++j)
        c[i * n + j] += av * TC(b[p * n + j]);
    }
}

int main(int argc, char **argv) {
  bool onlyOnednn = argc > 1 && std::string(argv[1]) == "--only-onednn";
  int repeats = 7;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> i8(-128, 127);
  std::uniform_real_distribution<float> f32(-1.0f, 1.0f);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);

  std::printf("%-22s %-24s %12s %10s %10s\n", "kernel", "implementation",
              "median ms", "GOP/s", "vs compress");
  auto runInt8 = [&](const char *name, int64_t m, int64_t n, int64_t k,
                     auto compressFn, auto upstreamFn) {
    std::vector<int8_t> a(m * k), b(k * n);
    for (auto &x : a)
      x = i8(rng);
    for (auto &x : b)
      x = i8(rng);
    std::vector<int32_t> ref(m * n), out(m * n);
    referenceGemm(a, b, ref, m, n, k);
    auto av = view(a, m, k), bv = view(b, k, n);
    auto cv = view(out, m, n);
    // oneDNN: s8 x s8 -> s32.
    using tag = dnnl::memory::format_tag;
    using dt = dnnl::memory::data_type;
    dnnl::memory::desc ad({m, k}, dt::s8, tag::ab),
        bd({k, n}, dt::s8, tag::any), cd({m, n}, dt::s32, tag::ab);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(ad, bd, cd), engine);
    dnnl::memory am(ad, engine, a.data()), cm(cd, engine, out.data());
    dnnl::memory bUser({{k, n}, dt::s8, tag::ab}, engine, b.data());
    dnnl::memory bm = bUser;
    if (pd.weights_desc() != bUser.get_desc()) { // packed once, like weights
      bm = dnnl::memory(pd.weights_desc(), engine);
      dnnl::reorder(bUser, bm).execute(stream, bUser, bm);
    }
    dnnl::matmul mm(pd);
    std::string isa = onlyOnednn ? "oneDNN (VNNI only)" : "oneDNN";
    std::vector<Impl> impls;
    if (!onlyOnednn) {
      impls.push_back({"compress", [&] { compressFn(&av, &bv, &cv); }});
      impls.push_back({"upstream MLIR", [&] { upstreamFn(&av, &bv, &cv); }});
    }
    impls.push_back({isa, [&] {
                       mm.execute(stream, {{DNNL_ARG_SRC, am},
                                           {DNNL_ARG_WEIGHTS, bm},
                                           {DNNL_ARG_DST, cm}});
                       stream.wait();
                     }});
    std::vector<std::vector<double>> times(impls.size());
    for (auto &impl : impls) { // verify first
      std::fill(out.begin(), out.end(), 0x5a5a5a5a);
      impl.run();
      if (out != ref) {
        std::printf("%s: %s gives wrong results\n", name, impl.name.c_str());
        std::exit(1);
      }
    }
    for (int r = 0; r < repeats; ++r)
      for (size_t i = 0; i < impls.size(); ++i) {
        auto t0 = Clock::now();
        impls[i].run();
        times[i].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0)
                .count());
      }
    double ops = 2.0 * m * n * k, base = median(times[0]);
    for (size_t i = 0; i < impls.size(); ++i) {
      double ms = median(times[i]);
      if (onlyOnednn)
        std::printf("%-22s %-24s %12.3f %10.1f %10s\n", name,
                    impls[i].name.c_str(), ms, ops / ms / 1e6, "-");
      else
        std::printf("%-22s %-24s %12.3f %10.1f %10.2f\n", name,
                    impls[i].name.c_str(), ms, ops / ms / 1e6, base / ms);
    }
  };
  runInt8("int8 GEMM 1024^3", 1024, 1024, 1024,
          _mlir_ciface_gemm_i8_1024_compress,
          _mlir_ciface_gemm_i8_1024_upstream);
  runInt8("int8 GEMM 64x4096x4096", 64, 4096, 4096,
          _mlir_ciface_gemm_i8_64x4096x4096_compress,
          _mlir_ciface_gemm_i8_64x4096x4096_upstream);
  runInt8("int8 GEMV 1x4096x4096", 1, 4096, 4096,
          _mlir_ciface_gemv_i8_4096_compress,
          _mlir_ciface_gemv_i8_4096_upstream);
  if (onlyOnednn)
    return 0;

  // fp32 GEMM 1024^3: compress vs upstream vs OpenBLAS.
  int64_t n = 1024;
  std::vector<float> a(n * n), b(n * n), ref(n * n), out(n * n);
  for (auto &x : a)
    x = f32(rng);
  for (auto &x : b)
    x = f32(rng);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
              a.data(), n, b.data(), n, 0.0f, ref.data(), n);
  auto av = view(a, n, n), bv = view(b, n, n), cv = view(out, n, n);
  std::vector<Impl> impls = {
      {"compress", [&] { _mlir_ciface_gemm_f32_1024_compress(&av, &bv, &cv); }},
      {"upstream MLIR",
       [&] { _mlir_ciface_gemm_f32_1024_upstream(&av, &bv, &cv); }},
      {"OpenBLAS", [&] {
         cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
                     a.data(), n, b.data(), n, 0.0f, out.data(), n);
       }}};
  std::vector<std::vector<double>> times(impls.size());
  for (auto &impl : impls) {
    impl.run();
    for (int64_t i = 0; i < n * n; ++i)
      if (std::fabs(out[i] - ref[i]) > 1e-3f * (1.0f + std::fabs(ref[i]))) {
        std::printf("fp32 GEMM: %s gives wrong results\n", impl.name.c_str());
        return 1;
      }
  }
  for (int r = 0; r < repeats; ++r)
    for (size_t i = 0; i < impls.size(); ++i) {
      auto t0 = Clock::now();
      impls[i].run();
      times[i].push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  double ops = 2.0 * n * n * n, base = median(times[0]);
  for (size_t i = 0; i < impls.size(); ++i) {
    double ms = median(times[i]);
    std::printf("%-22s %-24s %12.3f %10.1f %10.2f\n", "fp32 GEMM 1024^3",
                impls[i].name.c_str(), ms, ops / ms / 1e6, base / ms);
  }
  return 0;
}

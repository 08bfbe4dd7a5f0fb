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
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <unistd.h>
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

// GEMV kernels with constant weights (benchmarks/gen_kernels.py gemv-weights).
#define DECLARE_GEMV(NAME)                                                     \
  extern "C" void _mlir_ciface_##NAME(StridedMemRefType<int8_t, 2> *,          \
                                      StridedMemRefType<int32_t, 2> *);
DECLARE_GEMV(gemv_const_dense)
DECLARE_GEMV(gemv_const_auto)
DECLARE_GEMV(gemv_unstructured_50)
DECLARE_GEMV(gemv_unstructured_75)
DECLARE_GEMV(gemv_unstructured_90)
DECLARE_GEMV(gemv_unstructured_95)
DECLARE_GEMV(gemv_block_50)
DECLARE_GEMV(gemv_block_75)
DECLARE_GEMV(gemv_block_90)
DECLARE_GEMV(gemv_block_95)
DECLARE_GEMV(gemv_const_dense_m64)
extern "C" void
_mlir_ciface_gemv_int4_b32_materialize(StridedMemRefType<float, 2> *,
                                       StridedMemRefType<float, 2> *);
extern "C" void
_mlir_ciface_gemv_int4_b32_nibble(StridedMemRefType<float, 2> *,
                                  StridedMemRefType<float, 2> *);
extern "C" void _mlir_ciface_gemv_int8_wo_tiles(StridedMemRefType<float, 2> *,
                                                StridedMemRefType<float, 2> *);
DECLARE_GEMV(gemv_unstructured_90_m64)
DECLARE_GEMV(gemv_block_90_m64)

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

/// Measured peaks of this core (register-only loops, 16 independent
/// accumulators): int8 GOP/s through vpdpbusd (64 multiply-adds each) and
/// fp32 GFLOP/s through 512-bit FMAs. The "% peak" column divides by them.
__attribute__((target("avx512f,avx512vnni"))) double measureVnniPeak() {
  __m512i acc[16];
  for (auto &a : acc)
    a = _mm512_setzero_si512();
  __m512i a = _mm512_set1_epi8(1), b = _mm512_set1_epi8(2);
  const int64_t iterations = 20'000'000;
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < iterations; ++i)
    for (auto &c : acc)
      c = _mm512_dpbusd_epi32(c, a, b);
  double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  volatile int sink = 0;
  for (auto &c : acc)
    sink += _mm512_reduce_add_epi32(c);
  return 2.0 * 64 * 16 * iterations / s / 1e9;
}

__attribute__((target("avx512f"))) double measureFmaPeak() {
  __m512 acc[16];
  for (auto &a : acc)
    a = _mm512_setzero_ps();
  __m512 a = _mm512_set1_ps(1.0f), b = _mm512_set1_ps(1e-7f);
  const int64_t iterations = 20'000'000;
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < iterations; ++i)
    for (auto &c : acc)
      c = _mm512_fmadd_ps(a, b, c);
  double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  volatile float sink = 0;
  for (auto &c : acc)
    sink += _mm512_reduce_add_ps(c);
  return 2.0 * 16 * 16 * iterations / s / 1e9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Writes a buffer twice the last-level cache, so every timed sample of
/// every implementation starts with its operands (and oneDNN's packed
/// weights) in DRAM: no implementation inherits another's warm cache, and
/// a slow neighbour (upstream's seconds-long loops) evicts nothing that
/// matters. Returns nothing the compiler could drop.
void flushCaches() {
  static std::vector<char> junk = [] {
    long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
    return std::vector<char>(l3 > 0 ? 2 * size_t(l3) : size_t(256) << 20);
  }();
  static volatile char sink = 0;
  for (size_t i = 0; i < junk.size(); i += 64)
    junk[i] = char(junk[i] + 1);
  sink = sink + junk[junk.size() / 2];
}

/// One timed run (milliseconds) after flushing the caches.
double timeColdRun(const std::function<void()> &run) {
  flushCaches();
  auto t0 = Clock::now();
  run();
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// oneDNN s8 x s8 -> s32 matmul on the caller's buffers, its weights
/// reordered into oneDNN's layout once (as for inference weights), or with
/// `weightsAsStored` read in the caller's row-major layout on every call
/// (what a run-time B is: oneDNN then packs or copies it inside the call).
struct OnednnInt8Matmul {
  dnnl::stream &stream;
  dnnl::memory a, b, c;
  dnnl::matmul mm;

  OnednnInt8Matmul(dnnl::engine &engine, dnnl::stream &stream, int64_t m,
                   int64_t n, int64_t k, int8_t *aData, int8_t *bData,
                   int32_t *cData, bool weightsAsStored = false)
      : stream(stream) {
    using tag = dnnl::memory::format_tag;
    using dt = dnnl::memory::data_type;
    dnnl::memory::desc ad({m, k}, dt::s8, tag::ab),
        bd({k, n}, dt::s8, weightsAsStored ? tag::ab : tag::any),
        cd({m, n}, dt::s32, tag::ab);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(ad, bd, cd), engine);
    a = dnnl::memory(ad, engine, aData);
    c = dnnl::memory(cd, engine, cData);
    dnnl::memory bUser({{k, n}, dt::s8, tag::ab}, engine, bData);
    b = bUser;
    if (pd.weights_desc() != bUser.get_desc()) {
      b = dnnl::memory(pd.weights_desc(), engine);
      dnnl::reorder(bUser, b).execute(stream, bUser, b);
    }
    mm = dnnl::matmul(pd);
  }

  void run() {
    mm.execute(stream,
               {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, c}});
    stream.wait();
  }
};

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

/// int8 GEMV 1x4096x4096 with constant weights: compress's compressed
/// kernels (unstructured -> CSR, 4x16 blocks -> block-CSR + vpdpbusd) vs
/// compress's dense kernel and oneDNN's dense int8 matmul (weights packed
/// once), all interleaved. Rates count the dense 2*K*N operations.
int runConstantGemv(const std::string &dir, dnnl::engine &engine,
                    dnnl::stream &stream, int repeats, int64_t m) {
  const int64_t k = 4096, n = 4096;
  using Kernel =
      void (*)(StridedMemRefType<int8_t, 2> *, StridedMemRefType<int32_t, 2> *);
  struct Weights {
    std::string file, label;
    Kernel kernel;
    std::vector<int8_t> w;
    std::vector<int32_t> ref;
  };
  std::vector<Weights> sets;
  if (m == 64)
    sets = {
        {"gemv_const_dense", "dense", _mlir_ciface_gemv_const_dense_m64},
        {"gemv_unstructured_90", "90% unstructured",
         _mlir_ciface_gemv_unstructured_90_m64},
        {"gemv_block_90", "90% blocks 4x16", _mlir_ciface_gemv_block_90_m64}};
  else
    sets = {
        {"gemv_const_dense", "dense", _mlir_ciface_gemv_const_dense},
        {"gemv_const_auto", "dense, cost rule", _mlir_ciface_gemv_const_auto},
        {"gemv_unstructured_50", "50% unstructured",
         _mlir_ciface_gemv_unstructured_50},
        {"gemv_unstructured_75", "75% unstructured",
         _mlir_ciface_gemv_unstructured_75},
        {"gemv_unstructured_90", "90% unstructured",
         _mlir_ciface_gemv_unstructured_90},
        {"gemv_unstructured_95", "95% unstructured",
         _mlir_ciface_gemv_unstructured_95},
        {"gemv_block_50", "50% blocks 4x16", _mlir_ciface_gemv_block_50},
        {"gemv_block_75", "75% blocks 4x16", _mlir_ciface_gemv_block_75},
        {"gemv_block_90", "90% blocks 4x16", _mlir_ciface_gemv_block_90},
        {"gemv_block_95", "95% blocks 4x16", _mlir_ciface_gemv_block_95}};
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> i8(-128, 127);
  std::vector<int8_t> x(m * k);
  for (auto &v : x)
    v = i8(rng);
  std::vector<int32_t> out(m * n);
  auto xv = view(x, m, k);
  auto yv = view(out, m, n);
  std::vector<Impl> impls;
  std::vector<size_t> setOf;
  for (size_t i = 0; i < sets.size(); ++i) {
    Weights &set = sets[i];
    set.w.resize(k * n);
    FILE *f = std::fopen((dir + "/" + set.file + ".bin").c_str(), "rb");
    if (!f || std::fread(set.w.data(), 1, k * n, f) != size_t(k * n)) {
      std::printf("cannot read %s/%s.bin\n", dir.c_str(), set.file.c_str());
      return 1;
    }
    std::fclose(f);
    set.ref.resize(m * n);
    referenceGemm(x, set.w, set.ref, m, n, k);
    Kernel kernel = set.kernel;
    impls.push_back(
        {"compress " + set.label, [&, kernel] { kernel(&xv, &yv); }});
    setOf.push_back(i);
  }
  OnednnInt8Matmul onednn(engine, stream, m, n, k, x.data(), sets[0].w.data(),
                          out.data());
  impls.push_back({"oneDNN dense", [&] { onednn.run(); }});
  setOf.push_back(0);
  for (size_t i = 0; i < impls.size(); ++i) {
    std::fill(out.begin(), out.end(), 0x5a5a5a5a);
    impls[i].run();
    if (out != sets[setOf[i]].ref) {
      std::printf("%s gives wrong results\n", impls[i].name.c_str());
      return 1;
    }
  }
  std::vector<std::vector<double>> times(impls.size());
  for (int r = 0; r < repeats; ++r)
    for (size_t i = 0; i < impls.size(); ++i) {
      times[i].push_back(timeColdRun(impls[i].run));
    }
  double ops = 2.0 * m * k * n, onednnMs = median(times.back()),
         dense = median(times[0]);
  std::printf("\nint8 %s %lldx4096x4096, constant weights (%d samples each)\n",
              m == 1 ? "GEMV" : "GEMM", (long long)m, repeats);
  std::printf("%-28s %12s %14s %12s %12s\n", "implementation", "median ms",
              "dense GOP/s", "vs oneDNN", "vs dense");
  for (size_t i = 0; i < impls.size(); ++i) {
    double ms = median(times[i]);
    std::printf("%-28s %12.4f %14.1f %12.2f %12.2f\n", impls[i].name.c_str(),
                ms, ops / ms / 1e6, onednnMs / ms, dense / ms);
  }
  return 0;
}

/// Weight-only GEMV 1x4096x4096 (f32 activations): int4 block-32 through the
/// CPU pipeline's nibble kernel and dequantize-then-GEMV, and int8 per-channel
/// weight-only through the packed-tile kernel, vs oneDNN's int8 GEMV on the
/// int8 weights, interleaved. Checked against double references.
int runWeightOnlyGemv(const std::string &dir, dnnl::engine &engine,
                      dnnl::stream &stream, int repeats) {
  const int64_t k = 4096, n = 4096;
  std::vector<int8_t> q(k * n), w8(k * n);
  for (auto [file, data] :
       {std::pair{"gemv_int4_b32", &q}, std::pair{"gemv_const_dense", &w8}}) {
    FILE *f = std::fopen((dir + "/" + file + ".bin").c_str(), "rb");
    if (!f || std::fread(data->data(), 1, k * n, f) != size_t(k * n)) {
      std::printf("cannot read %s/%s.bin\n", dir.c_str(), file);
      return 1;
    }
    std::fclose(f);
  }
  // The scales gen_kernels.py wrote into the kernels.
  auto scale = [](int64_t kb, int64_t j) {
    return (8 + (kb * 7 + j * 3) % 8) / 1024.0;
  };
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> f32(-1.0f, 1.0f);
  std::vector<float> x(k), y(n), ref(n, 0.0f);
  for (auto &v : x)
    v = f32(rng);
  // References in double: int4 block-32 weights, and the int8 weights with
  // their per-channel scales (gen_kernels.py's int8_channel_scale).
  auto channelScale = [](int64_t j) { return (8 + (j * 5) % 8) / 4096.0; };
  std::vector<double> acc(n, 0.0), acc8(n, 0.0);
  for (int64_t p = 0; p < k; ++p)
    for (int64_t j = 0; j < n; ++j) {
      acc[j] += double(x[p]) * q[p * n + j] * scale(p / 32, j);
      acc8[j] += double(x[p]) * w8[p * n + j] * channelScale(j);
    }
  std::vector<float> ref8(n);
  for (int64_t j = 0; j < n; ++j) {
    ref[j] = float(acc[j]);
    ref8[j] = float(acc8[j]);
  }
  auto xv = view(x, 1, k), yv = view(y, 1, n);
  // oneDNN int8 GEMV (s8 x s8 -> s32) on int8 weights, packed once.
  std::vector<int8_t> x8(k);
  for (auto &v : x8)
    v = static_cast<int8_t>(std::lround(f32(rng) * 100));
  std::vector<int32_t> y32(n);
  OnednnInt8Matmul onednn(engine, stream, 1, n, k, x8.data(), w8.data(),
                          y32.data());
  std::vector<Impl> impls = {
      {"compress int4 b32, nibble kernel",
       [&] { _mlir_ciface_gemv_int4_b32_nibble(&xv, &yv); }},
      {"compress int4 b32, dequantize+GEMV",
       [&] { _mlir_ciface_gemv_int4_b32_materialize(&xv, &yv); }},
      {"compress int8 per-channel, tiles",
       [&] { _mlir_ciface_gemv_int8_wo_tiles(&xv, &yv); }},
      {"oneDNN int8 (dense, s8)", [&] { onednn.run(); }}};
  const std::vector<float> *refs[] = {&ref, &ref, &ref8};
  for (size_t i = 0; i + 1 < impls.size(); ++i) {
    std::fill(y.begin(), y.end(), -1.0f);
    impls[i].run();
    const std::vector<float> &expected = *refs[i];
    for (int64_t j = 0; j < n; ++j)
      if (std::fabs(y[j] - expected[j]) >
          1e-3f * (1.0f + std::fabs(expected[j]))) {
        std::printf("%s gives wrong results\n", impls[i].name.c_str());
        return 1;
      }
  }
  std::vector<std::vector<double>> times(impls.size());
  for (int r = 0; r < repeats; ++r)
    for (size_t i = 0; i < impls.size(); ++i) {
      times[i].push_back(timeColdRun(impls[i].run));
    }
  double ops = 2.0 * k * n, onednnMs = median(times.back());
  std::printf(
      "\nweight-only GEMV 1x4096x4096, f32 activations (%d samples each)\n",
      repeats);
  std::printf("%-32s %12s %10s %12s\n", "implementation", "median ms", "GOP/s",
              "vs oneDNN");
  for (size_t i = 0; i < impls.size(); ++i) {
    double ms = median(times[i]);
    std::printf("%-32s %12.3f %10.1f %12.2f\n", impls[i].name.c_str(), ms,
                ops / ms / 1e6, onednnMs / ms);
  }
  return 0;
}

int main(int argc, char **argv) {
  bool onlyOnednn = argc > 1 && std::string(argv[1]) == "--only-onednn";
  // --skip-upstream: the main table without upstream MLIR's plain lowering
  // (seconds per sample), for quick comparisons while tuning.
  bool skipUpstream = argc > 1 && std::string(argv[1]) == "--skip-upstream";
  // --gemv-weights DIR: only the constant-weight GEMV table.
  std::string gemvDir =
      argc > 2 && std::string(argv[1]) == "--gemv-weights" ? argv[2] : "";
  int repeats = 7;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> i8(-128, 127);
  std::uniform_real_distribution<float> f32(-1.0f, 1.0f);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  if (!gemvDir.empty())
    return runConstantGemv(gemvDir, engine, stream, 51, 1) ||
           runConstantGemv(gemvDir, engine, stream, 11, 64) ||
           runWeightOnlyGemv(gemvDir, engine, stream, 51);

  double int8Peak = measureVnniPeak(), fp32Peak = measureFmaPeak();
  std::printf("measured peak of this core: int8 (vpdpbusd) %.0f GOP/s, fp32 "
              "(FMA) %.0f GFLOP/s\n",
              int8Peak, fp32Peak);
  std::printf("%-22s %-32s %12s %10s %10s %8s\n", "kernel", "implementation",
              "median ms", "GOP/s", "vs compress", "% peak");
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
    OnednnInt8Matmul onednn(engine, stream, m, n, k, a.data(), b.data(),
                            out.data());
    // compress's kernels take B as a run-time operand in row-major layout
    // and pack it on every call; oneDNN's row above has it packed once.
    OnednnInt8Matmul onednnAsStored(engine, stream, m, n, k, a.data(), b.data(),
                                    out.data(),
                                    /*weightsAsStored=*/true);
    std::string isa = onlyOnednn ? "oneDNN (VNNI only)" : "oneDNN";
    std::vector<Impl> impls;
    if (!onlyOnednn) {
      impls.push_back({"compress", [&] { compressFn(&av, &bv, &cv); }});
      if (!skipUpstream)
        impls.push_back({"upstream MLIR", [&] { upstreamFn(&av, &bv, &cv); }});
    }
    impls.push_back({isa, [&] { onednn.run(); }});
    impls.push_back({isa + ", B as stored", [&] { onednnAsStored.run(); }});
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
        times[i].push_back(timeColdRun(impls[i].run));
      }
    double ops = 2.0 * m * n * k, base = median(times[0]);
    for (size_t i = 0; i < impls.size(); ++i) {
      double ms = median(times[i]);
      double rate = ops / ms / 1e6;
      if (onlyOnednn)
        std::printf("%-22s %-32s %12.3f %10.1f %10s %7.1f%%\n", name,
                    impls[i].name.c_str(), ms, rate, "-",
                    100 * rate / int8Peak);
      else
        std::printf("%-22s %-32s %12.3f %10.1f %10.2f %7.1f%%\n", name,
                    impls[i].name.c_str(), ms, rate, base / ms,
                    100 * rate / int8Peak);
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
      {"OpenBLAS", [&] {
         cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
                     a.data(), n, b.data(), n, 0.0f, out.data(), n);
       }}};
  if (!skipUpstream)
    impls.insert(impls.begin() + 1,
                 {"upstream MLIR",
                  [&] { _mlir_ciface_gemm_f32_1024_upstream(&av, &bv, &cv); }});
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
      times[i].push_back(timeColdRun(impls[i].run));
    }
  double ops = 2.0 * n * n * n, base = median(times[0]);
  for (size_t i = 0; i < impls.size(); ++i) {
    double ms = median(times[i]);
    double rate = ops / ms / 1e6;
    std::printf("%-22s %-32s %12.3f %10.1f %10.2f %7.1f%%\n",
                "fp32 GEMM 1024^3", impls[i].name.c_str(), ms, rate, base / ms,
                100 * rate / fp32Peak);
  }
  return 0;
}

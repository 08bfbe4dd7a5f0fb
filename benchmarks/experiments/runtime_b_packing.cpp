// Experiment (session 7): can the packing of a run-time B be hidden behind
// the compute of int8 GEMM 64x4096x4096 on one core? A hand-written
// AVX-512 VNNI model of what --compress-cpu-pipeline generates (B flipped
// to u8 and packed into 32-column panels [N/32][K/4][32][4], an 8x32
// register tile of vpdpbusd, C = A (B xor 0x80) - 128 rowsum(A)) against
// variants that pack and compute K blocks of Kb rows in turn, with and
// without software prefetch of the next block's rows of B during the
// compute. Every variant's C is compared with the first's (and that one
// spot-checked against a scalar sum) before timing; cold caches, medians.
// Not part of benchmarks/run.sh; results in benchmarks/README.md.
//   g++ -O3 -march=native benchmarks/experiments/runtime_b_packing.cpp
//       -o /tmp/runtime_b_packing && taskset -c 1 /tmp/runtime_b_packing
// Needs AVX-512 VBMI (vpermt2b) and VNNI.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <immintrin.h>
#include <vector>
const int M = 64, N = 4096, K = 4096;
static int8_t *A, *B;
static int32_t *C, *Cref;
static uint8_t *P;
static int32_t rowsum[M];
static __m512i idx1lo, idx1hi, idx2[4];
static void initIdx() {
  alignas(64) uint8_t lo[64], hi[64];
  for (int j = 0; j < 32; ++j) {
    lo[2 * j] = j;
    lo[2 * j + 1] = 64 + j;
    hi[2 * j] = 32 + j;
    hi[2 * j + 1] = 96 + j;
  }
  idx1lo = _mm512_load_si512(lo);
  idx1hi = _mm512_load_si512(hi);
  // level 2: 16-bit elements; x01 holds pairs for cols 0..31 (32 words), x23
  // same. out q (cols 16q..16q+15, q<2 from lo halves)
  for (int q = 0; q < 2; ++q) {
    alignas(64) uint16_t w[32];
    for (int j = 0; j < 16; ++j) {
      w[2 * j] = 16 * q + j;
      w[2 * j + 1] = 32 + 16 * q + j;
    }
    idx2[q] = _mm512_load_si512(w);
  }
}
// 4 rows (64 cols each) at col c0 of rows k..k+3 -> 4 zmm pieces (16 cols x 4
// bytes), flipped to u8
static inline void interleave(const int8_t *r0, __m512i out[4]) {
  __m512i flip = _mm512_set1_epi8((char)0x80);
  __m512i a = _mm512_xor_si512(_mm512_loadu_si512(r0), flip),
          b = _mm512_xor_si512(_mm512_loadu_si512(r0 + N), flip),
          c = _mm512_xor_si512(_mm512_loadu_si512(r0 + 2 * N), flip),
          d = _mm512_xor_si512(_mm512_loadu_si512(r0 + 3 * N), flip);
  __m512i x01 = _mm512_permutex2var_epi8(a, idx1lo, b),
          x01h = _mm512_permutex2var_epi8(a, idx1hi, b);
  __m512i x23 = _mm512_permutex2var_epi8(c, idx1lo, d),
          x23h = _mm512_permutex2var_epi8(c, idx1hi, d);
  out[0] = _mm512_permutex2var_epi16(x01, idx2[0], x23);
  out[1] = _mm512_permutex2var_epi16(x01, idx2[1], x23);
  out[2] = _mm512_permutex2var_epi16(x01h, idx2[0], x23h);
  out[3] = _mm512_permutex2var_epi16(x01h, idx2[1], x23h);
}
// packed layout for a block of kbs k/4-steps: P[p][kb][32*4]
static void pack(int kb0, int kbs, bool nt) {
  for (int kb = 0; kb < kbs; ++kb) {
    const int8_t *row = B + (size_t)(4 * (kb0 + kb)) * N;
    for (int q = 0; q < N / 64; ++q) {
      __m512i out[4];
      interleave(row + 64 * q, out);
      for (int h = 0; h < 2; ++h) {
        int p = 2 * q + h;
        uint8_t *dst = P + ((size_t)p * kbs + kb) * 128;
        if (nt) {
          _mm512_stream_si512((__m512i *)dst, out[2 * h]);
          _mm512_stream_si512((__m512i *)(dst + 64), out[2 * h + 1]);
        } else {
          _mm512_store_si512(dst, out[2 * h]);
          _mm512_store_si512(dst + 64, out[2 * h + 1]);
        }
      }
    }
  }
}
template <bool First, bool Prefetch>
static void compute(int kb0, int kbs, int nextKb0) {
  for (int p = 0; p < N / 32; ++p)
    for (int r = 0; r < M / 8; ++r) {
      __m512i acc[8][2];
      int32_t *ct = C + (size_t)(8 * r) * N + 32 * p;
      for (int i = 0; i < 8; ++i)
        if (First) {
          __m512i s = _mm512_set1_epi32(-128 * rowsum[8 * r + i]);
          acc[i][0] = s;
          acc[i][1] = s;
        } else {
          acc[i][0] = _mm512_load_si512(ct + i * N);
          acc[i][1] = _mm512_load_si512(ct + i * N + 16);
        }
      const uint8_t *pp = P + (size_t)p * kbs * 128;
      const int8_t *ar = A + (size_t)(8 * r) * K + 4 * kb0;
      for (int kb = 0; kb < kbs; ++kb) {
        if (Prefetch && (kb & 3) == 0) {
          size_t line = ((size_t)(p * 8 + r) * kbs + kb) / 4; // 0 .. kbs*256
          size_t rowIdx = line / 64, col = (line % 64) * 64;
          _mm_prefetch(
              (const char *)(B + (size_t)(4 * nextKb0 + rowIdx) * N + col),
              _MM_HINT_T2);
        }
        __m512i b0 = _mm512_load_si512(pp + kb * 128),
                b1 = _mm512_load_si512(pp + kb * 128 + 64);
        for (int i = 0; i < 8; ++i) {
          __m512i a =
              _mm512_set1_epi32(*(const int32_t *)(ar + i * K + 4 * kb));
          acc[i][0] = _mm512_dpbusd_epi32(acc[i][0], b0, a);
          acc[i][1] = _mm512_dpbusd_epi32(acc[i][1], b1, a);
        }
      }
      for (int i = 0; i < 8; ++i) {
        _mm512_store_si512(ct + i * N, acc[i][0]);
        _mm512_store_si512(ct + i * N + 16, acc[i][1]);
      }
    }
}
static void rowsums() {
  for (int i = 0; i < M; ++i) {
    int s = 0;
    for (int k = 0; k < K; ++k)
      s += A[(size_t)i * K + k];
    rowsum[i] = s;
  }
}
static void current() {
  rowsums();
  pack(0, K / 4, true);
  compute<true, false>(0, K / 4, 0);
}
template <int Kb, bool Pf> static void fused() {
  rowsums();
  for (int k0 = 0; k0 < K; k0 += Kb) {
    int next = std::min(k0 + Kb, K - Kb);
    pack(k0 / 4, Kb / 4, false);
    if (k0 == 0)
      compute<true, Pf>(0, Kb / 4, next / 4);
    else
      compute<false, Pf>(k0 / 4, Kb / 4, next / 4);
  }
}
static std::vector<char> junk(128 << 20);
static void flush() {
  for (size_t i = 0; i < junk.size(); i += 64)
    junk[i]++;
}
template <typename F> double timed(F f) {
  flush();
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - t0)
      .count();
}
int diag();
int diag2();
int main() {
  initIdx();
  A = (int8_t *)aligned_alloc(64, (size_t)M * K);
  B = (int8_t *)aligned_alloc(64, (size_t)K * N);
  C = (int32_t *)aligned_alloc(64, (size_t)M * N * 4);
  Cref = (int32_t *)aligned_alloc(64, (size_t)M * N * 4);
  P = (uint8_t *)aligned_alloc(64, (size_t)K * N);
  for (size_t i = 0; i < (size_t)M * K; ++i)
    A[i] = rand() % 256 - 128;
  for (size_t i = 0; i < (size_t)K * N; ++i)
    B[i] = rand() % 256 - 128;
  // reference for a few entries
  current();
  memcpy(Cref, C, (size_t)M * N * 4);
  long bad = 0;
  for (int t = 0; t < 200; ++t) {
    int i = rand() % M, j = rand() % N;
    long s = 0;
    for (int k = 0; k < K; ++k)
      s += A[(size_t)i * K + k] * B[(size_t)k * N + j];
    bad += s != Cref[(size_t)i * N + j];
  }
  printf("reference spot-check mismatches: %ld\n", bad);
  struct V {
    const char *name;
    void (*f)();
    std::vector<double> t;
  };
  std::vector<V> vs = {{"pack all (NT) + kernel", current},
                       {"Kb=512 no prefetch", fused<512, false>},
                       {"Kb=512 prefetch", fused<512, true>},
                       {"Kb=1024 prefetch", fused<1024, true>},
                       {"Kb=256 prefetch", fused<256, true>}};
  for (auto &v : vs) {
    v.f();
    bool ok = !memcmp(C, Cref, (size_t)M * N * 4);
    printf("%s: %s\n", v.name, ok ? "same" : "DIFFERENT");
  }
  for (int rep = 0; rep < 15; ++rep)
    for (auto &v : vs)
      v.t.push_back(timed(v.f));
  for (auto &v : vs) {
    std::sort(v.t.begin(), v.t.end());
    printf("%-26s median %.2f ms (min %.2f)\n", v.name, v.t[v.t.size() / 2],
           v.t[0]);
  }
  diag();
  diag2();
}
// diagnostics
int diag() {
  std::vector<double> tp, tc, tcw, tpw, tread;
  volatile long sink = 0;
  for (int rep = 0; rep < 11; ++rep) {
    tp.push_back(timed([] { pack(0, K / 4, true); }));
    tc.push_back(timed([] { compute<true, false>(0, K / 4, 0); }));
    auto t0 = std::chrono::steady_clock::now();
    compute<true, false>(0, K / 4, 0);
    tcw.push_back(std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - t0)
                      .count());
    pack(0, K / 4, false);
    t0 = std::chrono::steady_clock::now();
    pack(0, K / 4, false);
    tpw.push_back(std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - t0)
                      .count());
    tread.push_back(timed([&] {
      __m512i s = _mm512_setzero_si512();
      for (size_t i = 0; i < (size_t)K * N; i += 64)
        s = _mm512_add_epi32(s, _mm512_load_si512(B + i));
      sink += _mm512_reduce_add_epi32(s);
    }));
  }
  auto med = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  printf("pack NT cold %.2f, pack warm(regular) %.2f, compute cold %.2f, "
         "compute warm %.2f, read B cold %.2f ms\n",
         med(tp), med(tpw), med(tc), med(tcw), med(tread));
  return 0;
}
int diag2() {
  auto med = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  for (int Kb : {256, 512, 1024}) {
    for (int pf = 0; pf < 2; ++pf) {
      std::vector<double> tpk, tcp;
      for (int rep = 0; rep < 9; ++rep) {
        flush();
        rowsums();
        double a = 0, c = 0;
        for (int k0 = 0; k0 < K; k0 += Kb) {
          int next = std::min(k0 + Kb, K - Kb);
          auto t0 = std::chrono::steady_clock::now();
          pack(k0 / 4, Kb / 4, false);
          auto t1 = std::chrono::steady_clock::now();
          if (pf) {
            if (k0 == 0)
              compute<true, true>(0, Kb / 4, next / 4);
            else
              compute<false, true>(k0 / 4, Kb / 4, next / 4);
          } else {
            if (k0 == 0)
              compute<true, false>(0, Kb / 4, next / 4);
            else
              compute<false, false>(k0 / 4, Kb / 4, next / 4);
          }
          auto t2 = std::chrono::steady_clock::now();
          a += std::chrono::duration<double, std::milli>(t1 - t0).count();
          c += std::chrono::duration<double, std::milli>(t2 - t1).count();
        }
        tpk.push_back(a);
        tcp.push_back(c);
      }
      printf("Kb=%d prefetch=%d: pack %.2f ms, compute %.2f ms\n", Kb, pf,
             med(tpk), med(tcp));
    }
  }
  return 0;
}

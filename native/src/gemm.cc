#include "gemm.h"

#include <algorithm>
#include <cstring>

#include "blas.h"
#include "pool.h"

namespace studio {
namespace {

// Below this many multiply-adds a problem runs on the caller's thread: waking the pool costs more.
constexpr double kParallelMacs = 1 << 18;

// Rows [m0, m1) × columns [n0, n1) of one problem's C.
void block(int M, int N, int K, bool ta, bool tb, const float *A, const float *B, float *C, const float *bias,
           int m0, int m1, int n0, int n1) {
  const int lda = ta ? M : K, ldb = tb ? K : N;
  const float *a = ta ? A + m0 : A + static_cast<long>(m0) * lda;
  const float *b = tb ? B + static_cast<long>(n0) * ldb : B + n0;
  float *c = C + static_cast<long>(m0) * N + n0;
  float beta = 0.0f;
  if (bias != nullptr) {
    for (int i = m0; i < m1; i++) std::memcpy(C + static_cast<long>(i) * N + n0, bias + n0, sizeof(float) * (n1 - n0));
    beta = 1.0f;
  }
  sgemm_serial(ta, tb, m1 - m0, n1 - n0, K, 1.0f, a, lda, b, ldb, beta, c, N);
}

}  // namespace

void batched_gemm(int batch, int M, int N, int K, bool trans_a, bool trans_b, const float *A, long stride_a,
                  const float *B, long stride_b, float *C, const float *bias) {
  const long stride_c = static_cast<long>(M) * N;
  const double macs = static_cast<double>(batch) * M * N * K;
  const int threads = pool_threads();
  auto problem = [&](int i, int m0, int m1, int n0, int n1) {
    block(M, N, K, trans_a, trans_b, A + i * stride_a, B + i * stride_b, C + i * stride_c, bias, m0, m1, n0, n1);
  };
  if (threads == 1 || macs < kParallelMacs) {
    for (int i = 0; i < batch; i++) problem(i, 0, M, 0, N);
    return;
  }
  if (batch >= threads) {
    parallel_range(batch, 1, [&](long b0, long b1) {
      for (long i = b0; i < b1; i++) problem(static_cast<int>(i), 0, M, 0, N);
    });
    return;
  }
  // Few large problems: split each along its longer side of C, in multiples of 16 so blocks stay aligned.
  for (int i = 0; i < batch; i++) {
    const bool by_rows = M >= N;
    const long extent = by_rows ? M : N;
    parallel_range((extent + 15) / 16, 1, [&](long s0, long s1) {
      const int e0 = static_cast<int>(std::min(extent, s0 * 16)), e1 = static_cast<int>(std::min(extent, s1 * 16));
      if (by_rows) problem(i, e0, e1, 0, N);
      else problem(i, 0, M, e0, e1);
    });
  }
}

}  // namespace studio

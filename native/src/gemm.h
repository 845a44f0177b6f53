#pragma once

namespace studio {

// For each of `batch` problems: C_i = op(A_i)·op(B_i) (+ bias broadcast over rows), all row-major and
// contiguous; op(A_i) is M×K, op(B_i) is K×N. A batch stride of 0 reuses one matrix for every problem
// (broadcasting). `bias` (N floats) may be null. Spread over the thread pool.
void batched_gemm(int batch, int M, int N, int K, bool trans_a, bool trans_b, const float *A, long stride_a,
                  const float *B, long stride_b, float *C, const float *bias);

}  // namespace studio

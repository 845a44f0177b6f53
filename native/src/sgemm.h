/* Self-contained single-precision GEMM (no BLAS dependency). See sgemm.c. */
#ifndef STUDIO_SGEMM_H
#define STUDIO_SGEMM_H

#ifdef __cplusplus
extern "C" {
#endif

/* Row-major C = alpha * op(A) * op(B) + beta * C, op(X) = X or X^T (trans_x != 0).
   op(A) is M x K, op(B) is K x N. lda/ldb/ldc are the row strides (in floats) of the
   matrices as stored. beta == 0 means C is write-only (may hold NaN).
   Single-threaded and reentrant: concurrent calls on disjoint blocks of C are safe. */
void studio_sgemm(int trans_a, int trans_b, int M, int N, int K, float alpha,
                  const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

/* Which path studio_sgemm takes on this CPU: "avx2-fma", "neon" or "scalar". */
const char *studio_sgemm_isa(void);

#ifdef __cplusplus
}
#endif

#endif /* STUDIO_SGEMM_H */

// Row-major single-precision GEMM over the best implementation this machine has: a system BLAS found at run
// time (OpenBLAS, Accelerate, MKL), else the project's own SGEMM (sgemm.c). Loading the BLAS with dlopen
// rather than linking it keeps the build free of BLAS headers and libraries: the addon builds wherever a
// C++ compiler does, and picks up a BLAS installed later.
#pragma once
#include <string>

namespace studio {

// C = alpha·op(A)·op(B) + beta·C on one thread; op(A) is M×K, op(B) is K×N; lda/ldb/ldc are row strides.
void sgemm_serial(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A, int lda,
                  const float *B, int ldb, float beta, float *C, int ldc);

// Describes the implementation in use, e.g. "openblas (libopenblas.so.0)" or "own sgemm (avx2-fma)".
std::string blas_name();

}  // namespace studio

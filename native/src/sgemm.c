/*
 * studio_sgemm: self-contained single-precision GEMM for machines without a system BLAS.
 *
 * Goto/BLIS-style algorithm:
 *   for jc (NC columns of C)            -- B block lives in L3
 *     for pc (KC slice of K)            -- pack op(B)[pc:pc+kc, jc:jc+nc] into NR-wide panels
 *       for ic (MC rows of C)           -- pack op(A)[ic:ic+mc, pc:pc+kc] into MR-tall panels (L2)
 *         for jr (NR columns)           -- B micro-panel stays in L1
 *           for ir (MR rows)            -- register-blocked MR x NR micro-kernel
 * Packing absorbs the transposes, so all four trans combinations share one micro-kernel.
 * Edge tiles are zero-padded in the packed panels; partial C tiles go through a small
 * stack buffer.
 *
 * The x86-64 fast path (6x16 AVX2+FMA micro-kernel) is compiled with a target attribute and
 * selected at runtime, so the file builds with plain -O3 and still runs on CPUs without AVX2
 * (portable blocked C fallback). Packing buffers are per thread (kept between calls), so the
 * function is reentrant and safe to call concurrently on disjoint blocks of C.
 */
#include "sgemm.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The AVX2 path needs GCC/Clang (target attribute + __builtin_cpu_supports). */
#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#define STUDIO_X86 1
#include <immintrin.h>
#else
#define STUDIO_X86 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define STUDIO_RESTRICT __restrict__
#define STUDIO_ALIGN64 __attribute__((aligned(64)))
#else
#define STUDIO_RESTRICT
#define STUDIO_ALIGN64
#endif

typedef ptrdiff_t isz; /* signed index type (pointer-sized) */

#define STUDIO_MAX_MR 8
#define STUDIO_MAX_NR 16

typedef void (*kern_fn)(isz kc, const float *a, const float *b, float *c, isz ldc, float alpha,
                        float beta);
typedef void (*packa_fn)(int trans, const float *A, isz lda, isz i0, isz p0, isz mc, isz kc,
                         float *dst);
typedef void (*packb_fn)(int trans, const float *B, isz ldb, isz p0, isz j0, isz kc, isz nc,
                         float *dst);

typedef struct {
    int mr, nr;     /* micro-tile */
    int kc, mc, nc; /* cache blocks (maximums) */
    kern_fn kern;
    packa_fn packa;
    packb_fn packb;
} gemm_impl;

/* ------------------------------------------------------------------------------------------ */
/* helpers                                                                                    */
/* ------------------------------------------------------------------------------------------ */

#if defined(_MSC_VER)
#define STUDIO_THREAD_LOCAL __declspec(thread)
#else
#define STUDIO_THREAD_LOCAL _Thread_local
#endif

/* The packing buffer of the calling thread, kept between calls and grown when a call needs more: a training
   step makes thousands of small products (attention), where a malloc and fresh pages per call cost more than
   the product. One per thread keeps the function reentrant across threads; it never calls itself. */
static STUDIO_THREAD_LOCAL void *pack_raw = NULL;
static STUDIO_THREAD_LOCAL size_t pack_bytes = 0;

static void *pack_buffer(size_t bytes) {
    if (bytes > pack_bytes) {
        free(pack_raw);
        pack_raw = malloc(bytes + 64);
        pack_bytes = pack_raw ? bytes : 0;
        if (!pack_raw) return NULL;
    }
    return (void *)(((uintptr_t)pack_raw + 63) & ~(uintptr_t)63);
}

/* C = beta * C over an M x N block (beta == 0: write zeros, never read C). */
static void scale_c(isz M, isz N, float beta, float *C, isz ldc) {
    if (beta == 1.0f) return;
    for (isz i = 0; i < M; i++) {
        float *c = C + i * ldc;
        if (beta == 0.0f)
            memset(c, 0, (size_t)N * sizeof(float));
        else
            for (isz j = 0; j < N; j++) c[j] *= beta;
    }
}

/* Last-resort path (only used when the packing buffer cannot be allocated). */
static void gemm_naive(int ta, int tb, isz M, isz N, isz K, float alpha, const float *A, isz lda,
                       const float *B, isz ldb, float beta, float *C, isz ldc) {
    for (isz i = 0; i < M; i++)
        for (isz j = 0; j < N; j++) {
            float s = 0.0f;
            for (isz k = 0; k < K; k++) {
                float a = ta ? A[k * lda + i] : A[i * lda + k];
                float b = tb ? B[j * ldb + k] : B[k * ldb + j];
                s += a * b;
            }
            float *c = C + i * ldc + j;
            *c = beta == 0.0f ? alpha * s : alpha * s + beta * *c;
        }
}

/* Generic packing, specialised by the compiler for constant mr/nr (inlined into the
   ISA-specific wrappers below). Packed A: panels of mr rows, dst[p*mr*kc + k*mr + r].
   Packed B: panels of nr columns, dst[q*nr*kc + k*nr + c]. Padding is zero. */
static inline void pack_a_generic(int trans, const float *STUDIO_RESTRICT A, isz lda, isz i0,
                                  isz p0, isz mc, isz kc, float *STUDIO_RESTRICT dst,
                                  const int mr) {
    for (isz i = 0; i < mc; i += mr) {
        isz m = mc - i < mr ? mc - i : mr;
        if (!trans) {
            const float *a = A + (i0 + i) * lda + p0;
            if (m == mr) {
                for (isz k = 0; k < kc; k++)
                    for (int r = 0; r < mr; r++) dst[k * mr + r] = a[r * lda + k];
            } else {
                for (isz k = 0; k < kc; k++) {
                    int r = 0;
                    for (; r < m; r++) dst[k * mr + r] = a[r * lda + k];
                    for (; r < mr; r++) dst[k * mr + r] = 0.0f;
                }
            }
        } else {
            const float *a = A + p0 * lda + i0 + i;
            if (m == mr) {
                for (isz k = 0; k < kc; k++)
                    for (int r = 0; r < mr; r++) dst[k * mr + r] = a[k * lda + r];
            } else {
                for (isz k = 0; k < kc; k++) {
                    int r = 0;
                    for (; r < m; r++) dst[k * mr + r] = a[k * lda + r];
                    for (; r < mr; r++) dst[k * mr + r] = 0.0f;
                }
            }
        }
        dst += (isz)mr * kc;
    }
}

static inline void pack_b_generic(int trans, const float *STUDIO_RESTRICT B, isz ldb, isz p0,
                                  isz j0, isz kc, isz nc, float *STUDIO_RESTRICT dst,
                                  const int nr) {
    for (isz j = 0; j < nc; j += nr) {
        isz n = nc - j < nr ? nc - j : nr;
        if (!trans) {
            const float *b = B + p0 * ldb + j0 + j;
            if (n == nr) {
                for (isz k = 0; k < kc; k++)
                    for (int c = 0; c < nr; c++) dst[k * nr + c] = b[k * ldb + c];
            } else {
                for (isz k = 0; k < kc; k++) {
                    int c = 0;
                    for (; c < n; c++) dst[k * nr + c] = b[k * ldb + c];
                    for (; c < nr; c++) dst[k * nr + c] = 0.0f;
                }
            }
        } else {
            const float *b = B + (j0 + j) * ldb + p0;
            if (n == nr) {
                for (isz k = 0; k < kc; k++)
                    for (int c = 0; c < nr; c++) dst[k * nr + c] = b[c * ldb + k];
            } else {
                for (isz k = 0; k < kc; k++) {
                    int c = 0;
                    for (; c < n; c++) dst[k * nr + c] = b[c * ldb + k];
                    for (; c < nr; c++) dst[k * nr + c] = 0.0f;
                }
            }
        }
        dst += (isz)nr * kc;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Portable fallback: 4x8 micro-kernel in plain C (auto-vectorisable)                         */
/* ------------------------------------------------------------------------------------------ */

#define GEN_MR 4
#define GEN_NR 8

static void kern_generic(isz kc, const float *STUDIO_RESTRICT a, const float *STUDIO_RESTRICT b,
                         float *STUDIO_RESTRICT c, isz ldc, float alpha, float beta) {
    float acc[GEN_MR][GEN_NR];
    for (int r = 0; r < GEN_MR; r++)
        for (int j = 0; j < GEN_NR; j++) acc[r][j] = 0.0f;
    for (isz k = 0; k < kc; k++) {
        for (int r = 0; r < GEN_MR; r++) {
            float ar = a[r];
            for (int j = 0; j < GEN_NR; j++) acc[r][j] += ar * b[j];
        }
        a += GEN_MR;
        b += GEN_NR;
    }
    for (int r = 0; r < GEN_MR; r++) {
        float *cr = c + r * ldc;
        if (beta == 0.0f)
            for (int j = 0; j < GEN_NR; j++) cr[j] = alpha * acc[r][j];
        else
            for (int j = 0; j < GEN_NR; j++) cr[j] = alpha * acc[r][j] + beta * cr[j];
    }
}

static void packa_generic(int trans, const float *A, isz lda, isz i0, isz p0, isz mc, isz kc,
                          float *dst) {
    pack_a_generic(trans, A, lda, i0, p0, mc, kc, dst, GEN_MR);
}

static void packb_generic(int trans, const float *B, isz ldb, isz p0, isz j0, isz kc, isz nc,
                          float *dst) {
    pack_b_generic(trans, B, ldb, p0, j0, kc, nc, dst, GEN_NR);
}

static const gemm_impl impl_generic = {GEN_MR, GEN_NR, 256, 128, 2048,
                                       kern_generic, packa_generic, packb_generic};

/* ------------------------------------------------------------------------------------------ */
/* x86-64 AVX2 + FMA: 6x16 micro-kernel                                                       */
/* ------------------------------------------------------------------------------------------ */
#if STUDIO_X86

#define AVX_MR 6
#define AVX_NR 16

#define STUDIO_AVX2 __attribute__((target("avx2,fma")))

STUDIO_AVX2
static void kern_avx2_6x16(isz kc, const float *STUDIO_RESTRICT a, const float *STUDIO_RESTRICT b,
                           float *STUDIO_RESTRICT c, isz ldc, float alpha, float beta) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();

    for (int r = 0; r < AVX_MR; r++) {
        _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + r * ldc + 15), _MM_HINT_T0);
    }

#define STUDIO_STEP(o)                                                                   \
    do {                                                                                 \
        __m256 b0 = _mm256_load_ps(b + 16 * (o));                                        \
        __m256 b1 = _mm256_load_ps(b + 16 * (o) + 8);                                    \
        __m256 av = _mm256_broadcast_ss(a + 6 * (o) + 0);                                \
        c00 = _mm256_fmadd_ps(av, b0, c00);                                              \
        c01 = _mm256_fmadd_ps(av, b1, c01);                                              \
        av = _mm256_broadcast_ss(a + 6 * (o) + 1);                                       \
        c10 = _mm256_fmadd_ps(av, b0, c10);                                              \
        c11 = _mm256_fmadd_ps(av, b1, c11);                                              \
        av = _mm256_broadcast_ss(a + 6 * (o) + 2);                                       \
        c20 = _mm256_fmadd_ps(av, b0, c20);                                              \
        c21 = _mm256_fmadd_ps(av, b1, c21);                                              \
        av = _mm256_broadcast_ss(a + 6 * (o) + 3);                                       \
        c30 = _mm256_fmadd_ps(av, b0, c30);                                              \
        c31 = _mm256_fmadd_ps(av, b1, c31);                                              \
        av = _mm256_broadcast_ss(a + 6 * (o) + 4);                                       \
        c40 = _mm256_fmadd_ps(av, b0, c40);                                              \
        c41 = _mm256_fmadd_ps(av, b1, c41);                                              \
        av = _mm256_broadcast_ss(a + 6 * (o) + 5);                                       \
        c50 = _mm256_fmadd_ps(av, b0, c50);                                              \
        c51 = _mm256_fmadd_ps(av, b1, c51);                                              \
    } while (0)

    isz k = 0;
    for (; k + 4 <= kc; k += 4) {
        _mm_prefetch((const char *)(a + 6 * 16), _MM_HINT_T0);
        STUDIO_STEP(0);
        STUDIO_STEP(1);
        STUDIO_STEP(2);
        STUDIO_STEP(3);
        a += 6 * 4;
        b += 16 * 4;
    }
    for (; k < kc; k++) {
        STUDIO_STEP(0);
        a += 6;
        b += 16;
    }
#undef STUDIO_STEP

    const __m256 va = _mm256_set1_ps(alpha);
#define STUDIO_STORE(r, x0, x1)                                                          \
    do {                                                                                 \
        float *cr = c + (r) * ldc;                                                       \
        __m256 y0 = _mm256_mul_ps(x0, va), y1 = _mm256_mul_ps(x1, va);                   \
        if (beta != 0.0f) {                                                              \
            const __m256 vb = _mm256_set1_ps(beta);                                      \
            y0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(cr), y0);                           \
            y1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(cr + 8), y1);                       \
        }                                                                                \
        _mm256_storeu_ps(cr, y0);                                                        \
        _mm256_storeu_ps(cr + 8, y1);                                                    \
    } while (0)
    STUDIO_STORE(0, c00, c01);
    STUDIO_STORE(1, c10, c11);
    STUDIO_STORE(2, c20, c21);
    STUDIO_STORE(3, c30, c31);
    STUDIO_STORE(4, c40, c41);
    STUDIO_STORE(5, c50, c51);
#undef STUDIO_STORE
}

/* In-register 8x8 transpose: r[i][j] -> r[j][i]. */
STUDIO_AVX2
static inline void transpose8x8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/* The transposing A packer writes 8 floats per 6-float k-slot; the 2 extra are overwritten by
   the next slot or land in the 16-float slack at the end of the packed-A buffer. */

STUDIO_AVX2
static void packa_avx2(int trans, const float *A, isz lda, isz i0, isz p0, isz mc, isz kc,
                       float *dst) {
    isz i = 0;
    if (trans) {
        /* op(A) rows are contiguous in the stored matrix: copy 4 + 2 floats per k. */
        for (; i + AVX_MR <= mc; i += AVX_MR) {
            const float *a = A + p0 * lda + i0 + i;
            for (isz k = 0; k < kc; k++) {
                const float *s = a + k * lda;
                _mm_storeu_ps(dst + k * AVX_MR, _mm_loadu_ps(s));
                _mm_storel_epi64((__m128i *)(dst + k * AVX_MR + 4),
                                 _mm_loadl_epi64((const __m128i *)(s + 4)));
            }
            dst += (isz)AVX_MR * kc;
        }
        if (i < mc) pack_a_generic(trans, A, lda, i0 + i, p0, mc - i, kc, dst, AVX_MR);
        return;
    }
    for (; i + AVX_MR <= mc; i += AVX_MR) {
        const float *a = A + (i0 + i) * lda + p0;
        isz k = 0;
        for (; k + 8 <= kc; k += 8) {
            __m256 r[8];
            for (int q = 0; q < AVX_MR; q++) r[q] = _mm256_loadu_ps(a + q * lda + k);
            r[6] = r[7] = _mm256_setzero_ps();
            transpose8x8(r);
            for (int q = 0; q < 8; q++) _mm256_storeu_ps(dst + (k + q) * AVX_MR, r[q]);
        }
        for (; k < kc; k++)
            for (int q = 0; q < AVX_MR; q++) dst[k * AVX_MR + q] = a[q * lda + k];
        dst += (isz)AVX_MR * kc;
    }
    if (i < mc) pack_a_generic(trans, A, lda, i0 + i, p0, mc - i, kc, dst, AVX_MR);
}

STUDIO_AVX2
static void packb_avx2(int trans, const float *B, isz ldb, isz p0, isz j0, isz kc, isz nc,
                       float *dst) {
    if (!trans) {
        pack_b_generic(trans, B, ldb, p0, j0, kc, nc, dst, AVX_NR);
        return;
    }
    isz j = 0;
    for (; j + AVX_NR <= nc; j += AVX_NR) {
        const float *b = B + (j0 + j) * ldb + p0;
        isz k = 0;
        for (; k + 8 <= kc; k += 8) {
            for (int h = 0; h < 2; h++) {
                __m256 r[8];
                for (int q = 0; q < 8; q++) r[q] = _mm256_loadu_ps(b + (h * 8 + q) * ldb + k);
                transpose8x8(r);
                for (int q = 0; q < 8; q++) _mm256_store_ps(dst + (k + q) * AVX_NR + h * 8, r[q]);
            }
        }
        for (; k < kc; k++)
            for (int q = 0; q < AVX_NR; q++) dst[k * AVX_NR + q] = b[q * ldb + k];
        dst += (isz)AVX_NR * kc;
    }
    if (j < nc) pack_b_generic(trans, B, ldb, p0, j0 + j, kc, nc - j, dst, AVX_NR);
}

#ifndef STUDIO_AVX_KC
#define STUDIO_AVX_KC 384
#endif
#ifndef STUDIO_AVX_MC
#define STUDIO_AVX_MC 144
#endif
#ifndef STUDIO_AVX_NC
#define STUDIO_AVX_NC 2048
#endif
static const gemm_impl impl_avx2 = {AVX_MR, AVX_NR, STUDIO_AVX_KC, STUDIO_AVX_MC, STUDIO_AVX_NC,
                                    kern_avx2_6x16, packa_avx2, packb_avx2};

/* No cached state: __builtin_cpu_init is idempotent and __builtin_cpu_supports only reads
   libgcc's CPU model, so this is safe to call from any thread. */
static int studio_has_avx2(void) {
#if defined(STUDIO_SGEMM_FORCE_SCALAR)
    return 0;
#else
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
}
#endif /* STUDIO_X86 */

/* ------------------------------------------------------------------------------------------ */
/* driver                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static isz ceil_div(isz a, isz b) { return (a + b - 1) / b; }
static isz round_up(isz a, isz b) { return ceil_div(a, b) * b; }

static void gemm_blocked(const gemm_impl *im, int ta, int tb, isz M, isz N, isz K, float alpha,
                         const float *A, isz lda, const float *B, isz ldb, float beta, float *C,
                         isz ldc) {
    const isz MR = im->mr, NR = im->nr;

    /* Balanced block sizes: split each dimension into equal-ish chunks no larger than the max. */
    isz kc_blk = ceil_div(K, ceil_div(K, im->kc));
    isz mc_blk = round_up(ceil_div(M, ceil_div(M, im->mc)), MR);
    isz nc_blk = round_up(ceil_div(N, ceil_div(N, im->nc)), NR);

    size_t a_floats = (size_t)round_up(mc_blk * kc_blk + 16, 16); /* + slack */
    size_t b_floats = (size_t)round_up(nc_blk * kc_blk, 16);
    float *abuf = (float *)pack_buffer((a_floats + b_floats) * sizeof(float));
    if (!abuf) {
        gemm_naive(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    float *bbuf = abuf + a_floats;
    float tmp[STUDIO_MAX_MR * STUDIO_MAX_NR] STUDIO_ALIGN64;

    for (isz jc = 0; jc < N; jc += nc_blk) {
        isz nc = N - jc < nc_blk ? N - jc : nc_blk;
        for (isz pc = 0; pc < K; pc += kc_blk) {
            isz kc = K - pc < kc_blk ? K - pc : kc_blk;
            float beta_eff = pc == 0 ? beta : 1.0f;
            im->packb(tb, B, ldb, pc, jc, kc, nc, bbuf);
            for (isz ic = 0; ic < M; ic += mc_blk) {
                isz mc = M - ic < mc_blk ? M - ic : mc_blk;
                im->packa(ta, A, lda, ic, pc, mc, kc, abuf);
                for (isz jr = 0; jr < nc; jr += NR) {
                    isz nr = nc - jr < NR ? nc - jr : NR;
                    const float *bp = bbuf + jr * kc;
                    for (isz ir = 0; ir < mc; ir += MR) {
                        isz mr = mc - ir < MR ? mc - ir : MR;
                        const float *ap = abuf + ir * kc;
                        float *c = C + (ic + ir) * ldc + jc + jr;
                        if (mr == MR && nr == NR) {
                            im->kern(kc, ap, bp, c, ldc, alpha, beta_eff);
                        } else {
                            im->kern(kc, ap, bp, tmp, NR, alpha, 0.0f);
                            for (isz r = 0; r < mr; r++) {
                                float *cr = c + r * ldc;
                                const float *tr = tmp + r * NR;
                                if (beta_eff == 0.0f)
                                    for (isz j = 0; j < nr; j++) cr[j] = tr[j];
                                else
                                    for (isz j = 0; j < nr; j++) cr[j] = tr[j] + beta_eff * cr[j];
                            }
                        }
                    }
                }
            }
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* public API                                                                                 */
/* ------------------------------------------------------------------------------------------ */

static const gemm_impl *select_impl(void) {
#if STUDIO_X86
    if (studio_has_avx2()) return &impl_avx2;
#endif
    return &impl_generic;
}

const char *studio_sgemm_isa(void) {
#if STUDIO_X86
    if (studio_has_avx2()) return "avx2-fma";
#endif
    return "scalar";
}

void studio_sgemm(int trans_a, int trans_b, int M, int N, int K, float alpha, const float *A,
                  int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0.0f) {
        scale_c(M, N, beta, C, ldc);
        return;
    }
    gemm_blocked(select_impl(), trans_a != 0, trans_b != 0, M, N, K, alpha, A, lda, B, ldb, beta,
                 C, ldc);
}

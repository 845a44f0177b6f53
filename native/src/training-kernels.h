// The fused kernels of one training step (layer norm, GELU, softmax and its gradient, cross-entropy, AdamW):
// each is one pass over memory where the composite tfjs ops took several, spread over the pool by rows.
#pragma once
#include <cstdint>

namespace studio {

// y = (x − μ)·rstd·γ + β per row of x [n, d]; mean and rstd [n] are kept for the backward.
void layer_norm(const float *x, const float *gamma, const float *beta, long n, long d, float eps, float *y, float *mean,
                float *rstd);
// dx, and dγ = Σ_rows dy·x̂, dβ = Σ_rows dy (summed per task, then in task order: deterministic per thread count).
void layer_norm_grad(const float *dy, const float *x, const float *gamma, const float *mean, const float *rstd, long n,
                     long d, float *dx, float *dgamma, float *dbeta);

// Tanh-GELU as x·σ(2u), u = √(2/π)(x + 0.044715x³), and its derivative times dy.
void gelu(const float *x, long n, float *y);
void gelu_grad(const float *dy, const float *x, long n, float *dx);

// Softmax over the last axis of [rows, cols] of scale·x + mask, where row r adds mask row
// (r / group)·period + r % period: a [B, 1, T, T] mask on [B, H, T, T] scores has period T and group H·T.
void softmax(const float *x, const float *mask, long period, long group, float scale, long rows, long cols, float *y);
// ds = p ⊙ (dp − Σ_j dp·p), per row.
void softmax_grad(const float *p, const float *dp, long rows, long cols, float *ds);

// Per-row cross-entropy of logits [n, v] against labels [n]: loss = logsumexp(z) − z[label], p = softmax(z).
void cross_entropy(const float *logits, const int *labels, long n, long v, float *loss, float *probs);
// dz = (p − onehot(label))·dy[row].
void cross_entropy_grad(const float *probs, const int *labels, const float *dy, long n, long v, float *dz);

struct AdamW {
  float lr, beta1, beta2, eps, bc1, bc2, decay;  // decay multiplies p (1 − lr·wd, or 1 for no decay)
};
// g = g0·coef; m' = β1·m + (1−β1)·g; v' = β2·v + (1−β2)·g²; p' = decay·p − lr/bc1 · m' / (√v'/√bc2 + ε).
void adamw(const float *p, const float *g, const float *m, const float *v, float coef, long n, const AdamW &h,
           float *p_out, float *m_out, float *v_out);

// Inverted-dropout multipliers, the same stream as main/optim/random.ts's mulberry32(seed): element i is 0 when
// the generator's (i+1)-th draw is below rate, else 1/(1 − rate). mulberry32's state after i+1 draws is
// seed + (i+1)·0x6D2B79F5, so every element is computed independently, in parallel.
void dropout_mask(uint32_t seed, double rate, long n, float *out);

// Σ x², summed in a fixed order for a given thread count.
double sum_squares(const float *x, long n);

}  // namespace studio

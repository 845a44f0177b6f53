#include "training-kernels.h"

#include <cmath>
#include <vector>

#include "pool.h"
#include "vec-math.h"

namespace studio {
namespace {

// Rows per task: enough work per task that waking the pool pays (about 16k elements).
long row_grain(long cols) { return (1 << 14) / (cols > 0 ? cols : 1) + 1; }
constexpr long kElementGrain = 1 << 15;

// max over x[0, n) in eight independent lanes, so the loop vectorises (a single running max is a serial chain).
STUDIO_INLINE float row_max(const float *x, long n) {
  float lane[8];
  for (int k = 0; k < 8; k++) lane[k] = -INFINITY;
  long j = 0;
  for (; j + 8 <= n; j += 8)
    for (int k = 0; k < 8; k++) lane[k] = x[j + k] > lane[k] ? x[j + k] : lane[k];
  float mx = -INFINITY;
  for (; j < n; j++) mx = x[j] > mx ? x[j] : mx;
  for (int k = 0; k < 8; k++) mx = lane[k] > mx ? lane[k] : mx;
  return mx;
}

// The per-range bodies below are the vectorised loops; each kernel spreads its ranges over the pool.

STUDIO_CLONES void layer_norm_rows(const float *x, const float *gamma, const float *beta, long r0, long r1, long d,
                                   float eps, float *y, float *mean, float *rstd) {
  for (long r = r0; r < r1; r++) {
    const float *xr = x + r * d;
    float *yr = y + r * d;
    float s = 0;
    for (long j = 0; j < d; j++) s += xr[j];
    const float mu = s / d;
    float q = 0;
    for (long j = 0; j < d; j++) {
      const float c = xr[j] - mu;
      q += c * c;
    }
    const float rs = 1.0f / std::sqrt(q / d + eps);
    for (long j = 0; j < d; j++) yr[j] = (xr[j] - mu) * rs * gamma[j] + beta[j];
    mean[r] = mu;
    rstd[r] = rs;
  }
}

STUDIO_CLONES void layer_norm_grad_rows(const float *dy, const float *x, const float *gamma, const float *mean,
                                        const float *rstd, long r0, long r1, long d, float *dx, float *pg, float *pb) {
  for (long r = r0; r < r1; r++) {
    const float *xr = x + r * d, *dyr = dy + r * d;
    float *dxr = dx + r * d;
    const float mu = mean[r], rs = rstd[r];
    float sg = 0, sgx = 0;
    for (long j = 0; j < d; j++) {
      const float xh = (xr[j] - mu) * rs;
      const float gx = dyr[j] * gamma[j];
      sg += gx;
      sgx += gx * xh;
      pg[j] += dyr[j] * xh;
      pb[j] += dyr[j];
    }
    const float mg = sg / d, mgx = sgx / d;
    for (long j = 0; j < d; j++) {
      const float xh = (xr[j] - mu) * rs;
      dxr[j] = rs * (dyr[j] * gamma[j] - mg - xh * mgx);
    }
  }
}

constexpr float kGeluC = 0.7978845608028654f;  // √(2/π)
constexpr float kGeluA = 0.044715f;

STUDIO_CLONES void gelu_span(const float *x, long a, long b, float *y) {
  for (long i = a; i < b; i++) {
    const float v = x[i];
    y[i] = v * sigmoid_approx(v * (v * v * (2 * kGeluC * kGeluA) + 2 * kGeluC));
  }
}

STUDIO_CLONES void gelu_grad_span(const float *dy, const float *x, long a, long b, float *dx) {
  for (long i = a; i < b; i++) {
    const float v = x[i], v2 = v * v;
    const float s = sigmoid_approx(v * (v2 * (2 * kGeluC * kGeluA) + 2 * kGeluC));
    const float du2 = v2 * (2 * kGeluC * 3 * kGeluA) + 2 * kGeluC;
    dx[i] = dy[i] * (s + v * (s * (1 - s)) * du2);
  }
}

// p = softmax(z) for one row (p may be z); returns Σ exp(z − max z), with the max in *mx, for log-sum-exp.
STUDIO_INLINE float softmax_row(const float *z, float *p, long cols, float *mx) {
  *mx = row_max(z, cols);
  float s = 0;
  for (long j = 0; j < cols; j++) {
    const float e = exp_approx(z[j] - *mx);
    p[j] = e;
    s += e;
  }
  const float inv = 1.0f / s;
  for (long j = 0; j < cols; j++) p[j] *= inv;
  return s;
}

STUDIO_CLONES void softmax_rows(const float *x, const float *mask, long period, long group, float scale, long r0,
                                long r1, long cols, float *y) {
  for (long r = r0; r < r1; r++) {
    const float *xr = x + r * cols;
    float *yr = y + r * cols;
    if (mask != nullptr) {
      const float *mr = mask + ((r / group) * period + r % period) * cols;
      for (long j = 0; j < cols; j++) yr[j] = xr[j] * scale + mr[j];
    } else {
      for (long j = 0; j < cols; j++) yr[j] = xr[j] * scale;
    }
    float mx;
    softmax_row(yr, yr, cols, &mx);
  }
}

STUDIO_CLONES void softmax_grad_rows(const float *p, const float *dp, long r0, long r1, long cols, float *ds) {
  for (long r = r0; r < r1; r++) {
    const float *pr = p + r * cols, *dr = dp + r * cols;
    float *o = ds + r * cols;
    float dot = 0;
    for (long j = 0; j < cols; j++) dot += pr[j] * dr[j];
    for (long j = 0; j < cols; j++) o[j] = pr[j] * (dr[j] - dot);
  }
}

STUDIO_CLONES void cross_entropy_rows(const float *logits, const int *labels, long r0, long r1, long v, float *loss,
                                      float *probs) {
  for (long r = r0; r < r1; r++) {
    const float *z = logits + r * v;
    float *p = probs + r * v;
    float mx;
    const float s = softmax_row(z, p, v, &mx);
    const long label = labels[r];
    loss[r] = (label >= 0 && label < v) ? (mx - z[label]) + std::log(s) : NAN;
  }
}

STUDIO_CLONES void cross_entropy_grad_rows(const float *probs, const int *labels, const float *dy, long r0, long r1,
                                           long v, float *dz) {
  for (long r = r0; r < r1; r++) {
    const float *p = probs + r * v;
    float *o = dz + r * v;
    const float g = dy[r];
    for (long j = 0; j < v; j++) o[j] = p[j] * g;
    const long label = labels[r];
    if (label >= 0 && label < v) o[label] = (p[label] - 1.0f) * g;
  }
}

STUDIO_CLONES void adamw_span(const float *p, const float *g, const float *m, const float *v, float coef, long a,
                              long b, const AdamW &h, float *p_out, float *m_out, float *v_out) {
  const float inv_sqrt_bc2 = 1.0f / std::sqrt(h.bc2);
  const float step = h.lr / h.bc1;
  for (long i = a; i < b; i++) {
    const float gi = g[i] * coef;
    const float mi = m[i] * h.beta1 + gi * (1 - h.beta1);
    const float vi = v[i] * h.beta2 + gi * gi * (1 - h.beta2);
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p[i] * h.decay - (mi / (std::sqrt(vi) * inv_sqrt_bc2 + h.eps)) * step;
  }
}

STUDIO_CLONES void dropout_span(uint32_t seed, uint32_t limit, bool all, float keep, long a, long b, float *out) {
  for (long i = a; i < b; i++) {
    uint32_t t = seed + static_cast<uint32_t>(i + 1) * 0x6D2B79F5u;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    const uint32_t u = t ^ (t >> 14);
    out[i] = (all || u < limit) ? 0.0f : keep;
  }
}

STUDIO_CLONES double sum_squares_span(const float *x, long a, long b) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  long i = a;
  for (; i + 8 <= b; i += 8)
    for (int k = 0; k < 8; k++) acc[k] += x[i + k] * x[i + k];
  double s = 0;
  for (; i < b; i++) s += static_cast<double>(x[i]) * x[i];
  for (int k = 0; k < 8; k++) s += acc[k];
  return s;
}

}  // namespace

void layer_norm(const float *x, const float *gamma, const float *beta, long n, long d, float eps, float *y, float *mean,
                float *rstd) {
  parallel_range(n, row_grain(d), [&](long r0, long r1) { layer_norm_rows(x, gamma, beta, r0, r1, d, eps, y, mean, rstd); });
}

void layer_norm_grad(const float *dy, const float *x, const float *gamma, const float *mean, const float *rstd, long n,
                     long d, float *dx, float *dgamma, float *dbeta) {
  const int tasks = n * d < (1 << 14) ? 1 : pool_threads();
  std::vector<float> partial(static_cast<size_t>(tasks) * 2 * d, 0.0f);
  parallel_for(tasks, [&](int t) {
    float *pg = partial.data() + static_cast<size_t>(t) * 2 * d;
    layer_norm_grad_rows(dy, x, gamma, mean, rstd, n * t / tasks, n * (t + 1) / tasks, d, dx, pg, pg + d);
  });
  for (long j = 0; j < d; j++) {
    float g = 0, b = 0;
    for (int t = 0; t < tasks; t++) {
      g += partial[static_cast<size_t>(t) * 2 * d + j];
      b += partial[static_cast<size_t>(t) * 2 * d + d + j];
    }
    dgamma[j] = g;
    dbeta[j] = b;
  }
}

void gelu(const float *x, long n, float *y) {
  parallel_range(n, kElementGrain, [&](long a, long b) { gelu_span(x, a, b, y); });
}

void gelu_grad(const float *dy, const float *x, long n, float *dx) {
  parallel_range(n, kElementGrain, [&](long a, long b) { gelu_grad_span(dy, x, a, b, dx); });
}

void softmax(const float *x, const float *mask, long period, long group, float scale, long rows, long cols, float *y) {
  parallel_range(rows, row_grain(cols), [&](long r0, long r1) { softmax_rows(x, mask, period, group, scale, r0, r1, cols, y); });
}

void softmax_grad(const float *p, const float *dp, long rows, long cols, float *ds) {
  parallel_range(rows, row_grain(cols), [&](long r0, long r1) { softmax_grad_rows(p, dp, r0, r1, cols, ds); });
}

void cross_entropy(const float *logits, const int *labels, long n, long v, float *loss, float *probs) {
  parallel_range(n, row_grain(v), [&](long r0, long r1) { cross_entropy_rows(logits, labels, r0, r1, v, loss, probs); });
}

void cross_entropy_grad(const float *probs, const int *labels, const float *dy, long n, long v, float *dz) {
  parallel_range(n, row_grain(v), [&](long r0, long r1) { cross_entropy_grad_rows(probs, labels, dy, r0, r1, v, dz); });
}

void adamw(const float *p, const float *g, const float *m, const float *v, float coef, long n, const AdamW &h,
           float *p_out, float *m_out, float *v_out) {
  parallel_range(n, kElementGrain, [&](long a, long b) { adamw_span(p, g, m, v, coef, a, b, h, p_out, m_out, v_out); });
}

void dropout_mask(uint32_t seed, double rate, long n, float *out) {
  // u / 2^32 < rate ⇔ u < ⌈rate·2^32⌉ for an integer u; a limit of 2^32 drops everything.
  const double limit = std::ceil(rate * 4294967296.0);
  const bool all = limit >= 4294967296.0;
  const uint32_t lim = all ? 0u : static_cast<uint32_t>(limit);
  const float keep = static_cast<float>(1.0 / (1.0 - rate));
  parallel_range(n, kElementGrain, [&](long a, long b) { dropout_span(seed, lim, all, keep, a, b, out); });
}

double sum_squares(const float *x, long n) {
  const int tasks = n < (1 << 16) ? 1 : pool_threads();
  std::vector<double> partial(static_cast<size_t>(tasks), 0.0);
  parallel_for(tasks, [&](int t) { partial[t] = sum_squares_span(x, n * t / tasks, n * (t + 1) / tasks); });
  double s = 0;
  for (double p : partial) s += p;
  return s;
}

}  // namespace studio

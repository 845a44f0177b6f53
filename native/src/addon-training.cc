// N-API entry points of the fused training kernels and the data movers (slice, strided row copies).
#include <node_api.h>

#include <string>

#include "addon-training.h"
#include "copy.h"
#include "elementwise.h"
#include "napi-args.h"
#include "training-kernels.h"

namespace studio {
namespace {

// True when every array holds at least its stated element count; otherwise throws naming the argument.
bool sized(Args &a, std::initializer_list<std::pair<size_t, std::pair<size_t, double>>> checks) {
  if (!a.ok) return false;
  for (const auto &c : checks) {
    if (static_cast<double>(c.second.first) < c.second.second) {
      std::string what = "an array of at least " + std::to_string(static_cast<long long>(c.second.second)) + " elements";
      return a.fail(c.first, what.c_str());
    }
  }
  return true;
}

#define ENTRY(name) napi_value name(napi_env env, napi_callback_info info)

// copyRows(src, srcOffset, srcStride, dst, dstOffset, dstStride, rows, len)
ENTRY(CopyRows) {
  Args a(env, info, "copyRows", 8);
  size_t ns = 0, nd = 0;
  const float *src = a.floats(0, &ns);
  const double so = a.number(1), ss = a.number(2);
  float *dst = a.floats(3, &nd);
  const double doff = a.number(4), ds = a.number(5), rows = a.number(6), len = a.number(7);
  if (rows <= 0 || len <= 0) return undefined(env);
  if (!sized(a, {{0, {ns, so + (rows - 1) * ss + len}}, {3, {nd, doff + (rows - 1) * ds + len}}})) return nullptr;
  copy_rows(src + static_cast<long>(so), static_cast<long>(ss), dst + static_cast<long>(doff), static_cast<long>(ds),
            static_cast<long>(rows), static_cast<long>(len));
  return undefined(env);
}

// slice(x, out, shape, begin, size)
ENTRY(Slice) {
  Args a(env, info, "slice", 5);
  size_t nx = 0, no = 0, rank = 0, nb = 0, nsz = 0;
  const float *x = a.floats(0, &nx);
  float *out = a.floats(1, &no);
  const int *shape = a.ints(2, &rank);
  const int *begin = a.ints(3, &nb);
  const int *size = a.ints(4, &nsz);
  if (!a.ok) return nullptr;
  if (nb != rank || nsz != rank || rank == 0 || rank > 8) {
    a.fail(3, "begin and size arrays of the shape's rank (1 to 8)");
    return nullptr;
  }
  double total = 1, count = 1;
  for (size_t i = 0; i < rank; i++) {
    if (begin[i] < 0 || size[i] < 0 || begin[i] + size[i] > shape[i]) {
      a.fail(3, "a slice inside the shape");
      return nullptr;
    }
    total *= shape[i];
    count *= size[i];
  }
  if (!sized(a, {{0, {nx, total}}, {1, {no, count}}})) return nullptr;
  if (count > 0) slice(x, shape, begin, size, static_cast<int>(rank), out);
  return undefined(env);
}

// gatherRows(x, rows, inner, idx, out) → −1, or the first position whose index is out of range
ENTRY(GatherRows) {
  Args a(env, info, "gatherRows", 5);
  size_t nx, ni, no;
  const float *x = a.floats(0, &nx);
  const double rows = a.number(1), inner = a.number(2);
  const int *idx = a.ints(3, &ni);
  float *out = a.floats(4, &no);
  if (!sized(a, {{0, {nx, rows * inner}}, {4, {no, static_cast<double>(ni) * inner}}})) return nullptr;
  napi_value r;
  napi_create_double(env, static_cast<double>(gather_rows(x, static_cast<long>(rows), static_cast<long>(inner), idx, static_cast<long>(ni), out)), &r);
  return r;
}

// scatterAddRows(x, ids, inner, segments, out) → −1, or the first position whose id is ≥ segments
ENTRY(ScatterAddRows) {
  Args a(env, info, "scatterAddRows", 5);
  size_t nx, ni, no;
  const float *x = a.floats(0, &nx);
  const int *ids = a.ints(1, &ni);
  const double inner = a.number(2), segments = a.number(3);
  float *out = a.floats(4, &no);
  if (!sized(a, {{0, {nx, static_cast<double>(ni) * inner}}, {4, {no, segments * inner}}})) return nullptr;
  napi_value r;
  napi_create_double(env, static_cast<double>(scatter_add_rows(x, ids, static_cast<long>(ni), static_cast<long>(inner), static_cast<long>(segments), out)), &r);
  return r;
}

// layerNorm(x, gamma, beta, n, d, eps, y, mean, rstd)
ENTRY(LayerNorm) {
  Args a(env, info, "layerNorm", 9);
  size_t nx, ng, nb, ny, nm, nr;
  const float *x = a.floats(0, &nx), *g = a.floats(1, &ng), *b = a.floats(2, &nb);
  const double n = a.integer(3), d = a.integer(4);
  const float eps = static_cast<float>(a.number(5));
  float *y = a.floats(6, &ny), *mean = a.floats(7, &nm), *rstd = a.floats(8, &nr);
  if (!sized(a, {{0, {nx, n * d}}, {1, {ng, d}}, {2, {nb, d}}, {6, {ny, n * d}}, {7, {nm, n}}, {8, {nr, n}}}))
    return nullptr;
  layer_norm(x, g, b, static_cast<long>(n), static_cast<long>(d), eps, y, mean, rstd);
  return undefined(env);
}

// layerNormGrad(dy, x, gamma, mean, rstd, n, d, dx, dgamma, dbeta)
ENTRY(LayerNormGrad) {
  Args a(env, info, "layerNormGrad", 10);
  size_t ndy, nx, ng, nm, nr, ndx, ndg, ndb;
  const float *dy = a.floats(0, &ndy), *x = a.floats(1, &nx), *g = a.floats(2, &ng), *mean = a.floats(3, &nm),
              *rstd = a.floats(4, &nr);
  const double n = a.integer(5), d = a.integer(6);
  float *dx = a.floats(7, &ndx), *dg = a.floats(8, &ndg), *db = a.floats(9, &ndb);
  if (!sized(a, {{0, {ndy, n * d}}, {1, {nx, n * d}}, {2, {ng, d}}, {3, {nm, n}}, {4, {nr, n}}, {7, {ndx, n * d}},
                 {8, {ndg, d}}, {9, {ndb, d}}}))
    return nullptr;
  layer_norm_grad(dy, x, g, mean, rstd, static_cast<long>(n), static_cast<long>(d), dx, dg, db);
  return undefined(env);
}

// gelu(x, y)
ENTRY(Gelu) {
  Args a(env, info, "gelu", 2);
  size_t nx, ny;
  const float *x = a.floats(0, &nx);
  float *y = a.floats(1, &ny);
  if (!sized(a, {{1, {ny, static_cast<double>(nx)}}})) return nullptr;
  gelu(x, static_cast<long>(nx), y);
  return undefined(env);
}

// geluGrad(dy, x, dx)
ENTRY(GeluGrad) {
  Args a(env, info, "geluGrad", 3);
  size_t ndy, nx, ndx;
  const float *dy = a.floats(0, &ndy), *x = a.floats(1, &nx);
  float *dx = a.floats(2, &ndx);
  if (!sized(a, {{0, {ndy, static_cast<double>(nx)}}, {2, {ndx, static_cast<double>(nx)}}})) return nullptr;
  gelu_grad(dy, x, static_cast<long>(nx), dx);
  return undefined(env);
}

// softmax(x, mask | null, period, group, scale, rows, cols, y)
ENTRY(Softmax) {
  Args a(env, info, "softmax", 8);
  size_t nx, nm, ny;
  const float *x = a.floats(0, &nx), *mask = a.floats(1, &nm, true);
  const double period = a.number(2), group = a.number(3);
  const float scale = static_cast<float>(a.number(4));
  const double rows = a.number(5), cols = a.number(6);
  float *y = a.floats(7, &ny);
  if (!sized(a, {{0, {nx, rows * cols}}, {7, {ny, rows * cols}}})) return nullptr;
  if (mask != nullptr) {
    if (period < 1 || group < period) {
      a.fail(2, "a period ≥ 1 and a group ≥ period");
      return nullptr;
    }
    // The last row reads mask row ((rows − 1) / group)·period + (period − 1) at most.
    const double need = (static_cast<double>(static_cast<long>((rows - 1) / group)) * period + period) * cols;
    if (!sized(a, {{1, {nm, need}}})) return nullptr;
  }
  softmax(x, mask, static_cast<long>(period), static_cast<long>(group), scale, static_cast<long>(rows),
          static_cast<long>(cols), y);
  return undefined(env);
}

// softmaxGrad(p, dp, rows, cols, ds)
ENTRY(SoftmaxGrad) {
  Args a(env, info, "softmaxGrad", 5);
  size_t np, ndp, nds;
  const float *p = a.floats(0, &np), *dp = a.floats(1, &ndp);
  const double rows = a.number(2), cols = a.number(3);
  float *ds = a.floats(4, &nds);
  if (!sized(a, {{0, {np, rows * cols}}, {1, {ndp, rows * cols}}, {4, {nds, rows * cols}}})) return nullptr;
  softmax_grad(p, dp, static_cast<long>(rows), static_cast<long>(cols), ds);
  return undefined(env);
}

// crossEntropy(logits, labels, n, v, loss, probs)
ENTRY(CrossEntropy) {
  Args a(env, info, "crossEntropy", 6);
  size_t nz, nl, nloss, np;
  const float *z = a.floats(0, &nz);
  const int *labels = a.ints(1, &nl);
  const double n = a.number(2), v = a.number(3);
  float *loss = a.floats(4, &nloss), *probs = a.floats(5, &np);
  if (!sized(a, {{0, {nz, n * v}}, {1, {nl, n}}, {4, {nloss, n}}, {5, {np, n * v}}})) return nullptr;
  cross_entropy(z, labels, static_cast<long>(n), static_cast<long>(v), loss, probs);
  return undefined(env);
}

// crossEntropyGrad(probs, labels, dy, n, v, dz)
ENTRY(CrossEntropyGrad) {
  Args a(env, info, "crossEntropyGrad", 6);
  size_t np, nl, ndy, ndz;
  const float *p = a.floats(0, &np);
  const int *labels = a.ints(1, &nl);
  const float *dy = a.floats(2, &ndy);
  const double n = a.number(3), v = a.number(4);
  float *dz = a.floats(5, &ndz);
  if (!sized(a, {{0, {np, n * v}}, {1, {nl, n}}, {2, {ndy, n}}, {5, {ndz, n * v}}})) return nullptr;
  cross_entropy_grad(p, labels, dy, static_cast<long>(n), static_cast<long>(v), dz);
  return undefined(env);
}

// adamw(p, g, m, v, coef, lr, beta1, beta2, eps, bc1, bc2, decay, pOut, mOut, vOut)
ENTRY(AdamWUpdate) {
  Args a(env, info, "adamw", 15);
  size_t np, ng, nm, nv, npo, nmo, nvo;
  const float *p = a.floats(0, &np), *g = a.floats(1, &ng), *m = a.floats(2, &nm), *v = a.floats(3, &nv);
  const float coef = static_cast<float>(a.number(4));
  AdamW h{};
  h.lr = static_cast<float>(a.number(5));
  h.beta1 = static_cast<float>(a.number(6));
  h.beta2 = static_cast<float>(a.number(7));
  h.eps = static_cast<float>(a.number(8));
  h.bc1 = static_cast<float>(a.number(9));
  h.bc2 = static_cast<float>(a.number(10));
  h.decay = static_cast<float>(a.number(11));
  float *po = a.floats(12, &npo), *mo = a.floats(13, &nmo), *vo = a.floats(14, &nvo);
  const double n = static_cast<double>(np);
  if (!sized(a, {{1, {ng, n}}, {2, {nm, n}}, {3, {nv, n}}, {12, {npo, n}}, {13, {nmo, n}}, {14, {nvo, n}}})) return nullptr;
  adamw(p, g, m, v, coef, static_cast<long>(np), h, po, mo, vo);
  return undefined(env);
}

// dropoutMask(seed, rate, out)
ENTRY(DropoutMask) {
  Args a(env, info, "dropoutMask", 3);
  const double seed = a.number(0), rate = a.number(1);
  size_t n = 0;
  float *out = a.floats(2, &n);
  if (!a.ok) return nullptr;
  if (!(seed >= 0 && seed <= 4294967295.0) || !(rate >= 0 && rate < 1)) {
    a.fail(0, "a 32-bit unsigned seed and a rate in [0, 1)");
    return nullptr;
  }
  dropout_mask(static_cast<uint32_t>(seed), rate, static_cast<long>(n), out);
  return undefined(env);
}

// binary(op, a, b, out): out[i] = a[i mod |a|] op b[i mod |b|], op 0 add, 1 sub, 2 mul
ENTRY(Binary) {
  Args a(env, info, "binary", 4);
  const int op = a.integer(0);
  size_t na, nb, no;
  const float *x = a.floats(1, &na), *y = a.floats(2, &nb);
  float *out = a.floats(3, &no);
  if (!a.ok) return nullptr;
  if (op < 0 || op > 2) {
    a.fail(0, "0 (add), 1 (sub) or 2 (mul)");
    return nullptr;
  }
  if (na == 0 || nb == 0 || no % na != 0 || no % nb != 0) {
    a.fail(1, "operands whose sizes divide the output's");
    return nullptr;
  }
  binary(static_cast<BinaryOp>(op), x, static_cast<long>(na), y, static_cast<long>(nb), out, static_cast<long>(no));
  return undefined(env);
}

// sumSquares(x) → Σ x²
ENTRY(SumSquares) {
  Args a(env, info, "sumSquares", 1);
  size_t n = 0;
  const float *x = a.floats(0, &n);
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_double(env, sum_squares(x, static_cast<long>(n)), &out);
  return out;
}

#undef ENTRY

}  // namespace

void define_training_kernels(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"copyRows", nullptr, CopyRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"slice", nullptr, Slice, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gatherRows", nullptr, GatherRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"scatterAddRows", nullptr, ScatterAddRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNorm", nullptr, LayerNorm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNormGrad", nullptr, LayerNormGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gelu", nullptr, Gelu, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"geluGrad", nullptr, GeluGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmax", nullptr, Softmax, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmaxGrad", nullptr, SoftmaxGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"crossEntropy", nullptr, CrossEntropy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"crossEntropyGrad", nullptr, CrossEntropyGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamw", nullptr, AdamWUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"dropoutMask", nullptr, DropoutMask, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumSquares", nullptr, SumSquares, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}

}  // namespace studio

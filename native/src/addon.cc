// The addon's N-API surface. Every entry point checks that the arrays it is given hold what the shapes say,
// so a wrong call from JavaScript throws instead of reading or writing past a buffer.
#include <node_api.h>

#include <string>

#include "addon-training.h"
#include "blas.h"
#include "gemm.h"
#include "napi-args.h"
#include "pool.h"
#include "sgemm.h"
#include "transpose.h"

namespace studio {
namespace {

bool fits(Args &a, size_t i, size_t have, double need) {
  if (static_cast<double>(have) < need) {
    std::string what = "an array of at least " + std::to_string(static_cast<long long>(need)) + " elements";
    return a.fail(i, what.c_str());
  }
  return true;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value obj, blas, threads, isa;
  napi_create_object(env, &obj);
  std::string name = blas_name();
  napi_create_string_utf8(env, name.c_str(), name.size(), &blas);
  napi_create_int32(env, pool_threads(), &threads);
  napi_create_string_utf8(env, studio_sgemm_isa(), NAPI_AUTO_LENGTH, &isa);
  napi_set_named_property(env, obj, "blas", blas);
  napi_set_named_property(env, obj, "threads", threads);
  napi_set_named_property(env, obj, "isa", isa);
  return obj;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a(env, info, "setThreads", 1);
  int n = a.integer(0);
  if (!a.ok) return nullptr;
  pool_set_threads(n);
  return undefined(env);
}

// gemm(batch, M, N, K, transA, transB, A, strideA, B, strideB, C, bias | null)
napi_value Gemm(napi_env env, napi_callback_info info) {
  Args a(env, info, "gemm", 12);
  const int batch = a.integer(0), M = a.integer(1), N = a.integer(2), K = a.integer(3);
  const bool ta = a.boolean(4), tb = a.boolean(5);
  size_t na = 0, nb = 0, nc = 0, nbias = 0;
  const float *A = a.floats(6, &na);
  const long sa = a.integer(7);
  const float *B = a.floats(8, &nb);
  const long sb = a.integer(9);
  float *C = a.floats(10, &nc);
  const float *bias = a.floats(11, &nbias, true);
  if (!a.ok) return nullptr;
  if (batch < 0 || M < 0 || N < 0 || K < 0 || sa < 0 || sb < 0) {
    a.fail(0, "non-negative sizes and strides");
    return nullptr;
  }
  const double mk = static_cast<double>(M) * K, kn = static_cast<double>(K) * N;
  if (batch > 0 && !(fits(a, 6, na, (batch - 1.0) * sa + mk) && fits(a, 8, nb, (batch - 1.0) * sb + kn) &&
                     fits(a, 10, nc, static_cast<double>(batch) * M * N) && (bias == nullptr || fits(a, 11, nbias, N))))
    return nullptr;
  batched_gemm(batch, M, N, K, ta, tb, A, sa, B, sb, C, bias);
  return undefined(env);
}

// transpose(x, out, shape: Int32Array, perm: Int32Array)
napi_value Transpose(napi_env env, napi_callback_info info) {
  Args a(env, info, "transpose", 4);
  size_t nx = 0, nout = 0, rank = 0, nperm = 0;
  const float *x = a.floats(0, &nx);
  float *out = a.floats(1, &nout);
  const int *shape = a.ints(2, &rank);
  const int *perm = a.ints(3, &nperm);
  if (!a.ok) return nullptr;
  if (nperm != rank || rank > 8) {
    a.fail(3, "a permutation of the shape's axes (rank ≤ 8)");
    return nullptr;
  }
  double total = 1;
  bool seen[8] = {false};
  for (size_t i = 0; i < rank; i++) {
    total *= shape[i];
    if (perm[i] < 0 || perm[i] >= static_cast<int>(rank) || seen[perm[i]]) {
      a.fail(3, "a permutation of the shape's axes");
      return nullptr;
    }
    seen[perm[i]] = true;
  }
  if (!(fits(a, 0, nx, total) && fits(a, 1, nout, total))) return nullptr;
  transpose(x, out, shape, perm, static_cast<int>(rank));
  return undefined(env);
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  define_training_kernels(env, exports);
  return exports;
}

}  // namespace
}  // namespace studio

NAPI_MODULE(NODE_GYP_MODULE_NAME, studio::Init)

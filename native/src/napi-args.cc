#include "napi-args.h"

#include <string>

namespace studio {

Args::Args(napi_env e, napi_callback_info info, const char *name, size_t expected) : env(e), fn(name) {
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < expected) {
    std::string msg = std::string(fn) + ": expected " + std::to_string(expected) + " arguments, got " + std::to_string(argc);
    napi_throw_type_error(env, nullptr, msg.c_str());
    ok = false;
  }
}

bool Args::fail(size_t i, const char *what) {
  if (ok) {
    std::string msg = std::string(fn) + ": argument " + std::to_string(i) + " must be " + what;
    napi_throw_type_error(env, nullptr, msg.c_str());
  }
  ok = false;
  return false;
}

double Args::number(size_t i) {
  double v = 0;
  if (!ok || napi_get_value_double(env, argv[i], &v) != napi_ok) fail(i, "a number");
  return v;
}

int Args::integer(size_t i) {
  int32_t v = 0;
  if (!ok || napi_get_value_int32(env, argv[i], &v) != napi_ok) fail(i, "an integer");
  return v;
}

bool Args::boolean(size_t i) {
  bool v = false;
  if (!ok || napi_get_value_bool(env, argv[i], &v) != napi_ok) fail(i, "a boolean");
  return v;
}

namespace {
void *typed(Args &a, size_t i, napi_typedarray_type want, size_t *length, bool nullable, const char *what) {
  if (!a.ok) return nullptr;
  napi_valuetype vt;
  napi_typeof(a.env, a.argv[i], &vt);
  if (nullable && (vt == napi_null || vt == napi_undefined)) {
    if (length) *length = 0;
    return nullptr;
  }
  bool is = false;
  napi_is_typedarray(a.env, a.argv[i], &is);
  napi_typedarray_type type;
  size_t n = 0;
  void *data = nullptr;
  if (!is || napi_get_typedarray_info(a.env, a.argv[i], &type, &n, &data, nullptr, nullptr) != napi_ok || type != want) {
    a.fail(i, what);
    return nullptr;
  }
  if (length) *length = n;
  return data;
}
}  // namespace

float *Args::floats(size_t i, size_t *length, bool nullable) {
  return static_cast<float *>(typed(*this, i, napi_float32_array, length, nullable, "a Float32Array"));
}

int *Args::ints(size_t i, size_t *length) {
  return static_cast<int *>(typed(*this, i, napi_int32_array, length, false, "an Int32Array"));
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

}  // namespace studio

// Argument readers for the N-API entry points. Each throws a JS TypeError naming the argument and returns
// false, so an entry point can bail out with `if (!read...) return nullptr;`.
#pragma once
#include <node_api.h>

#include <cstddef>

namespace studio {

struct Args {
  napi_env env;
  const char *fn;
  napi_value argv[16];
  size_t argc = 16;
  bool ok = true;

  Args(napi_env e, napi_callback_info info, const char *name, size_t expected);
  bool fail(size_t i, const char *what);
  int integer(size_t i);
  double number(size_t i);
  bool boolean(size_t i);
  // A Float32Array / Int32Array view; `nullable` accepts null or undefined (returns nullptr). `length` gets the element count.
  float *floats(size_t i, size_t *length, bool nullable = false);
  int *ints(size_t i, size_t *length);
};

napi_value undefined(napi_env env);

}  // namespace studio

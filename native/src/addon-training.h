#pragma once
#include <node_api.h>

namespace studio {
void define_training_kernels(napi_env env, napi_value exports);
}

{
  "targets": [
    {
      "target_name": "studio_kernels",
      "sources": [
        "src/addon.cc",
        "src/napi-args.cc",
        "src/pool.cc",
        "src/blas.cc",
        "src/gemm.cc",
        "src/transpose.cc",
        "src/copy.cc",
        "src/elementwise.cc",
        "src/training-kernels.cc",
        "src/addon-training.cc",
        "src/sgemm.c"
      ],
      "cflags": ["-O3", "-fno-math-errno", "-fno-trapping-math"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "ldflags": ["-pthread"],
      "libraries": ["-ldl"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS=='mac'", {
          "libraries!": ["-ldl"],
          "xcode_settings": {
            "OTHER_CFLAGS": ["-O3"],
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17"],
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          }
        }],
        ["OS=='win'", {
          "libraries!": ["-ldl"]
        }]
      ]
    }
  ]
}

# -*- Python -*-
import os
import shutil

import lit.formats
import lit.util
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "compress"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.compress_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs", "Unit", "consumer"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# `not`, `count`, FileCheck and the MLIR tools come from LLVM's bin directory.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.compress_tools_dir, append_path=True)

tool_dirs = [config.compress_tools_dir, config.llvm_tools_dir]
tools = [
    "compress-opt",
    "compress-capi-test",
    ToolSubst("%mlir-opt", os.path.join(config.llvm_tools_dir, "mlir-opt")),
    "mlir-runner",
    "mlir-translate",
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

runner_libs = ",".join(
    os.path.join(config.llvm_lib_dir, lib)
    for lib in ["libmlir_runner_utils.so", "libmlir_c_runner_utils.so"])
config.substitutions.append(("%mlir_runner_libs", runner_libs))
# Execute a lowered module's `main` with the upstream JIT at -O2.
# %run-main-omp also loads the OpenMP runtime (threads=N modules).
libomp = next((p for p in [os.path.join(config.llvm_lib_dir, "libomp.so"),
                           "/usr/lib/x86_64-linux-gnu/libomp.so.5"]
               if os.path.exists(p)), None)
if libomp:
    config.available_features.add("openmp")
    config.substitutions.append(
        ("%run-main-omp",
         f"mlir-runner -O2 -e main -entry-point-result=void -shared-libs={runner_libs},{libomp}"))
config.substitutions.append(
    ("%run-main",
     f"mlir-runner -O2 -e main -entry-point-result=void -shared-libs={runner_libs}"))
config.substitutions.append(("%compress_lib_dir", config.compress_lib_dir))
config.substitutions.append(("%compress_src_root", config.compress_src_root))
config.substitutions.append(("%compress_obj_root", config.compress_obj_root))
config.substitutions.append(("%mlir_dir", config.mlir_dir))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))
config.substitutions.append(("%c_compiler", config.c_compiler))
config.substitutions.append(("%cmake_generator", config.cmake_generator))

# Debian's numpy lives with /usr/bin/python3, not with a pyenv python on PATH.
debian_python = "/usr/bin/python3"
config.substitutions.append(("%python", debian_python))
if os.path.exists(debian_python) and lit.util.which("python3"):
    import subprocess
    if subprocess.call([debian_python, "-c", "import numpy"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
        config.available_features.add("numpy")
    if subprocess.call([debian_python, "-c", "import sklearn"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
        config.available_features.add("sklearn")

if os.path.exists(os.path.join(config.compress_lib_dir, "CompressPlugin.so")):
    config.available_features.add("plugin")
if config.link_mlir_dylib in ("ON", "1", "TRUE"):
    config.available_features.add("mlir-dylib")

# CPU features of the machine running the tests (executed VNNI / AMX tests).
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((l.split(":", 1)[1].split() for l in cpuinfo if l.startswith("flags")), [])
    for flag in ["avx512f", "avx512_vnni", "amx_int8"]:
        if flag in flags:
            config.available_features.add(flag)
except OSError:
    pass

# CUDA's PTX assembler validates generated PTX where the toolkit is installed
# (no GPU needed); `cuda-gpu` marks a machine that can run kernels.
ptxas = os.environ.get("COMPRESS_PTXAS", "/usr/local/cuda/bin/ptxas")
if os.path.exists(ptxas):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
if os.path.exists("/dev/nvidia0") or os.path.exists("/dev/nvidiactl"):
    config.available_features.add("cuda-gpu")
if os.path.exists(os.path.join(config.compress_lib_dir, "libcompress_cuda_runtime.so")):
    config.available_features.add("cuda-runtime")

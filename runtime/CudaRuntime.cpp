//===- CudaRuntime.cpp - the mgpu* entry points over the CUDA driver API --===//
//
// Host code lowered by --compress-gpu-pipeline (gpu-to-llvm, then
// mlir-translate) calls these functions to load the embedded PTX, launch
// kernels on streams and manage memory. Debian ships no MLIR CUDA runtime,
// so compress provides this one; it needs only the driver API (libcuda).
// Every failing call prints what failed and why and aborts: a kernel that
// did not run must not look like one that did.
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

void check(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return;
  std::fflush(stdout);
  const char *name = "?", *text = "?";
  cuGetErrorName(result, &name);
  cuGetErrorString(result, &text);
  std::fprintf(stderr, "compress CUDA runtime: %s failed: %s (%s)\n", what,
               name, text);
  std::abort();
}

/// The primary context of device 0, made current on the calling thread.
void useContext() {
  static CUcontext context = [] {
    check(cuInit(0), "cuInit");
    CUdevice device;
    check(cuDeviceGet(&device, 0), "cuDeviceGet");
    CUcontext c;
    check(cuDevicePrimaryCtxRetain(&c, device), "cuDevicePrimaryCtxRetain");
    return c;
  }();
  check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
}

/// COMPRESS_CUDA_PROFILE=1: each kernel's device time (CUDA events around
/// the launch), printed to stderr when its stream is synchronized — what a
/// compiled function's kernels take, apart from allocation and the host.
bool profiling() {
  static const bool enabled = [] {
    const char *value = std::getenv("COMPRESS_CUDA_PROFILE");
    return value && *value && *value != '0';
  }();
  return enabled;
}

struct TimedLaunch {
  CUfunction function = nullptr;
  CUstream stream = nullptr;
  CUevent start = nullptr, stop = nullptr;
};

std::vector<TimedLaunch> &pendingLaunches() {
  static std::vector<TimedLaunch> launches;
  return launches;
}

void reportKernelTimes(CUstream stream) {
  std::vector<TimedLaunch> &launches = pendingLaunches();
  for (auto it = launches.begin(); it != launches.end();) {
    if (it->stream != stream) {
      ++it;
      continue;
    }
    float ms = 0;
    check(cuEventElapsedTime(&ms, it->start, it->stop), "cuEventElapsedTime");
    const char *name = "kernel";
#if CUDA_VERSION >= 12030
    if (cuFuncGetName(&name, it->function) != CUDA_SUCCESS)
      name = "kernel";
#endif
    std::fprintf(stderr, "compress CUDA profile: %s %.3f ms\n", name, ms);
    check(cuEventDestroy(it->start), "cuEventDestroy");
    check(cuEventDestroy(it->stop), "cuEventDestroy");
    it = launches.erase(it);
  }
}

} // namespace

extern "C" {

/// PTX text (gpu-module-to-binary format=isa): JIT-compiled by the driver.
CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  useContext();
  CUmodule module;
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  check(cuModuleLoadDataEx(&module, data, 1, options, values),
        "cuModuleLoadDataEx (PTX)");
  return module;
}

/// cubin or fatbin (format=bin / fatbin).
CUmodule mgpuModuleLoad(void *data, size_t /*size*/) {
  useContext();
  CUmodule module;
  check(cuModuleLoadData(&module, data), "cuModuleLoadData");
  return module;
}

void mgpuModuleUnload(CUmodule module) {
  // Modules are unloaded by a global destructor; at process exit the driver
  // may already be shut down, which is not an error.
  CUresult result = cuModuleUnload(module);
  if (result != CUDA_ERROR_DEINITIALIZED)
    check(result, "cuModuleUnload");
}

CUfunction mgpuModuleGetFunction(CUmodule module, const char *name) {
  CUfunction function;
  check(cuModuleGetFunction(&function, module, name), "cuModuleGetFunction");
  return function;
}

CUstream mgpuStreamCreate() {
  useContext();
  CUstream stream;
  check(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  return stream;
}

void mgpuStreamDestroy(CUstream stream) {
  check(cuStreamDestroy(stream), "cuStreamDestroy");
}

void mgpuStreamSynchronize(CUstream stream) {
  check(cuStreamSynchronize(stream), "cuStreamSynchronize (kernel execution)");
  reportKernelTimes(stream);
}

void mgpuLaunchKernel(CUfunction function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemBytes, CUstream stream,
                      void **params, void **extra, size_t /*paramsCount*/) {
  TimedLaunch timed;
  if (profiling()) {
    timed.function = function;
    timed.stream = stream;
    check(cuEventCreate(&timed.start, CU_EVENT_DEFAULT), "cuEventCreate");
    check(cuEventCreate(&timed.stop, CU_EVENT_DEFAULT), "cuEventCreate");
    check(cuEventRecord(timed.start, stream), "cuEventRecord");
  }
  check(cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ,
                       sharedMemBytes, stream, params, extra),
        "cuLaunchKernel");
  if (profiling()) {
    check(cuEventRecord(timed.stop, stream), "cuEventRecord");
    pendingLaunches().push_back(timed);
  }
}

/// Device memory, or managed memory (host and device) when `isHostShared`.
/// Managed memory starts populated on the device: in compiled code kernels
/// write it first (results, temporaries the host reads), and populating it
/// in one prefetch spares the kernels a page fault per page on first touch.
/// Pages the host then writes or reads migrate back on demand. A failed
/// prefetch is only a lost optimization.
void *mgpuMemAlloc(uint64_t bytes, CUstream /*stream*/, bool isHostShared) {
  useContext();
  if (bytes == 0)
    return nullptr;
  CUdeviceptr pointer = 0;
  if (!isHostShared) {
    check(cuMemAlloc(&pointer, bytes), "cuMemAlloc");
    return reinterpret_cast<void *>(pointer);
  }
  check(cuMemAllocManaged(&pointer, bytes, CU_MEM_ATTACH_GLOBAL),
        "cuMemAllocManaged");
  CUdevice device;
  check(cuCtxGetDevice(&device), "cuCtxGetDevice");
#if CUDA_VERSION >= 13000
  CUmemLocation location = {};
  location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  location.id = device;
  CUresult prefetched =
      cuMemPrefetchAsync(pointer, bytes, location, 0, nullptr);
#else
  CUresult prefetched = cuMemPrefetchAsync(pointer, bytes, device, nullptr);
#endif
  if (prefetched == CUDA_SUCCESS)
    check(cuStreamSynchronize(nullptr), "cuStreamSynchronize (prefetch)");
  return reinterpret_cast<void *>(pointer);
}

void mgpuMemFree(void *pointer, CUstream stream) {
  if (!pointer)
    return;
  if (stream)
    check(cuStreamSynchronize(stream), "cuStreamSynchronize (before free)");
  check(cuMemFree(reinterpret_cast<CUdeviceptr>(pointer)), "cuMemFree");
}

void mgpuMemcpy(void *dst, void *src, size_t bytes, CUstream stream) {
  check(cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                      reinterpret_cast<CUdeviceptr>(src), bytes, stream),
        "cuMemcpyAsync");
}

void mgpuMemset32(void *dst, unsigned value, size_t count, CUstream stream) {
  check(cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value, count,
                         stream),
        "cuMemsetD32Async");
}

CUevent mgpuEventCreate() {
  useContext();
  CUevent event;
  check(cuEventCreate(&event, CU_EVENT_DISABLE_TIMING), "cuEventCreate");
  return event;
}

void mgpuEventDestroy(CUevent event) {
  check(cuEventDestroy(event), "cuEventDestroy");
}

void mgpuEventSynchronize(CUevent event) {
  check(cuEventSynchronize(event), "cuEventSynchronize");
}

void mgpuEventRecord(CUevent event, CUstream stream) {
  check(cuEventRecord(event, stream), "cuEventRecord");
}

void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  check(cuStreamWaitEvent(stream, event, 0), "cuStreamWaitEvent");
}

} // extern "C"

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
#include <unordered_map>
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

/// COMPRESS_CUDA_ALLOC_CACHE=0: every allocation from the driver and every
/// free back to it (cuMemAlloc / cuMemAllocManaged / cuMemFree), to rule the
/// caching below out when something goes wrong.
bool cachingAllocations() {
  static const bool enabled = [] {
    const char *value = std::getenv("COMPRESS_CUDA_ALLOC_CACHE");
    return !value || *value != '0';
  }();
  return enabled;
}

/// Whether device 0 has a stream-ordered memory pool; if so, the pool keeps
/// what is freed (release threshold: unlimited) instead of returning it to
/// the driver at every synchronization.
bool usePool() {
  static const bool enabled = [] {
    CUdevice device;
    check(cuCtxGetDevice(&device), "cuCtxGetDevice");
    // Any failure here only means plain cuMemAlloc / cuMemFree.
    if (!cachingAllocations())
      return false;
    int supported = 0;
    CUmemoryPool pool;
    cuuint64_t keepAll = ~cuuint64_t(0);
    return cuDeviceGetAttribute(&supported,
                                CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED,
                                device) == CUDA_SUCCESS &&
           supported &&
           cuDeviceGetDefaultMemPool(&pool, device) == CUDA_SUCCESS &&
           cuMemPoolSetAttribute(pool, CU_MEMPOOL_ATTR_RELEASE_THRESHOLD,
                                 &keepAll) == CUDA_SUCCESS;
  }();
  return enabled;
}

/// Device memory usable by any stream once this returns: the allocation is
/// ordered on `stream` (the null stream when none), then waited for.
CUdeviceptr allocateDevice(uint64_t bytes, CUstream stream) {
  CUdeviceptr pointer = 0;
  if (!usePool()) {
    check(cuMemAlloc(&pointer, bytes), "cuMemAlloc");
    return pointer;
  }
  check(cuMemAllocAsync(&pointer, bytes, stream), "cuMemAllocAsync");
  check(cuStreamSynchronize(stream), "cuStreamSynchronize (allocation)");
  return pointer;
}

/// Back to the pool after `stream`'s work; with no stream, after all work
/// (what cuMemFree's implicit synchronization guaranteed).
void freeDevice(CUdeviceptr pointer, CUstream stream) {
  if (!usePool()) {
    if (stream)
      check(cuStreamSynchronize(stream), "cuStreamSynchronize (before free)");
    check(cuMemFree(pointer), "cuMemFree");
    return;
  }
  if (!stream)
    check(cuCtxSynchronize(), "cuCtxSynchronize (before free)");
  check(cuMemFreeAsync(pointer, stream), "cuMemFreeAsync");
}

void prefetchToDevice(CUdeviceptr pointer, uint64_t bytes) {
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
}

/// Managed allocations: freed blocks are kept by size for reuse, at most
/// kLimit bytes (the oldest go back to the driver first).
class ManagedCache {
public:
  CUdeviceptr allocate(uint64_t bytes) {
    for (auto it = freed.begin(); it != freed.end(); ++it) {
      if (it->bytes != bytes)
        continue;
      CUdeviceptr pointer = it->pointer;
      kept -= bytes;
      freed.erase(it);
      live[pointer] = bytes;
      return pointer;
    }
    CUdeviceptr pointer = 0;
    CUresult result = cuMemAllocManaged(&pointer, bytes, CU_MEM_ATTACH_GLOBAL);
    if (result == CUDA_ERROR_OUT_OF_MEMORY && !freed.empty()) {
      trimTo(0);
      result = cuMemAllocManaged(&pointer, bytes, CU_MEM_ATTACH_GLOBAL);
    }
    check(result, "cuMemAllocManaged");
    live[pointer] = bytes;
    return pointer;
  }

  /// Keeps a block this cache allocated; nothing may still be using it.
  void free(CUdeviceptr pointer) {
    auto it = live.find(pointer);
    if (it == live.end() || !cachingAllocations()) {
      if (it != live.end())
        live.erase(it);
      check(cuMemFree(pointer), "cuMemFree");
      return;
    }
    freed.push_back({pointer, it->second});
    kept += it->second;
    live.erase(it);
    trimTo(kLimit);
  }

private:
  void trimTo(uint64_t limit) {
    while (kept > limit && !freed.empty()) {
      check(cuMemFree(freed.front().pointer), "cuMemFree");
      kept -= freed.front().bytes;
      freed.erase(freed.begin());
    }
  }

  static constexpr uint64_t kLimit = uint64_t(4) << 30;
  struct Block {
    CUdeviceptr pointer;
    uint64_t bytes;
  };
  std::vector<Block> freed;
  std::unordered_map<CUdeviceptr, uint64_t> live;
  uint64_t kept = 0;
};

ManagedCache &managedCache() {
  static ManagedCache cache;
  return cache;
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
///
/// Device memory comes from the device's stream-ordered pool
/// (cuMemAllocAsync), which keeps freed memory for the next allocation: a
/// compiled function allocates its temporaries on every call, and
/// cuMemAlloc / cuMemFree cost a driver round trip each, cuMemFree an
/// implicit device synchronization too.
///
/// Managed memory starts populated on the device: in compiled code kernels
/// write it first (results, temporaries the host reads), and populating it
/// in one prefetch spares the kernels a page fault per page on first touch.
/// Pages the host then writes or reads migrate back on demand. A failed
/// prefetch is only a lost optimization. Freed managed blocks are kept for
/// reuse by size (ManagedCache), as PyTorch's caching allocator keeps
/// results: a caller that frees each call's result gets the same block back
/// next call, already on the device.
void *mgpuMemAlloc(uint64_t bytes, CUstream stream, bool isHostShared) {
  useContext();
  if (bytes == 0)
    return nullptr;
  if (!isHostShared)
    return reinterpret_cast<void *>(allocateDevice(bytes, stream));
  CUdeviceptr pointer = managedCache().allocate(bytes);
  prefetchToDevice(pointer, bytes);
  return reinterpret_cast<void *>(pointer);
}

/// Frees after `stream`'s work (all work when `stream` is null).
void mgpuMemFree(void *pointer, CUstream stream) {
  if (!pointer)
    return;
  useContext();
  CUdeviceptr address = reinterpret_cast<CUdeviceptr>(pointer);
  unsigned isManaged = 0;
  check(cuPointerGetAttribute(&isManaged, CU_POINTER_ATTRIBUTE_IS_MANAGED,
                              address),
        "cuPointerGetAttribute (is managed)");
  if (isManaged) {
    // Kept for reuse: nothing may still be using it.
    if (stream)
      check(cuStreamSynchronize(stream), "cuStreamSynchronize (before free)");
    else
      check(cuCtxSynchronize(), "cuCtxSynchronize (before free)");
    managedCache().free(address);
    return;
  }
  freeDevice(address, stream);
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

"""GEMM n^3 through PyTorch on the GPU: torch._int_mm (cuBLAS int8, tensor
cores), torch.matmul in fp16, and in fp32 without TF32 (what compress's f32
kernel computes); median of 20 runs after warm-up."""
import statistics
import sys

import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
a = torch.randint(-128, 128, (n, n), dtype=torch.int8, device="cuda")
b = torch.randint(-128, 128, (n, n), dtype=torch.int8, device="cuda")


def timed(fn):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(20):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times)


ms = timed(lambda: torch._int_mm(a, b))
print("torch._int_mm %d^3 (cuBLAS int8): %.3f ms (%.1f TOP/s)" % (n, ms, 2 * n ** 3 / ms / 1e9))
ah, bh = a.half(), b.half()
ms = timed(lambda: torch.matmul(ah, bh))
print("torch.matmul fp16 %d^3: %.3f ms (%.1f TFLOP/s)" % (n, ms, 2 * n ** 3 / ms / 1e9))
torch.backends.cuda.matmul.allow_tf32 = False
af, bf = a.float(), b.float()
ms = timed(lambda: torch.matmul(af, bf))
print("torch.matmul fp32 (no TF32) %d^3: %.3f ms (%.1f TFLOP/s)" % (n, ms, 2 * n ** 3 / ms / 1e9))

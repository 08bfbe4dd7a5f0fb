//===- run_checks.cpp - a GPU integration test's program on a GPU --------===//
//
// The `main` of test/Integration/GPU/int8-mma.mlir or float-matmul.mlir
// (renamed mma_checks / float_checks; CHECKS_ENTRY names it), compiled
// ahead of time by build.sh with --compress-gpu-pipeline, runs here without
// the MLIR runner libraries: the printing entry points its vector.print ops
// call are defined below (the same text the runner utilities print). run.sh
// compares the output with the test's CHECK lines.
//
//===----------------------------------------------------------------------===//

#include <cinttypes>
#include <cstdint>
#include <cstdio>

#ifndef CHECKS_ENTRY
#define CHECKS_ENTRY mma_checks
#endif

extern "C" {
void CHECKS_ENTRY();

void printI64(int64_t value) { std::printf("%" PRId64, value); }
void printF64(double value) { std::printf("%lg", value); }
void printNewline() { std::printf("\n"); }
void printString(const char *text) { std::printf("%s", text); }
}

int main() {
  CHECKS_ENTRY();
  return 0;
}

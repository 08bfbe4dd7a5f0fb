//===- run_checks.cpp - test/Integration/GPU/int8-mma.mlir on a GPU ------===//
//
// The integration test's `main` (renamed mma_checks), compiled ahead of
// time by build.sh with --compress-gpu-pipeline, runs here without the MLIR
// runner libraries: the three printing entry points its vector.print ops
// call are defined below (the same text the runner utilities print). run.sh
// compares the output with the test's CHECK lines.
//
//===----------------------------------------------------------------------===//

#include <cinttypes>
#include <cstdint>
#include <cstdio>

extern "C" {
void mma_checks();

void printI64(int64_t value) { std::printf("%" PRId64, value); }
void printNewline() { std::printf("\n"); }
void printString(const char *text) { std::printf("%s", text); }
}

int main() {
  mma_checks();
  return 0;
}

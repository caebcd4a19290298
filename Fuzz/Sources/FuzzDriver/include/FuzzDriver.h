#ifndef FUZZ_DRIVER_H
#define FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the process's arguments on `test_one_input` and returns its exit status.
///
/// SwiftPM links every executable target with `main` defined as `<Target>_main`, so libFuzzer's
/// own `main` is never used; each fuzz target defines `<Target>_main` and calls this instead.
int fuzz_driver_run(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif

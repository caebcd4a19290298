// glibc's allocator controls (<malloc.h>), which Swift's Glibc module does not import.
#ifndef HEADROOM_CMALLOCCONTROL_H
#define HEADROOM_CMALLOCCONTROL_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>

/// mallopt(M_ARENA_MAX, limit): 1 on success.
static inline int headroom_limit_malloc_arenas(int limit) { return mallopt(M_ARENA_MAX, limit); }

/// mallopt(M_MMAP_THRESHOLD, bytes): 1 on success. Setting it also stops glibc raising the
/// threshold each time a large block is freed.
static inline int headroom_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

/// malloc_trim(0): 1 when memory went back to the system.
static inline int headroom_malloc_trim(void) { return malloc_trim(0); }
#else
static inline int headroom_limit_malloc_arenas(int limit) { (void)limit; return 0; }
static inline int headroom_set_mmap_threshold(int bytes) { (void)bytes; return 0; }
static inline int headroom_malloc_trim(void) { return 0; }
#endif

#endif

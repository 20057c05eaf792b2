// What the sanitizers must not report in a TESSERA_SANITIZE build: findings inside Debian's
// libleveldb, which is not instrumented. Under TSan its memtable orders concurrent Get and Write
// with atomics TSan cannot see (LevelDB documents both as safe together); under LSan it keeps a
// few allocations after opening a database another writer left. Include this header in exactly
// one file of each executable (the one with main): the sanitizer runtimes call these hooks.
#pragma once

#if defined(__SANITIZE_THREAD__)
extern "C" const char* __tsan_default_suppressions() {
  return "race:libleveldb.so\n";
}
#endif

#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libleveldb.so\n";
}
#endif

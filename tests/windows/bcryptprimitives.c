/* Test scaffolding for Wine 8, never shipped: Wine 8 has no bcryptprimitives.dll, whose
   ProcessPrng Rust's standard library imports on Windows; this gives it from RtlGenRandom. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}

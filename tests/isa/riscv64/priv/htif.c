/* HTIF (Spike's host-target interface, as QEMU's -M spike implements it): every printable byte
   and a tab through the console device with the fromhost handshake, then a non-zero exit code
   (tohost = code << 1 | 1), which the runner compares like stdout. */
#include "runtime.h"

int main(void) {
  for (int c = ' '; c <= '~'; c++) htif_putchar((char)c);
  print("\n\ttab\n");
  REPORT("fromhost after the handshake", "value", fromhost);
  return 42;
}

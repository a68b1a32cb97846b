/* Layout of the register frame the trap entry (crt.S) saves, shared by assembly and C. */
#ifndef POLYVM_TESTS_ISA_RISCV64_PRIV_FRAME_H
#define POLYVM_TESTS_ISA_RISCV64_PRIV_FRAME_H

/* x1..x31 at 8 * n; slot 0 (x0 never needs saving) holds the vector entry number. */
#define FRAME_VECTOR 0
#define FRAME_SIZE (32 * 8)

/* a7 of the ecall with which code entered by enter_mode returns to M-mode. */
#define ECALL_RETURN 0x7e57

#endif

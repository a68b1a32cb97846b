/* Start-up and trap entry of the bare-metal privileged-ISA tests: _start runs main in M-mode and
   exits through HTIF; one trap vector per mode saves the registers and calls m_trap or s_trap. */
#include "frame.h"

  .section .text.init, "ax"
  .globl _start
_start:
  lla sp, __stack_top
  lla t0, __m_trap_stack_top
  csrw mscratch, t0
  lla t0, __s_trap_stack_top
  csrw sscratch, t0
  lla t0, m_trap_vector
  csrw mtvec, t0
  lla t0, s_trap_vector
  csrw stvec, t0
  /* FS = Initial, so code the compiler emits with FP registers cannot trap. */
  li t0, 1 << 13
  csrs mstatus, t0
  lla t0, __bss_start
  lla t1, __bss_end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  call main
  call htif_exit

/* TRAP_VECTOR m|s: the vector table <p>_trap_vector (entry 0 for exceptions and direct mode,
   entry n for interrupt n in vectored mode) and the common entry. Each entry stores its number
   in the frame (FRAME_VECTOR), so a test sees which one the hart used. The handler runs on the
   stack in <p>scratch; the interrupted sp is saved in the frame and restored last. */
.macro TRAP_VECTOR p
  .text
  .balign 64
  .globl \p\()_trap_vector
\p\()_trap_vector:
  .option push
  .option norvc             /* every entry one 4-byte jump */
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  j \p\()_vector_\n
  .endr
  .option pop
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
\p\()_vector_\n:
  csrrw sp, \p\()scratch, sp
  addi sp, sp, -FRAME_SIZE
  sd t0, 5 * 8(sp)
  li t0, \n
  j \p\()_trap_save
  .endr
\p\()_trap_save:
  sd t0, FRAME_VECTOR(sp)
  sd x1, 1 * 8(sp)
  .irp n, 3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sd x\n, \n * 8(sp)
  .endr
  csrr t0, \p\()scratch
  sd t0, 2 * 8(sp)
  mv a0, sp
  call \p\()_trap
  addi t0, sp, FRAME_SIZE
  csrw \p\()scratch, t0
  ld x1, 1 * 8(sp)
  .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  ld x\n, \n * 8(sp)
  .endr
  ld sp, 2 * 8(sp)
  \p\()ret
.endm

  TRAP_VECTOR m
  TRAP_VECTOR s

/* u64 context_save(struct context *c): returns 0; context_restore(c) later returns 1 from it. */
.macro CONTEXT op
  \op ra, 0(a0)
  \op sp, 8(a0)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  \op s\n, (2 + \n) * 8(a0)
  .endr
.endm

  .text
  .globl context_save
context_save:
  CONTEXT sd
  li a0, 0
  ret

  .globl context_restore
context_restore:
  CONTEXT ld
  li a0, 1
  ret

/* enter_mode(a0 = function, a1 = argument, a2 = mstatus.MPP value, a3 = sp): mret into the
   function in that mode; it returns to mode_return, whose ecall brings the hart back to M.
   U code returns through the copy on a .user page, S code through the one on an S page: under
   translation neither mode may fetch from the other's pages. */
  .globl enter_mode
enter_mode:
  csrw mepc, a0
  li t0, 3 << 11
  csrc mstatus, t0
  lla ra, mode_return_u
  beqz a2, 1f
  lla ra, mode_return_s
1:
  slli a2, a2, 11
  csrs mstatus, a2
  mv sp, a3
  mv a0, a1
  li a7, 0
  mret

mode_return_s:
  li a7, ECALL_RETURN
  ecall

  .section .user.text, "ax"
mode_return_u:
  li a7, ECALL_RETURN
  ecall

/* u64 probe_target(void): returns 0x42; alone on its page, which the tests map at other
   addresses with other permissions to fetch from. */
  .text
  .balign 4096
  .globl probe_target
probe_target:
  li a0, 0x42
  ret
  .balign 4096

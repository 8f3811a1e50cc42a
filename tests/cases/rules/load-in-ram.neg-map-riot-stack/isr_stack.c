/* RIOT's interrupt stack (cpu/cortexm_common/vectors_cortexm.c): an array
 * without an initialiser in a named section, which GCC emits as PROGBITS
 * full of zeros, placed in a NOLOAD section of RIOT's 'ram (w!rx)'. */
__attribute__((used, section(".isr_stack"))) unsigned char isr_stack[512];

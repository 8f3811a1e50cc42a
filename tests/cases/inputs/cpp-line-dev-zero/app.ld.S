#line 1 "/dev/zero"
MEMORY { RAM : ORIGIN = 0, LENGTH = 1K
